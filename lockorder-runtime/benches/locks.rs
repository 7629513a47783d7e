//! Lock overhead: `std::sync::Mutex` vs lockorder (checking on, no
//! subscriber) vs lockorder with checking switched off at run time vs
//! `tracing-mutex`, uncontended, nested (two locks), nested on 2 and 4
//! threads at once (each thread its own two locks: nothing contended but
//! what the checker shares) and contended (4 threads, one lock). Prints the ratios to std (and to tracing-mutex) at the end,
//! from criterion's medians and from an interleaved run (each candidate's
//! fastest of at least 30 round-robin blocks spread over 3 s or more), which
//! is robust on a loaded machine.
//!
//! The lockorder line measures the build's guards, labelled by feature:
//! `lockorder_checked` (default), `lockorder_compiled_out` (`no-checking`:
//! unchecked, still timed), `lockorder_plain` (`no-checking,no-timing`: the
//! wrapped guard and nothing else) and `lockorder_checked_untimed`
//! (`no-timing` alone).
//!
//! ```text
//! cargo bench -p lockorder-runtime --bench locks -- --warm-up-time 1 --measurement-time 3
//! cargo bench -p lockorder-runtime --bench locks --features no-checking -- --warm-up-time 1 --measurement-time 3
//! cargo bench -p lockorder-runtime --bench locks --features no-checking,no-timing -- --warm-up-time 1 --measurement-time 3
//! ```

use criterion::{Criterion, criterion_group};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const LOCKORDER: &str = match (
    lockorder_runtime::check::COMPILED_IN,
    lockorder_runtime::sync::GUARDS_TIMED,
) {
    (true, true) => "lockorder_checked",
    (true, false) => "lockorder_checked_untimed",
    (false, true) => "lockorder_compiled_out",
    (false, false) => "lockorder_plain",
};

fn uncontended(c: &mut Criterion) {
    let mut g = c.benchmark_group("uncontended");
    let std_m = std::sync::Mutex::new(0u64);
    g.bench_function("std", |b| {
        b.iter(|| *black_box(&std_m).lock().unwrap() += 1)
    });
    let lo = lockorder_runtime::Mutex::named("bench::uncontended", 0u64);
    g.bench_function(LOCKORDER, |b| {
        b.iter(|| *black_box(&lo).lock().unwrap() += 1)
    });
    if lockorder_runtime::check::COMPILED_IN {
        g.bench_function("lockorder_off", |b| {
            lockorder_runtime::set_checking(false);
            b.iter(|| *black_box(&lo).lock().unwrap() += 1);
            lockorder_runtime::set_checking(true);
        });
    }
    let tm = tracing_mutex::stdsync::tracing::Mutex::new(0u64);
    g.bench_function("tracing_mutex", |b| {
        b.iter(|| *black_box(&tm).lock().unwrap() += 1)
    });
    g.finish();
}

/// Nested acquisition on one thread per [`Pair`] of `$pairs`, all at once,
/// `$iters` times on each; returns when every thread is done.
macro_rules! nested_parallel {
    ($pairs:expr, $iters:expr) => {
        std::thread::scope(|s| {
            for Pair(a, b) in $pairs.iter() {
                s.spawn(move || {
                    for _ in 0..$iters {
                        let mut a = black_box(a).lock().unwrap();
                        let mut b = black_box(b).lock().unwrap();
                        *a += 1;
                        *b += 1;
                    }
                });
            }
        })
    };
}

/// Nested acquisition on 4 threads at once, each on its own two locks: no
/// lock is contended, so this measures what the checkers share between
/// threads (tracing-mutex: one global graph lock per nested acquisition;
/// lockorder: nothing once an edge is known).
fn nested_parallel(c: &mut Criterion) {
    let mut g = c.benchmark_group("nested_parallel4");
    let (std_p, lo_p, tm_p) = parallel_pairs(4);
    g.bench_function("std", |b| {
        b.iter_custom(wall(|n| nested_parallel!(std_p, n)))
    });
    g.bench_function(LOCKORDER, |b| {
        b.iter_custom(wall(|n| nested_parallel!(lo_p, n)))
    });
    g.bench_function("tracing_mutex", |b| {
        b.iter_custom(wall(|n| nested_parallel!(tm_p, n)))
    });
    g.finish();
}

