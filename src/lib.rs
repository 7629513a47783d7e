//! # lockorder
//!
//! Find lock-ordering bugs before deploy and measure how long locks are held
//! in production. This facade re-exports the run-time guards
//! ([`lockorder_runtime`]) and the annotation macros (`lockorder-macros`), so
//! one dependency gives you both:
//!
//! ```
//! use lockorder::LockClass;
//!
//! lockorder::hierarchy! { pub Semester > UserLicense > TournamentParticipation; }
//!
//! // Timed, logged as `lock_released`, order-checked at run time; an
//! // out-of-order list here would not compile.
//! #[lockorder::acquires(Semester, UserLicense, pipeline = "reward",
//!                       caller = "TournamentFinalizer.finalize")]
//! fn finalize() {}
//!
//! finalize();
//! assert!(lockorder::check::held_classes().is_empty());
//!
//! // A row lock the process does not own (`SELECT … FOR UPDATE`).
//! let row = lockorder::scope(Semester::class()).pipeline("reward").entity_id(42).enter();
//! row.commit();
//! ```
#![deny(missing_docs)]

pub use lockorder_macros::*;
pub use lockorder_runtime::*;
