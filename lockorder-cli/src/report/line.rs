//! One log line, classified: a `lock_released` event, a deadlock, an
//! integrity error, another JSON event, or text.
//!
//! JSON lines are read with a borrowed, typed `serde_json` deserialize of
//! just the schema's fields (no `serde_json::Value` per line); unknown keys
//! are skipped. Accepted shapes:
//!
//! * flat: `{"event":"lock_released","pipeline":…,"duration_ms":187.3}`
//! * `tracing-subscriber` JSON: `{"timestamp":…,"level":…,"fields":{"message":"lock_released",…},"target":"lockorder"}`;
//!   the event name is `event`, else `fields.event`, else `fields.message`,
//!   else `message`; each schema field is taken from `fields` when present
//!   there, else from the top level; the release time is `lock_released_at`,
//!   else the line's `timestamp` (when the subscriber wrote the line, which
//!   for a `lock_released` event is the release).
//! * a text prefix followed by a JSON object (`2026-… INFO app: {"event":…}`).
//!
//! Other lines count deadlocks (`deadlock detected`, PostgreSQL's error
//! text) and integrity errors (`IntegrityError`) by substring.

use super::flat_json;
use super::timestamp::{self, Nanos};
use lockorder_runtime::event::{
    DEADLOCK_DETECTED, DOUBLE_LOCK, EXCLUDES_HELD, INTEGRITY_ERROR, LOCK_ORDER_VIOLATION,
    LOCK_RELEASED, REQUIRES_NOT_HELD,
};
use memchr::memmem::Finder;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

/// Event names lockorder knows (its own and the ones the report counts).
pub const KNOWN_EVENTS: [&str; 7] = [
    LOCK_RELEASED,
    LOCK_ORDER_VIOLATION,
    DOUBLE_LOCK,
    REQUIRES_NOT_HELD,
    EXCLUDES_HELD,
    DEADLOCK_DETECTED,
    INTEGRITY_ERROR,
];

/// A JSON value as far as the schema cares.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Scalar<'a> {
    /// The key is absent.
    #[default]
    Missing,
    /// `null`.
    Null,
    /// A string (borrowed from the line unless it had escapes).
    Str(Cow<'a, str>),
    /// A number.
    Num(f64),
    /// `true` / `false`.
    Bool(bool),
    /// An object or an array.
    Composite,
}

impl<'a> Scalar<'a> {
    fn or(self, other: Scalar<'a>) -> Scalar<'a> {
        if self == Scalar::Missing { other } else { self }
    }
    fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The JSON type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Scalar::Missing => "missing",
            Scalar::Null => "null",
            Scalar::Str(_) => "string",
            Scalar::Num(_) => "number",
            Scalar::Bool(_) => "boolean",
            Scalar::Composite => "object or array",
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar::Num(v as f64))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Composite)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Composite)
            }
        }
        d.deserialize_any(V)
    }
}

/// The schema's fields as they appear in `tracing-subscriber`'s `fields` object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFields<'a> {
    #[serde(borrow)]
    event: Scalar<'a>,
    #[serde(borrow)]
    message: Scalar<'a>,
    #[serde(borrow)]
    pipeline: Scalar<'a>,
    #[serde(borrow)]
    entity_type: Scalar<'a>,
    #[serde(borrow)]
    entity_id: Scalar<'a>,
    #[serde(borrow)]
    caller: Scalar<'a>,
    #[serde(borrow)]
    lock_released_at: Scalar<'a>,
    #[serde(borrow)]
    duration_ms: Scalar<'a>,
    #[serde(borrow)]
    timestamp: Scalar<'a>,
}

/// A JSON line: the schema's fields at the top level, and `fields`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawLine<'a> {
    #[serde(borrow)]
    event: Scalar<'a>,
    #[serde(borrow)]
    message: Scalar<'a>,
    #[serde(borrow)]
    pipeline: Scalar<'a>,
    #[serde(borrow)]
    entity_type: Scalar<'a>,
    #[serde(borrow)]
    entity_id: Scalar<'a>,
    #[serde(borrow)]
    caller: Scalar<'a>,
    #[serde(borrow)]
    lock_released_at: Scalar<'a>,
    #[serde(borrow)]
    duration_ms: Scalar<'a>,
    #[serde(borrow)]
    timestamp: Scalar<'a>,
    #[serde(borrow)]
    fields: Option<RawFields<'a>>,
}

