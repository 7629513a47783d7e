//! The `lock_released` event schema (seed §2), field for field.
//!
//! ```json
//! {"event":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":null,
//!  "caller":"distribute_rewards_for_user.skill_writeback",
//!  "lock_released_at":"2026-02-24T10:15:32.456Z","duration_ms":187.3}
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// The `event` value of a released lock.
pub const LOCK_RELEASED: &str = "lock_released";
/// The `event` value of a run-time order violation.
pub const LOCK_ORDER_VIOLATION: &str = "lock_order_violation";
/// The `event` value of a run-time double lock.
pub const DOUBLE_LOCK: &str = "double_lock";
/// The `event` value of a `#[requires(C)]` function called without `C`.
pub const REQUIRES_NOT_HELD: &str = "requires_not_held";
/// The `event` value of an `#[excludes(C)]` function called holding `C`.
pub const EXCLUDES_HELD: &str = "excludes_held";
/// The `event` value of a detected deadlock (counted by `lockorder report`).
pub const DEADLOCK_DETECTED: &str = "deadlock_detected";
/// The `event` value of an integrity error (counted by `lockorder report`).
pub const INTEGRITY_ERROR: &str = "integrity_error";
/// The `tracing` target every lockorder event uses.
pub const TARGET: &str = "lockorder";

/// The id of a locked entity: a string, a number, or none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(untagged)]
pub enum EntityId {
    /// No id (`null`): the lock is on the class as a whole, or unknown.
    #[default]
    Null,
    /// An integer id (`42`).
    Int(i64),
    /// A floating-point id, kept as JSON gives it.
    Float(f64),
    /// A string id (`"abc"`).
    Str(String),
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntityId::Null => f.write_str("null"),
            EntityId::Int(i) => write!(f, "{i}"),
            EntityId::Float(x) => write!(f, "{x}"),
            EntityId::Str(s) => f.write_str(s),
        }
    }
}

macro_rules! entity_id_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for EntityId {
            fn from(v: $t) -> Self { EntityId::Int(v as i64) }
        }
    )*};
}
entity_id_from_int!(i8, i16, i32, i64, u8, u16, u32, isize);

impl From<u64> for EntityId {
    fn from(v: u64) -> Self {
        i64::try_from(v).map_or_else(|_| EntityId::Str(v.to_string()), EntityId::Int)
    }
}
impl From<usize> for EntityId {
    fn from(v: usize) -> Self {
        EntityId::from(v as u64)
    }
}
impl From<&str> for EntityId {
    fn from(v: &str) -> Self {
        EntityId::Str(v.to_owned())
    }
}
impl From<String> for EntityId {
    fn from(v: String) -> Self {
        EntityId::Str(v)
    }
}
impl<T: Into<EntityId>> From<Option<T>> for EntityId {
    fn from(v: Option<T>) -> Self {
        v.map_or(EntityId::Null, Into::into)
    }
}

/// One `lock_released` event, exactly the seed's fields in the seed's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockReleased {
    /// Always `"lock_released"`.
    pub event: String,
    /// The pipeline the lock belongs to (`skill`, `reward`, …).
    pub pipeline: String,
    /// The lock class (`UserLicense`).
    pub entity_type: String,
    /// The locked instance, or null.
    pub entity_id: EntityId,
    /// Who held it (`distribute_rewards_for_user.skill_writeback`).
    pub caller: String,
    /// When it was released: RFC 3339 UTC with milliseconds.
    pub lock_released_at: String,
    /// How long it was held, in milliseconds.
    pub duration_ms: f64,
}

/// Formats a time as RFC 3339 UTC with exactly three fractional digits
/// (`2026-02-24T10:15:32.456Z`).
pub fn format_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_in_seed_field_order() {
        let ev = LockReleased {
            event: LOCK_RELEASED.into(),
            pipeline: "skill".into(),
            entity_type: "UserLicense".into(),
            entity_id: EntityId::Null,
            caller: "distribute_rewards_for_user.skill_writeback".into(),
            lock_released_at: "2026-02-24T10:15:32.456Z".into(),
            duration_ms: 187.3,
        };
        assert_eq!(
            serde_json::to_string(&ev).unwrap(),
            r#"{"event":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":null,"caller":"distribute_rewards_for_user.skill_writeback","lock_released_at":"2026-02-24T10:15:32.456Z","duration_ms":187.3}"#
        );
    }

    #[test]
    fn timestamp_has_milliseconds_and_z() {
        let t = time::macros::datetime!(2026-02-24 10:15:32.456789 UTC);
        assert_eq!(format_timestamp(t), "2026-02-24T10:15:32.456Z");
    }

    #[test]
    fn entity_ids_convert() {
        assert_eq!(EntityId::from(42u32), EntityId::Int(42));
        assert_eq!(EntityId::from(None::<i64>), EntityId::Null);
        assert_eq!(EntityId::from("a"), EntityId::Str("a".into()));
    }
}
