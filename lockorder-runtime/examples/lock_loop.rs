//! A lock loop for instruction counting: `lock_loop MODE N` takes and
//! releases a lock `N` times, where MODE is `std` / `lockorder` (one mutex)
//! or `std-nested` / `lockorder-nested` (two mutexes, one inside the other).
//! `scripts/bench-runtime-instructions.sh` runs it under callgrind; the
//! count per iteration does not depend on the machine's load or clock.

use std::hint::black_box;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let Some(n) = args.next().and_then(|s| s.parse::<u64>().ok()) else {
        eprintln!("usage: lock_loop std|lockorder|std-nested|lockorder-nested ITERATIONS");
        return ExitCode::from(2);
    };
    let (sa, sb) = (std::sync::Mutex::new(0u64), std::sync::Mutex::new(0u64));
    let la = lockorder_runtime::Mutex::named("lock_loop::A", 0u64);
    let lb = lockorder_runtime::Mutex::named("lock_loop::B", 0u64);
    macro_rules! nested {
        ($a:expr, $b:expr) => {
            for _ in 0..n {
                let mut a = black_box(&$a).lock().unwrap();
                let mut b = black_box(&$b).lock().unwrap();
                *a += 1;
                *b += 1;
            }
        };
    }
    match mode.as_str() {
        "std" => (0..n).for_each(|_| *black_box(&sa).lock().unwrap() += 1),
        "lockorder" => (0..n).for_each(|_| *black_box(&la).lock().unwrap() += 1),
        "std-nested" => nested!(sa, sb),
        "lockorder-nested" => nested!(la, lb),
        other => {
            eprintln!("unknown mode {other:?}: std|lockorder|std-nested|lockorder-nested");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