impl<'a> From<flat_json::Flat<'a>> for RawLine<'a> {
    fn from(flat: flat_json::Flat<'a>) -> Self {
        let [
            event,
            message,
            pipeline,
            entity_type,
            entity_id,
            caller,
            lock_released_at,
            duration_ms,
            timestamp,
        ] = flat.values;
        RawLine {
            event,
            message,
            pipeline,
            entity_type,
            entity_id,
            caller,
            lock_released_at,
            duration_ms,
            timestamp,
            fields: None,
        }
    }
}

/// A usable `lock_released` event.
#[derive(Debug, Clone, PartialEq)]
pub struct Lock<'a> {
    /// `pipeline`.
    pub pipeline: Cow<'a, str>,
    /// `entity_type`.
    pub entity_type: Cow<'a, str>,
    /// `caller`.
    pub caller: Cow<'a, str>,
    /// The release time.
    pub at: Nanos,
    /// `duration_ms`.
    pub duration_ms: f64,
}

/// A schema problem of one `lock_released` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    /// A required field is absent.
    Missing(&'static str),
    /// A field has the wrong JSON type.
    Mistyped(&'static str),
    /// A string field is empty.
    Empty(&'static str),
    /// The release time does not parse.
    BadTimestamp,
    /// `duration_ms` is negative.
    NegativeDuration,
}

impl Problem {
    /// Whether the event cannot be used by `report` because of this problem.
    pub fn blocks_report(self) -> bool {
        !matches!(
            self,
            Problem::Missing("entity_id") | Problem::Mistyped("entity_id")
        )
    }
}

/// What one line is.
#[derive(Debug, Clone, PartialEq)]
pub enum Line<'a> {
    /// Blank.
    Empty,
    /// A `lock_released` event: usable (`lock` is `Some`) unless a problem
    /// blocks it; `problems` lists every schema problem.
    LockReleased {
        /// The event, when usable.
        lock: Option<Lock<'a>>,
        /// Schema problems.
        problems: Vec<Problem>,
    },
    /// A deadlock (`deadlock_detected` event or `deadlock detected` text).
    Deadlock {
        /// When, if the line says.
        at: Option<Nanos>,
    },
    /// An integrity error (`integrity_error` event or `IntegrityError` text).
    IntegrityError {
        /// When, if the line says.
        at: Option<Nanos>,
    },
    /// Another JSON object; `name` is its event name if it has one.
    OtherEvent {
        /// The event name (`event`, `fields.event`, `fields.message`, `message`).
        name: Option<Cow<'a, str>>,
    },
    /// A JSON object, as far as `report`'s prefilter looked (not parsed).
    OtherJsonUnchecked,
    /// A plain text line.
    Text,
    /// A line that starts like JSON but does not parse (truncated, bad
    /// syntax, invalid UTF-8 inside).
    InvalidJson {
        /// The bytes are not valid UTF-8.
        invalid_utf8: bool,
    },
    /// A text line that mentions `lock_released` without a JSON object.
    LockReleasedNotJson,
}

/// Whether `name` is one of [`KNOWN_EVENTS`].
pub(super) fn is_known_event(name: &[u8]) -> bool {
    KNOWN_EVENTS.iter().any(|k| k.as_bytes() == name)
}

struct Patterns {
    lock: Finder<'static>,
    deadlock_text: Finder<'static>,
    deadlock_event: Finder<'static>,
    integrity_text: Finder<'static>,
    integrity_event: Finder<'static>,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    lock: Finder::new(LOCK_RELEASED),
    deadlock_text: Finder::new("deadlock detected"),
    deadlock_event: Finder::new(DEADLOCK_DETECTED),
    integrity_text: Finder::new("IntegrityError"),
    integrity_event: Finder::new(INTEGRITY_ERROR),
});

/// `line` without leading and trailing ASCII whitespace.
pub(super) fn trim(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., last] = line {
        if last.is_ascii_whitespace() {
            line = rest;
        } else {
            break;
        }
    }
    while let [first, rest @ ..] = line {
        if first.is_ascii_whitespace() {
            line = rest;
        } else {
            break;
        }
    }
    line
}

