//! A condition variable for lockorder's parking_lot [`Mutex`](super::Mutex).
//!
//! As with the std [`Condvar`](crate::Condvar), a wait is a release and
//! every wake-up an acquisition: the hold before the wait is reported when
//! it starts, and the re-acquisition is checked against the locks the
//! thread still holds.

use super::MutexGuard;
use crate::sync::WaitTimeoutResult;
use core::panic::Location;
use std::fmt;
use std::time::{Duration, Instant};

/// A `parking_lot::Condvar` that works with lockorder's parking_lot
/// [`Mutex`](super::Mutex) guards: each wait ends the hold and each wake-up
/// re-takes the mutex, checked and timed like a `lock()`.
///
/// ```
/// use lockorder_runtime::parking_lot::{Condvar, Mutex};
///
/// let (queue, cv) = (Mutex::named("doc_pl_condvar::Queue", 0u32), Condvar::new());
/// std::thread::scope(|s| {
///     s.spawn(|| {
///         *queue.lock() += 1;
///         cv.notify_one();
///     });
///     let mut guard = queue.lock();
///     cv.wait_while(&mut guard, |n| *n == 0);
///     assert_eq!(*guard, 1);
/// });
/// ```
#[derive(Default)]
pub struct Condvar {
    inner: ::parking_lot::Condvar,
}

impl Condvar {
    /// A new condition variable.
    pub const fn new() -> Self {
        Condvar {
            inner: ::parking_lot::Condvar::new(),
        }
    }

    /// Releases the mutex of `guard`, blocks until notified, and takes the
    /// mutex again (checked against the locks still held; the new hold is
    /// timed from the wake-up).
    #[track_caller]
    pub fn wait<T: ?Sized>(&self, guard: &mut MutexGuard<'_, T>) {
        self.around(guard, Location::caller(), |g| self.inner.wait(g));
    }

    /// [`wait`](Self::wait) until `deadline` at the latest.
    #[track_caller]
    pub fn wait_until<T: ?Sized>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        deadline: Instant,
    ) -> WaitTimeoutResult {
        self.wait_until_at(guard, deadline, Location::caller())
    }

    /// [`wait`](Self::wait) for at most `timeout`.
    #[track_caller]
    pub fn wait_for<T: ?Sized>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        timeout: Duration,
    ) -> WaitTimeoutResult {
        let site = Location::caller();
        self.around(guard, site, |g| {
            WaitTimeoutResult(self.inner.wait_for(g, timeout).timed_out())
        })
    }

    /// Waits while `condition` holds; each wake-up is a new acquisition.
    #[track_caller]
    pub fn wait_while<T: ?Sized, F>(&self, guard: &mut MutexGuard<'_, T>, mut condition: F)
    where
        F: FnMut(&mut T) -> bool,
    {
        let site = Location::caller();
        while condition(&mut **guard) {
            self.around(guard, site, |g| self.inner.wait(g));
        }
    }

    /// [`wait_while`](Self::wait_while) until `deadline` at the latest;
    /// timed out when the last wait ran out of time.
    #[track_caller]
    pub fn wait_while_until<T: ?Sized, F>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        mut condition: F,
        deadline: Instant,
    ) -> WaitTimeoutResult
    where
        F: FnMut(&mut T) -> bool,
    {
        let site = Location::caller();
        let mut result = WaitTimeoutResult(false);
        while !result.timed_out() && condition(&mut **guard) {
            result = self.wait_until_at(guard, deadline, site);
        }
        result
    }

    /// [`wait_while`](Self::wait_while) for at most `timeout` in all.
    #[track_caller]
    pub fn wait_while_for<T: ?Sized, F>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        condition: F,
        timeout: Duration,
    ) -> WaitTimeoutResult
    where
        F: FnMut(&mut T) -> bool,
    {
        match Instant::now().checked_add(timeout) {
            Some(deadline) => self.wait_while_until(guard, condition, deadline),
            // Too far away to represent: no deadline.
            None => {
                self.wait_while(guard, condition);
                WaitTimeoutResult(false)
            }
        }
    }

    /// Wakes one waiting thread; `true` when one was woken.
    pub fn notify_one(&self) -> bool {
        self.inner.notify_one()
    }

    /// Wakes every waiting thread; returns how many were woken.
    pub fn notify_all(&self) -> usize {
        self.inner.notify_all()
    }

    fn wait_until_at<T: ?Sized>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        deadline: Instant,
        site: &'static Location<'static>,
    ) -> WaitTimeoutResult {
        self.around(guard, site, |g| {
            WaitTimeoutResult(self.inner.wait_until(g, deadline).timed_out())
        })
    }

    /// Ends the hold of `guard`, records the re-acquisition at `site`, runs
    /// the parking_lot wait on the wrapped guard, and starts the new hold's
    /// clock.
    fn around<'a, T: ?Sized, R>(
        &self,
        guard: &mut MutexGuard<'a, T>,
        site: &'static Location<'static>,
        wait: impl FnOnce(&mut ::parking_lot::MutexGuard<'a, T>) -> R,
    ) -> R {
        guard.hold.suspend(guard.lock, site);
        let result = wait(&mut guard.inner);
        guard.hold.resume();
        result
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condvar").finish_non_exhaustive()
    }
}
