//! # lockorder
//!
//! Find lock-ordering bugs before deploy and measure how long locks are held
//! in production. This facade re-exports the run-time guards
//! ([`lockorder_runtime`]) and the annotation macros (`lockorder-macros`), so
//! one dependency gives you both:
//!
//! ```ignore
//! lockorder::hierarchy! { pub Semester > UserLicense > TournamentParticipation; }
//! ```
#![deny(missing_docs)]

pub use lockorder_macros::*;
pub use lockorder_runtime::*;
