//! A condition variable for lockorder's std [`Mutex`](super::Mutex).
//!
//! A wait releases the mutex and takes it again when woken, so for lockorder
//! it is a release followed by an acquisition: the hold before the wait ends
//! there (and is reported as `lock_released`), and every wake-up is a new
//! acquisition, checked against the locks the thread still holds. Waiting
//! on a condition variable with another lock `B` held therefore learns the
//! edge `B → mutex`: if the notifier takes the mutex and then needs `B`,
//! the two threads deadlock, and the order check reports it.

use super::std_sync::{MutexGuard, rejoin, split};
use core::panic::Location;
use std::fmt;
use std::sync::LockResult;
use std::time::{Duration, Instant};

/// A `std::sync::Condvar` that works with lockorder's [`Mutex`](super::Mutex)
/// guards: each wait ends the hold and each wake-up re-takes the mutex,
/// checked and timed like a `lock()`.
///
/// ```
/// use lockorder_runtime::{Condvar, Mutex};
/// use std::sync::Arc;
///
/// let pair = Arc::new((Mutex::named("doc_condvar::Ready", false), Condvar::new()));
/// let other = Arc::clone(&pair);
/// std::thread::spawn(move || {
///     let (ready, cv) = &*other;
///     *ready.lock().unwrap() = true;
///     cv.notify_one();
/// });
/// let (ready, cv) = &*pair;
/// let guard = cv.wait_while(ready.lock().unwrap(), |ready| !*ready).unwrap();
/// assert!(*guard);
/// ```
#[derive(Default)]
pub struct Condvar {
    inner: std::sync::Condvar,
}

/// Whether a timed wait returned because its time ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitTimeoutResult(pub(crate) bool);

impl WaitTimeoutResult {
    /// `true` when the wait ended because the timeout elapsed.
    pub fn timed_out(&self) -> bool {
        self.0
    }
}

impl Condvar {
    /// A new condition variable.
    pub const fn new() -> Self {
        Condvar {
            inner: std::sync::Condvar::new(),
        }
    }

    /// Releases the mutex of `guard`, blocks until notified, and takes the
    /// mutex again (checked against the locks still held; the new hold is
    /// timed from the wake-up). Spurious wake-ups happen, as with std.
    #[track_caller]
    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let (guard, poisoned) = self.wait_at(guard, Location::caller());
        rejoin(guard, poisoned)
    }

    /// Waits while `condition` holds; each wake-up is a new acquisition.
    #[track_caller]
    pub fn wait_while<'a, T, F>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: F,
    ) -> LockResult<MutexGuard<'a, T>>
    where
        F: FnMut(&mut T) -> bool,
    {
        let site = Location::caller();
        while condition(&mut *guard) {
            let (g, poisoned) = self.wait_at(guard, site);
            if poisoned {
                return rejoin(g, true);
            }
            guard = g;
        }
        Ok(guard)
    }

    /// [`wait`](Self::wait) for at most `dur`.
    #[track_caller]
    pub fn wait_timeout<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        dur: Duration,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        self.wait_timeout_at(guard, dur, Location::caller())
    }

    /// [`wait_while`](Self::wait_while) for at most `dur` in all.
    #[track_caller]
    pub fn wait_timeout_while<'a, T, F>(
        &self,
        mut guard: MutexGuard<'a, T>,
        dur: Duration,
        mut condition: F,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)>
    where
        F: FnMut(&mut T) -> bool,
    {
        let site = Location::caller();
        let start = Instant::now();
        loop {
            if !condition(&mut *guard) {
                return Ok((guard, WaitTimeoutResult(false)));
            }
            let Some(left) = dur.checked_sub(start.elapsed()) else {
                return Ok((guard, WaitTimeoutResult(true)));
            };
            guard = self.wait_timeout_at(guard, left, site)?.0;
        }
    }

    /// Wakes one waiting thread.
    pub fn notify_one(&self) {
        self.inner.notify_one();
    }

    /// Wakes every waiting thread.
    pub fn notify_all(&self) {
        self.inner.notify_all();
    }

    /// One wait at `site`: the guard after it, and whether the mutex was
    /// poisoned.
    fn wait_at<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        site: &'static Location<'static>,
    ) -> (MutexGuard<'a, T>, bool) {
        let (guard, (), poisoned) = self.around(guard, site, |g| {
            let (g, poisoned) = split(self.inner.wait(g));
            (g, (), poisoned)
        });
        (guard, poisoned)
    }

    fn wait_timeout_at<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        dur: Duration,
        site: &'static Location<'static>,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        let (guard, result, poisoned) = self.around(guard, site, |g| {
            let ((g, r), poisoned) = split(self.inner.wait_timeout(g, dur));
            (g, WaitTimeoutResult(r.timed_out()), poisoned)
        });
        rejoin((guard, result), poisoned)
    }

    /// Ends the hold of `guard`, records the re-acquisition at `site`, runs
    /// the std wait on the wrapped guard, and starts the new hold's clock.
    fn around<'a, T, R>(
        &self,
        guard: MutexGuard<'a, T>,
        site: &'static Location<'static>,
        wait: impl FnOnce(std::sync::MutexGuard<'a, T>) -> (std::sync::MutexGuard<'a, T>, R, bool),
    ) -> (MutexGuard<'a, T>, R, bool) {
        let MutexGuard {
            inner,
            mut hold,
            lock,
        } = guard;
        hold.suspend(lock, site);
        let (inner, result, poisoned) = wait(inner);
        hold.resume();
        (MutexGuard { inner, hold, lock }, result, poisoned)
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condvar").finish_non_exhaustive()
    }
}