/// Classifies one line (without its newline). With `full`, every JSON-looking
/// line is parsed (for `validate`); without, lines that mention none of the
/// counted events are not parsed (for `report`).
pub fn classify(line: &[u8], full: bool) -> Line<'_> {
    let line = trim(line);
    let Some(&first) = line.first() else {
        return Line::Empty;
    };
    let p = &*PATTERNS;
    let mentions = |f: &Finder<'_>| f.find(line).is_some();
    if !full
        && !mentions(&p.lock)
        && !mentions(&p.deadlock_text)
        && !mentions(&p.deadlock_event)
        && !mentions(&p.integrity_text)
        && !mentions(&p.integrity_event)
    {
        return if first == b'{' {
            Line::OtherJsonUnchecked
        } else {
            Line::Text
        };
    }
    if first == b'{' {
        if let Some(flat) = flat_json::parse(line) {
            return interpret(RawLine::from(flat), line);
        }
        return match serde_json::from_slice::<RawLine<'_>>(line) {
            Ok(raw) => interpret(raw, line),
            Err(_) => Line::InvalidJson {
                invalid_utf8: std::str::from_utf8(line).is_err(),
            },
        };
    }
    // A text prefix and then a JSON object?
    if line.last() == Some(&b'}')
        && let Some(brace) = memchr::memchr(b'{', line)
        && let Ok(raw) = serde_json::from_slice::<RawLine<'_>>(&line[brace..])
    {
        return interpret(raw, line);
    }
    text_line(line)
}

fn text_line(line: &[u8]) -> Line<'_> {
    let p = &*PATTERNS;
    if p.deadlock_text.find(line).is_some() || p.deadlock_event.find(line).is_some() {
        Line::Deadlock {
            at: leading_time(line),
        }
    } else if p.integrity_text.find(line).is_some() || p.integrity_event.find(line).is_some() {
        Line::IntegrityError {
            at: leading_time(line),
        }
    } else if p.lock.find(line).is_some() {
        Line::LockReleasedNotJson
    } else {
        Line::Text
    }
}

/// The timestamp a text line starts with (`2026-02-24 10:15:32,456 ERROR …`,
/// PostgreSQL's `2026-02-24 10:15:32.456 UTC [42] ERROR: …`).
fn leading_time(line: &[u8]) -> Option<Nanos> {
    let start = line.iter().position(u8::is_ascii_digit)?;
    if start > 2 {
        return None;
    }
    timestamp::parse_prefix(&line[start..]).map(|(t, _)| t)
}

fn interpret<'a>(raw: RawLine<'a>, line: &'a [u8]) -> Line<'a> {
    let fields = raw.fields.unwrap_or_default();
    let name: Option<&'static str> = [&raw.event, &fields.event, &fields.message, &raw.message]
        .into_iter()
        .find_map(|s| {
            let n = s.as_str()?;
            KNOWN_EVENTS.iter().find(|k| **k == n).copied()
        });
    let time_field = fields
        .lock_released_at
        .clone()
        .or(raw.lock_released_at.clone());
    let time_field = time_field
        .or(raw.timestamp.clone())
        .or(fields.timestamp.clone());
    match name {
        Some(LOCK_RELEASED) => lock_released(
            [
                ("pipeline", fields.pipeline.or(raw.pipeline)),
                ("entity_type", fields.entity_type.or(raw.entity_type)),
                ("caller", fields.caller.or(raw.caller)),
            ],
            fields.entity_id.or(raw.entity_id),
            time_field,
            fields.duration_ms.or(raw.duration_ms),
        ),
        Some(DEADLOCK_DETECTED) => Line::Deadlock {
            at: event_time(&time_field),
        },
        Some(INTEGRITY_ERROR) => Line::IntegrityError {
            at: event_time(&time_field),
        },
        Some(other) => Line::OtherEvent {
            name: Some(Cow::Borrowed(other)),
        },
        None => {
            // An unknown JSON event: it may still carry the error text
            // (a structured log of an exception).
            match text_line(line) {
                l @ (Line::Deadlock { .. } | Line::IntegrityError { .. }) => match l {
                    Line::Deadlock { .. } => Line::Deadlock {
                        at: event_time(&time_field),
                    },
                    _ => Line::IntegrityError {
                        at: event_time(&time_field),
                    },
                },
                _ => Line::OtherEvent {
                    name: [&raw.event, &fields.event, &fields.message, &raw.message]
                        .into_iter()
                        .find_map(|s| s.as_str().map(|n| Cow::Owned(n.to_owned()))),
                },
            }
        }
    }
}

fn event_time(field: &Scalar<'_>) -> Option<Nanos> {
    field.as_str().and_then(|s| timestamp::parse(s.as_bytes()))
}

