//! Held sets that belong to a task, not a thread.
//!
//! An async task may be polled on a different worker thread after every
//! `.await`. [`instrument`] wraps a future so that, around each poll, the
//! task's own held set is swapped in as the thread's current one and swapped
//! back out afterwards: locks held across an `.await` stay with the task,
//! wherever it runs next.
//!
//! ```
//! # async fn work() {}
//! let fut = lockorder_runtime::instrument(async { work().await });
//! # drop(fut);
//! ```
//!
//! With the `tokio` feature, [`spawn`] is `tokio::spawn(instrument(fut))`.

use crate::held::{HeldEntry, swap_held};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// A future whose locks belong to itself (see [`instrument`]).
#[derive(Debug)]
#[must_use = "futures do nothing unless polled"]
pub struct InTask<F> {
    fut: F,
    held: Vec<HeldEntry>,
    /// Decided on the first poll: `Some(true)` when polled inside another
    /// `InTask` (part of the same task: share its held set).
    nested: Option<bool>,
}

/// Wraps `fut` so the locks it takes are tracked per task.
///
/// A wrapped future awaited inside another wrapped future is part of the
/// same task and shares its held set (so `#[acquires]` on nested `async fn`s
/// sees the caller's locks).
pub fn instrument<F: Future>(fut: F) -> InTask<F> {
    InTask {
        fut,
        held: Vec::new(),
        nested: None,
    }
}

/// Swaps the task's held set back out, even when the poll panics.
struct SwapBack<'a>(&'a mut Vec<HeldEntry>);

impl Drop for SwapBack<'_> {
    fn drop(&mut self) {
        swap_held(self.0, false);
    }
}

impl<F: Future> Future for InTask<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: `fut` is structurally pinned: it is never moved out of
        // `self` and `InTask` has no `Unpin` impl of its own beyond the
        // auto trait (which requires `F: Unpin`); `held` is not pinned.
        let this = unsafe { self.get_unchecked_mut() };
        let fut = unsafe { Pin::new_unchecked(&mut this.fut) };
        if *this.nested.get_or_insert_with(crate::held::in_task_context) {
            return fut.poll(cx);
        }
        swap_held(&mut this.held, true);
        let guard = SwapBack(&mut this.held);
        let out = fut.poll(cx);
        drop(guard);
        out
    }
}

/// Spawns `fut` on the current tokio runtime with its held set tracked per
/// task (`tokio::spawn(instrument(fut))`).
#[cfg(feature = "tokio")]
pub fn spawn<F>(fut: F) -> ::tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    ::tokio::spawn(instrument(fut))
}
