//! What `#[acquires]` costs on top of the scopes it enters: an annotated
//! function taking two classes vs the same two scopes written by hand with
//! `lockorder::scope(..).enter()`, with an explicit `caller` and with the
//! default (computed once, then cached). Checking on, no subscriber. Prints
//! each variant's ratio to the hand-written scopes at the end.
//!
//! ```text
//! cargo bench -p lockorder-macros --bench acquires -- --warm-up-time 1 --measurement-time 3
//! ```

use criterion::{Criterion, criterion_group};
use lockorder::{LockClass, acquires};
use std::hint::black_box;
use std::path::PathBuf;

lockorder::hierarchy! { pub Semester > UserLicense; }

#[inline(never)]
fn by_hand(id: i64) -> i64 {
    let _s = lockorder::scope(Semester::class())
        .pipeline("reward")
        .entity_id(id)
        .caller("finalize")
        .enter();
    let _u = lockorder::scope(UserLicense::class())
        .pipeline("reward")
        .entity_id(id)
        .caller("finalize")
        .enter();
    black_box(id) + 1
}

#[inline(never)]
#[acquires(Semester, UserLicense, pipeline = "reward", entity_id = id, caller = "finalize")]
fn annotated(id: i64) -> i64 {
    black_box(id) + 1
}

#[inline(never)]
#[acquires(Semester, UserLicense, pipeline = "reward", entity_id = id)]
fn annotated_default_caller(id: i64) -> i64 {
    black_box(id) + 1
}

fn two_scopes(c: &mut Criterion) {
    let mut g = c.benchmark_group("acquires_two_classes");
    g.bench_function("by_hand", |b| b.iter(|| by_hand(black_box(7))));
    g.bench_function("annotated", |b| b.iter(|| annotated(black_box(7))));
    g.bench_function("annotated_default_caller", |b| {
        b.iter(|| annotated_default_caller(black_box(7)))
    });
    g.finish();
}

criterion_group!(benches, two_scopes);

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

fn mean_ns(id: &str) -> Option<f64> {
    let path = criterion_dir()?
        .join("acquires_two_classes")
        .join(id)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let Some(base) = mean_ns("by_hand") else {
        return;
    };
    println!("\n#[acquires] overhead (two classes; mean per call; ratio to hand-written scopes):");
    println!("  {:<26} {base:>8.1} ns  1.00x", "by_hand");
    for id in ["annotated", "annotated_default_caller"] {
        if let Some(ns) = mean_ns(id) {
            println!("  {id:<26} {ns:>8.1} ns  {:.2}x", ns / base);
        }
    }
}