fn lock_released<'a>(
    strings: [(&'static str, Scalar<'a>); 3],
    entity_id: Scalar<'a>,
    time_field: Scalar<'a>,
    duration: Scalar<'a>,
) -> Line<'a> {
    let mut problems = Vec::new();
    let [pipeline, entity_type, caller] = strings.map(|(name, value)| match value {
        Scalar::Str(s) if s.is_empty() => {
            problems.push(Problem::Empty(name));
            None
        }
        Scalar::Str(s) => Some(s),
        Scalar::Missing => {
            problems.push(Problem::Missing(name));
            None
        }
        _ => {
            problems.push(Problem::Mistyped(name));
            None
        }
    });
    match entity_id {
        Scalar::Str(_) | Scalar::Num(_) | Scalar::Null => {}
        Scalar::Missing => problems.push(Problem::Missing("entity_id")),
        _ => problems.push(Problem::Mistyped("entity_id")),
    }
    let at = match &time_field {
        Scalar::Str(s) => {
            let t = timestamp::parse(s.as_bytes());
            if t.is_none() {
                problems.push(Problem::BadTimestamp);
            }
            t
        }
        Scalar::Missing => {
            problems.push(Problem::Missing("lock_released_at"));
            None
        }
        _ => {
            problems.push(Problem::Mistyped("lock_released_at"));
            None
        }
    };
    let duration_ms = match duration {
        Scalar::Num(d) if d < 0.0 => {
            problems.push(Problem::NegativeDuration);
            None
        }
        Scalar::Num(d) => Some(d),
        Scalar::Missing => {
            problems.push(Problem::Missing("duration_ms"));
            None
        }
        _ => {
            problems.push(Problem::Mistyped("duration_ms"));
            None
        }
    };
    let lock = match (pipeline, entity_type, caller, at, duration_ms) {
        (Some(pipeline), Some(entity_type), Some(caller), Some(at), Some(duration_ms))
            if !problems.iter().any(|p| p.blocks_report()) =>
        {
            Some(Lock {
                pipeline,
                entity_type,
                caller,
                at,
                duration_ms,
            })
        }
        _ => None,
    };
    Line::LockReleased { lock, problems }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED: &str = r#"{"event":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":null,"caller":"distribute_rewards_for_user.skill_writeback","lock_released_at":"2026-02-24T10:15:32.456Z","duration_ms":187.3}"#;

    fn lock(line: &str) -> Lock<'_> {
        match classify(line.as_bytes(), false) {
            Line::LockReleased {
                lock: Some(l),
                problems,
            } if problems.is_empty() => l,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn seed_line() {
        let l = lock(SEED);
        assert_eq!(
            (&*l.pipeline, &*l.entity_type, l.duration_ms),
            ("skill", "UserLicense", 187.3)
        );
        assert_eq!(timestamp::format(l.at), "2026-02-24T10:15:32.456Z");
    }

    /// What lockorder-runtime writes is what the report reads: the
    /// schema's types, serialized by the runtime, round-trip.
    #[test]
    fn reads_the_runtime_schema() {
        use lockorder_runtime::{EntityId, LockReleased};
        for entity_id in [
            EntityId::Null,
            EntityId::Int(7),
            EntityId::Str("u-1".into()),
        ] {
            let ev = LockReleased {
                event: LOCK_RELEASED.into(),
                pipeline: "reward".into(),
                entity_type: "Semester".into(),
                entity_id,
                caller: "TournamentFinalizer.finalize".into(),
                lock_released_at: "2026-02-24T10:15:32.456Z".into(),
                duration_ms: 512.25,
            };
            let line = serde_json::to_string(&ev).unwrap();
            let l = lock(&line);
            assert_eq!(
                (&*l.pipeline, &*l.entity_type, &*l.caller, l.duration_ms),
                ("reward", "Semester", "TournamentFinalizer.finalize", 512.25)
            );
            assert_eq!(timestamp::format(l.at), ev.lock_released_at);
        }
    }

    #[test]
    fn nested_tracing_line_takes_fields_and_falls_back_to_timestamp() {
        let l = lock(
            r#"{"timestamp":"2026-02-24T10:15:32.456789Z","level":"INFO","fields":{"message":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":3,"caller":"c","duration_ms":5},"target":"lockorder"}"#,
        );
        assert_eq!(l.duration_ms, 5.0);
        assert_eq!(timestamp::format(l.at), "2026-02-24T10:15:32.456Z");
        // fields.event wins over a free-text fields.message.
        let l = lock(
            r#"{"fields":{"event":"lock_released","message":"lock released","pipeline":"p","entity_type":"E","entity_id":"x","caller":"c","lock_released_at":"2026-02-24T00:00:00Z","duration_ms":1.5}}"#,
        );
        assert_eq!(&*l.caller, "c");
    }

    #[test]
    fn escaped_strings_use_the_full_parser() {
        let line = SEED.replace("skill_writeback", r"skill\u005fwriteback");
        let l = lock(&line);
        assert_eq!(&*l.caller, "distribute_rewards_for_user.skill_writeback");
    }

    #[test]
    fn problems_are_named() {
        let cases = [
            (
                SEED.replace(r#""duration_ms":187.3"#, r#""duration_ms":"187.3""#),
                Problem::Mistyped("duration_ms"),
            ),
            (
                SEED.replace(r#""pipeline":"skill","#, ""),
                Problem::Missing("pipeline"),
            ),
            (
                SEED.replace("2026-02-24T10", "2026-02-34T10"),
                Problem::BadTimestamp,
            ),
            (SEED.replace("187.3", "-1"), Problem::NegativeDuration),
            (
                SEED.replace(r#""skill""#, r#""""#),
                Problem::Empty("pipeline"),
            ),
            (
                SEED.replace(r#""entity_id":null,"#, ""),
                Problem::Missing("entity_id"),
            ),
        ];
        for (line, expected) in cases {
            match classify(line.as_bytes(), true) {
                Line::LockReleased { lock, problems } => {
                    assert_eq!(problems, vec![expected], "{line}");
                    // Only an entity_id problem leaves the event usable.
                    assert_eq!(lock.is_some(), !expected.blocks_report(), "{line}");
                }
                other => panic!("{line}: {other:?}"),
            }
        }
    }

    #[test]
    fn other_shapes() {
        let truncated = &SEED[..80];
        assert_eq!(
            classify(truncated.as_bytes(), false),
            Line::InvalidJson {
                invalid_utf8: false
            }
        );
        assert_eq!(classify(b"", false), Line::Empty);
        assert_eq!(classify(b"GET / 200", false), Line::Text);
        assert_eq!(
            classify(br#"{"event":"http"}"#, false),
            Line::OtherJsonUnchecked
        );
        assert_eq!(
            classify(br#"{"event":"http"}"#, true),
            Line::OtherEvent {
                name: Some("http".into())
            }
        );
        assert!(matches!(
            classify(
                b"2026-02-22 08:00:04.123 UTC [1] ERROR:  deadlock detected",
                false
            ),
            Line::Deadlock { at: Some(_) }
        ));
        assert!(matches!(
            classify(b"sqlalchemy.exc.IntegrityError: duplicate key", false),
            Line::IntegrityError { at: None }
        ));
        assert!(matches!(
            classify(br#"{"event":"app_error","exc":"psycopg2.errors.DeadlockDetected: deadlock detected"}"#, false),
            Line::Deadlock { .. }
        ));
        assert_eq!(
            classify(b"INFO lock_released pipeline=skill", false),
            Line::LockReleasedNotJson
        );
        let prefixed = format!("2026-02-24 10:15:32,456 INFO app.utils.lock_logger: {SEED}");
        assert_eq!(lock(&prefixed).duration_ms, 187.3);
        let mut bad = SEED.as_bytes().to_vec();
        bad[30] = 0xff;
        assert_eq!(
            classify(&bad, false),
            Line::InvalidJson { invalid_utf8: true }
        );
    }

    fn json_value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            (-1.0e6f64..1.0e6).prop_map(|v| format!("{v:.3}")),
            (-100000i64..100000).prop_map(|v| v.to_string()),
            "[a-zA-Z0-9_ .:-]{0,12}".prop_map(|s| format!("\"{s}\"")),
            Just("\"2026-02-24T10:15:32.456Z\"".to_owned()),
            Just("\"lock_released\"".to_owned()),
            Just("\"a\\\"b\"".to_owned()),
            Just("\"é\"".to_owned()),
            Just("{\"x\":1}".to_owned()),
            Just("[1,2]".to_owned()),
            Just("01".to_owned()),
            Just("1.".to_owned()),
            Just("1e5".to_owned()),
            Just("-0".to_owned()),
        ]
    }

    proptest! {
        /// The fast path and the full parser agree on every line the fast
        /// path accepts, and every line it declines is still classified.
        #[test]
        fn fast_path_agrees_with_serde(
            fields in proptest::collection::vec(
                (prop_oneof![
                    Just("event"), Just("message"), Just("pipeline"), Just("entity_type"),
                    Just("entity_id"), Just("caller"), Just("lock_released_at"),
                    Just("duration_ms"), Just("timestamp"), Just("other"), Just("fields")
                ], json_value()),
                0..10),
            spaces in any::<bool>(),
        ) {
            let sep = if spaces { ", " } else { "," };
            let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            let line = format!("{{{}}}", body.join(sep));
            let serde: Result<RawLine<'_>, _> = serde_json::from_slice(line.as_bytes());
            if let Some(flat) = flat_json::parse(line.as_bytes()) {
                let serde = serde.expect("fast path accepted what serde rejects");
                prop_assert_eq!(
                    interpret(RawLine::from(flat), line.as_bytes()),
                    interpret(serde, line.as_bytes())
                );
            }
        }
    }
}