/// `run` timed by the wall clock, for `iter_custom`.
fn wall(run: impl Fn(u64)) -> impl FnMut(u64) -> Duration {
    move |n| {
        let t = Instant::now();
        run(n);
        t.elapsed()
    }
}

fn nested(c: &mut Criterion) {
    let mut g = c.benchmark_group("nested");
    let (sa, sb) = (std::sync::Mutex::new(0u64), std::sync::Mutex::new(0u64));
    g.bench_function("std", |b| {
        b.iter(|| {
            let mut a = black_box(&sa).lock().unwrap();
            let mut bb = black_box(&sb).lock().unwrap();
            *a += 1;
            *bb += 1;
        })
    });
    let la = lockorder_runtime::Mutex::named("bench::nested::A", 0u64);
    let lb = lockorder_runtime::Mutex::named("bench::nested::B", 0u64);
    let run_lo = |b: &mut criterion::Bencher<'_>| {
        b.iter(|| {
            let mut a = black_box(&la).lock().unwrap();
            let mut bb = black_box(&lb).lock().unwrap();
            *a += 1;
            *bb += 1;
        })
    };
    g.bench_function(LOCKORDER, run_lo);
    if lockorder_runtime::check::COMPILED_IN {
        g.bench_function("lockorder_off", |b| {
            lockorder_runtime::set_checking(false);
            run_lo(b);
            lockorder_runtime::set_checking(true);
        });
    }
    let ta = tracing_mutex::stdsync::tracing::Mutex::new(0u64);
    let tb = tracing_mutex::stdsync::tracing::Mutex::new(0u64);
    g.bench_function("tracing_mutex", |b| {
        b.iter(|| {
            let mut a = black_box(&ta).lock().unwrap();
            let mut bb = black_box(&tb).lock().unwrap();
            *a += 1;
            *bb += 1;
        })
    });
    g.finish();
}

const THREADS: usize = 4;

/// Runs `op` `iters` times on each of 4 threads at once; returns the wall
/// time per round of 4.
fn contended_run(iters: u64, op: impl Fn() + Send + Sync + 'static) -> Duration {
    let op = Arc::new(op);
    let barrier = Arc::new(Barrier::new(THREADS + 1));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let (op, barrier) = (op.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                for _ in 0..iters {
                    op();
                }
            })
        })
        .collect();
    barrier.wait();
    let t = Instant::now();
    for h in handles {
        h.join().unwrap();
    }
    t.elapsed()
}

fn contended(c: &mut Criterion) {
    let mut g = c.benchmark_group("contended4");
    let s = Arc::new(std::sync::Mutex::new(0u64));
    g.bench_function("std", |b| {
        b.iter_custom(|n| {
            let s = s.clone();
            contended_run(n, move || *s.lock().unwrap() += 1)
        })
    });
    let l = Arc::new(lockorder_runtime::Mutex::named("bench::contended", 0u64));
    g.bench_function(LOCKORDER, |b| {
        b.iter_custom(|n| {
            let l = l.clone();
            contended_run(n, move || *l.lock().unwrap() += 1)
        })
    });
    let t = Arc::new(tracing_mutex::stdsync::tracing::Mutex::new(0u64));
    g.bench_function("tracing_mutex", |b| {
        b.iter_custom(|n| {
            let t = t.clone();
            contended_run(n, move || *t.lock().unwrap() += 1)
        })
    });
    g.finish();
}

criterion_group!(benches, uncontended, nested, nested_parallel, contended);

/// Where criterion wrote its estimates.
fn criterion_dir() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os("CRITERION_HOME") {
        return Some(h.into());
    }
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(t).join("criterion"));
    }
    // target/<profile>/deps/<bench> → target/criterion
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.join("criterion"))
}

