//! Helpers shared by the runtime tests.
#![allow(dead_code)]

use lockorder_runtime::check::findings;
use lockorder_runtime::{Finding, Rule, spawn, stats};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A class-name prefix no other test uses (tests share the learned graph).
pub fn fresh(tag: &str) -> String {
    format!("{tag}{}::", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The findings that mention a class with `prefix`.
pub fn findings_for(prefix: &str) -> Vec<Finding> {
    findings()
        .into_iter()
        .filter(|f| {
            f.locks.iter().any(|l| l.starts_with(prefix))
                || f.edges.iter().any(|e| e.from.starts_with(prefix))
        })
        .collect()
}

/// Only the rules of `fs`.
pub fn rules(fs: &[Finding]) -> Vec<Rule> {
    fs.iter().map(|f| f.rule).collect()
}

/// Every permutation of `items`.
pub fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let x = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, x.clone());
            out.push(p);
        }
    }
    out
}

/// Runs `f`, expecting it to panic under the panic policy; returns the
/// panic message.
pub fn expect_panic(f: impl FnOnce()) -> String {
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .expect_err("expected the acquisition to be refused");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// A 2-worker tokio runtime.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap()
}

/// Runs `fut` as a task (its held set its own) on a fresh runtime.
pub fn run<F>(fut: F) -> F::Output
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    runtime().block_on(async move { spawn(fut).await.unwrap() })
}

/// The statistics' release count of the class called `class`.
pub fn releases(class: &str) -> u64 {
    stats::snapshot()
        .iter()
        .filter(|s| s.entity_type == class)
        .map(|s| s.count)
        .sum()
}

/// A layer that counts `lockorder` events (those that get through the
/// filters before it).
#[derive(Clone, Default)]
pub struct CountEvents(std::sync::Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountEvents {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "lockorder" {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl CountEvents {
    /// How many so far.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}
