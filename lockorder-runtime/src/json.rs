//! A `tracing-subscriber` layer that writes lockorder's events as flat JSON
//! lines: `lock_released` exactly in the seed's schema, field for field,
//!
//! ```json
//! {"event":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":null,"caller":"distribute_rewards_for_user.skill_writeback","lock_released_at":"2026-02-24T10:15:32.456Z","duration_ms":187.3}
//! ```
//!
//! and `lock_order_violation` / `double_lock` / `requires_not_held` /
//! `excludes_held` as flat objects of their fields. Events of other targets are ignored, so the layer can sit beside
//! any other formatter:
//!
//! ```no_run
//! use tracing_subscriber::prelude::*;
//! tracing_subscriber::registry()
//!     .with(lockorder_runtime::JsonLayer::new(std::io::stdout))
//!     .init();
//! ```

use crate::event::{EntityId, LOCK_RELEASED, LockReleased, TARGET};
use serde_json::{Map, Value};
use std::fmt;
use std::io::Write;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, Layer};

/// Writes lockorder events as flat JSON lines to a [`MakeWriter`].
#[derive(Debug)]
pub struct JsonLayer<W> {
    make_writer: W,
}

impl<W> JsonLayer<W>
where
    W: for<'w> MakeWriter<'w> + 'static,
{
    /// A layer writing to `make_writer` (`std::io::stdout`, a file, a test
    /// buffer).
    pub fn new(make_writer: W) -> Self {
        JsonLayer { make_writer }
    }
}

/// The fields of one event, in recording order.
#[derive(Debug, Default)]
struct Fields(Vec<(&'static str, Value)>);

impl Visit for Fields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.push((
            field.name(),
            serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number),
        ));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), Value::from(value)));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .push((field.name(), Value::from(format!("{value:?}"))));
    }
}

impl Fields {
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    fn string(&self, name: &str) -> String {
        match self.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        }
    }
}

/// The seed's `lock_released` record for an event's fields, when it is one.
fn lock_released(f: &Fields) -> Option<LockReleased> {
    if f.get("event")?.as_str()? != LOCK_RELEASED {
        return None;
    }
    let entity_id = match f.get("entity_id") {
        None | Some(Value::Null) => EntityId::Null,
        Some(Value::String(s)) => EntityId::Str(s.clone()),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(EntityId::Int)
            .or_else(|| n.as_f64().map(EntityId::Float))
            .unwrap_or(EntityId::Null),
        Some(v) => EntityId::Str(v.to_string()),
    };
    Some(LockReleased {
        event: LOCK_RELEASED.to_owned(),
        pipeline: f.string("pipeline"),
        entity_type: f.string("entity_type"),
        entity_id,
        caller: f.string("caller"),
        lock_released_at: f.string("lock_released_at"),
        duration_ms: f.get("duration_ms").and_then(Value::as_f64).unwrap_or(0.0),
    })
}

/// Serializes one event's fields as a flat JSON line (without newline).
fn line(f: Fields) -> String {
    if let Some(rec) = lock_released(&f) {
        return serde_json::to_string(&rec).unwrap_or_default();
    }
    let mut map = Map::new();
    let mut message = None;
    for (name, value) in f.0 {
        if name == "message" {
            message = Some(value);
        } else {
            map.insert(name.to_owned(), value);
        }
    }
    if let Some(m) = message {
        map.insert("message".to_owned(), m);
    }
    // `event` first, the rest as recorded (sorted when serde_json's map is).
    let event = map.remove("event").unwrap_or(Value::Null);
    let mut out = String::from("{\"event\":");
    out.push_str(&event.to_string());
    for (k, v) in map {
        out.push(',');
        out.push_str(&Value::from(k).to_string());
        out.push(':');
        out.push_str(&v.to_string());
    }
    out.push('}');
    out
}

impl<S, W> Layer<S> for JsonLayer<W>
where
    S: Subscriber,
    W: for<'w> MakeWriter<'w> + 'static,
{
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() != TARGET {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.get("event").is_none() {
            return;
        }
        let mut text = line(fields);
        text.push('\n');
        let _ = self.make_writer.make_writer().write_all(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_entity_id_is_null_and_order_is_the_seeds() {
        let f = Fields(vec![
            ("event", Value::from("lock_released")),
            ("pipeline", Value::from("skill")),
            ("entity_type", Value::from("UserLicense")),
            (
                "caller",
                Value::from("distribute_rewards_for_user.skill_writeback"),
            ),
            ("lock_released_at", Value::from("2026-02-24T10:15:32.456Z")),
            ("duration_ms", Value::from(187.3)),
        ]);
        assert_eq!(
            line(f),
            r#"{"event":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":null,"caller":"distribute_rewards_for_user.skill_writeback","lock_released_at":"2026-02-24T10:15:32.456Z","duration_ms":187.3}"#
        );
    }

    #[test]
    fn other_events_are_flat_with_event_first() {
        let f = Fields(vec![
            ("message", Value::from("boom")),
            ("event", Value::from("double_lock")),
            ("rule", Value::from("double-lock")),
        ]);
        assert_eq!(
            line(f),
            r#"{"event":"double_lock","message":"boom","rule":"double-lock"}"#
        );
    }
}