fn median_ns(dir: &std::path::Path, group: &str, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(dir.join(group).join(id).join("new/estimates.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn print_ratios() {
    let Some(dir) = criterion_dir() else {
        return;
    };
    println!("\nlockorder lock overhead (median time per iteration; ratio to std):");
    let mut found = false;
    for group in ["uncontended", "nested", "nested_parallel4", "contended4"] {
        let Some(std_ns) = median_ns(&dir, group, "std") else {
            continue;
        };
        found = true;
        println!("  {group}: std {std_ns:.1} ns");
        let off =
            lockorder_runtime::check::COMPILED_IN && matches!(group, "uncontended" | "nested");
        let ids: &[&str] = if off {
            &[LOCKORDER, "lockorder_off", "tracing_mutex"]
        } else {
            &[LOCKORDER, "tracing_mutex"]
        };
        for &id in ids {
            if let Some(ns) = median_ns(&dir, group, id) {
                println!("    {id:<26} {ns:>9.1} ns  {:.2}x std", ns / std_ns);
            }
        }
        if let (Some(lo), Some(tm)) = (
            median_ns(&dir, group, LOCKORDER),
            median_ns(&dir, group, "tracing_mutex"),
        ) {
            println!("    tracing_mutex / {LOCKORDER}: {:.2}x", tm / lo);
        }
    }
    if !found {
        println!(
            "  (no criterion estimates in {}: none ran, or criterion wrote elsewhere; \
             run through `cargo bench` or set CRITERION_HOME)",
            dir.display()
        );
    }
}

/// Mean time per call of `f` over `iters` calls.
fn per_call(f: &mut dyn FnMut(), iters: u32) -> f64 {
    let t = Instant::now();
    for _ in 0..iters {
        f();
    }
    t.elapsed().as_nanos() as f64 / f64::from(iters)
}

/// Runs the candidates round-robin, `ROUNDS` blocks each, and keeps each
/// one's fastest block. On a loaded machine other processes only ever add
/// time, so the minimum over interleaved blocks is the fairest comparison.
fn interleaved(group: &str, cands: &mut [(&str, &mut dyn FnMut())]) {
    interleaved_blocks(group, 100_000, 1, cands);
}

/// [`interleaved`] with `calls` calls of each candidate per block, each
/// call doing `iters_per_call` iterations.
fn interleaved_blocks(
    group: &str,
    calls: u32,
    iters_per_call: u32,
    cands: &mut [(&str, &mut dyn FnMut())],
) {
    // At least this many rounds, and rounds for at least this long: on a
    // shared VM the machine's speed changes in phases of seconds, and the
    // fastest block of each candidate must come from a fast phase too.
    const ROUNDS: usize = 30;
    const SPAN: std::time::Duration = std::time::Duration::from_secs(3);
    let mut best = vec![f64::INFINITY; cands.len()];
    for (_, f) in cands.iter_mut() {
        per_call(*f, calls);
    }
    let start = Instant::now();
    let mut rounds = 0;
    while rounds < ROUNDS || (start.elapsed() < SPAN && rounds < 100 * ROUNDS) {
        for (i, (_, f)) in cands.iter_mut().enumerate() {
            best[i] = best[i].min(per_call(*f, calls) / f64::from(iters_per_call));
        }
        rounds += 1;
    }
    println!("  {group}:");
    for (i, (name, _)) in cands.iter().enumerate() {
        println!(
            "    {name:<26} {:>9.1} ns  {:.2}x std",
            best[i],
            best[i] / best[0]
        );
    }
    // Candidates are std, lockorder, tracing-mutex.
    println!("    tracing_mutex / {LOCKORDER}: {:.2}x", best[2] / best[1]);
    print_overheads(best[0], best[1], best[2]);
}

/// What the two checkers add above std's lock, and the best ratio to
/// tracing-mutex any checker wrapping std's mutex could reach on this
/// machine (one that added nothing): tracing-mutex / std. Where std's own
/// lock is slow, that ceiling can lie below a target ratio no wrapper can
/// then meet.
fn print_overheads(std_ns: f64, lockorder_ns: f64, tracing_ns: f64) {
    let (lo, tm) = (lockorder_ns - std_ns, tracing_ns - std_ns);
    let ratio = if lo > 0.05 {
        format!(" ({:.2}x)", tm / lo)
    } else {
        String::new()
    };
    println!("    added to std: {LOCKORDER} {lo:.1} ns, tracing_mutex {tm:.1} ns{ratio}");
    println!(
        "    ceiling for any std wrapper (tracing_mutex / std): {:.2}x",
        tracing_ns / std_ns
    );
}

fn interleaved_ratios() {
    println!(
        "\nlockorder lock overhead, interleaved (fastest block of 100 000 iterations per candidate and thread, round-robin, at least 30 rounds and 3 s; ratio to std):"
    );
    let std_m = std::sync::Mutex::new(0u64);
    let lo = lockorder_runtime::Mutex::named("bench::interleaved", 0u64);
    let tm = tracing_mutex::stdsync::tracing::Mutex::new(0u64);
    interleaved(
        "uncontended",
        &mut [
            ("std", &mut || *black_box(&std_m).lock().unwrap() += 1),
            (LOCKORDER, &mut || *black_box(&lo).lock().unwrap() += 1),
            ("tracing_mutex", &mut || {
                *black_box(&tm).lock().unwrap() += 1
            }),
        ],
    );
    let (sa, sb) = (std::sync::Mutex::new(0u64), std::sync::Mutex::new(0u64));
    let la = lockorder_runtime::Mutex::named("bench::interleaved::A", 0u64);
    let lb = lockorder_runtime::Mutex::named("bench::interleaved::B", 0u64);
    let ta = tracing_mutex::stdsync::tracing::Mutex::new(0u64);
    let tb = tracing_mutex::stdsync::tracing::Mutex::new(0u64);
    macro_rules! nested {
        ($a:expr, $b:expr) => {
            &mut || {
                let mut a = black_box(&$a).lock().unwrap();
                let mut b = black_box(&$b).lock().unwrap();
                *a += 1;
                *b += 1;
            }
        };
    }
    interleaved(
        "nested",
        &mut [
            ("std", nested!(sa, sb)),
            (LOCKORDER, nested!(la, lb)),
            ("tracing_mutex", nested!(ta, tb)),
        ],
    );
    for threads in [2, 4] {
        let (std_p, lo_p, tm_p) = parallel_pairs(threads);
        interleaved_blocks(
            &format!("nested_parallel{threads}"),
            1,
            PAR_ITERS,
            &mut [
                ("std", &mut || nested_parallel!(std_p, PAR_ITERS)),
                (LOCKORDER, &mut || nested_parallel!(lo_p, PAR_ITERS)),
                ("tracing_mutex", &mut || nested_parallel!(tm_p, PAR_ITERS)),
            ],
        );
    }
}

/// Iterations per thread in one interleaved block of the parallel case.
const PAR_ITERS: u32 = 100_000;

/// One thread's two locks, on cache lines of their own so that threads
/// share nothing but what the lock implementation shares.
#[repr(align(128))]
struct Pair<L>(L, L);

/// The locks of the parallel nested case, one [`Pair`] per thread: std,
/// lockorder (every thread's pair of the same two classes, so they share
/// the learned graph) and tracing-mutex.
#[allow(clippy::type_complexity)]
fn parallel_pairs(
    threads: usize,
) -> (
    Vec<Pair<std::sync::Mutex<u64>>>,
    Vec<Pair<lockorder_runtime::Mutex<u64>>>,
    Vec<Pair<tracing_mutex::stdsync::tracing::Mutex<u64>>>,
) {
    (
        (0..threads)
            .map(|_| Pair(std::sync::Mutex::new(0), std::sync::Mutex::new(0)))
            .collect(),
        (0..threads)
            .map(|_| {
                Pair(
                    lockorder_runtime::Mutex::named("bench::parallel::A", 0),
                    lockorder_runtime::Mutex::named("bench::parallel::B", 0),
                )
            })
            .collect(),
        (0..threads)
            .map(|_| {
                Pair(
                    tracing_mutex::stdsync::tracing::Mutex::new(0),
                    tracing_mutex::stdsync::tracing::Mutex::new(0),
                )
            })
            .collect(),
    )
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    print_ratios();
    interleaved_ratios();
}
