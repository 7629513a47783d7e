//! Held sets belong to the task, not the thread: a task that resumes on
//! another thread still holds its locks there, and the thread it left holds
//! nothing.
#![cfg(not(feature = "no-checking"))]

mod common;

use common::{findings_for, fresh, rules};
use lockorder_runtime::check::held_classes;
use lockorder_runtime::{Rule, instrument, tokio as lt};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// Pending once, then ready: a controllable `.await` point.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

type Task = Pin<Box<dyn Future<Output = Vec<String>> + Send>>;

fn poll_once(t: &mut Task) -> Poll<Vec<String>> {
    t.as_mut().poll(&mut Context::from_waker(Waker::noop()))
}

fn names() -> Vec<String> {
    held_classes().iter().map(|c| c.name().to_owned()).collect()
}

#[test]
fn a_task_moved_to_another_thread_keeps_its_held_set() {
    let p = fresh("tk_move_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), ()));
    let b = Arc::new(lt::Mutex::named(&format!("{p}B"), ()));
    let (a2, b2) = (a.clone(), b.clone());
    let mut task: Task = Box::pin(instrument(async move {
        let _a = a2.lock().await;
        YieldOnce(false).await; // resumes on the other thread
        let seen = names();
        let _b = b2.lock().await; // learns A → B across the move
        seen
    }));
    // Thread 1 takes A and parks the task; it holds nothing afterwards.
    let mut task = std::thread::spawn(move || {
        assert!(poll_once(&mut task).is_pending());
        assert!(held_classes().is_empty(), "the thread kept the task's lock");
        task
    })
    .join()
    .unwrap();
    // Thread 2 resumes it: the task still holds A there.
    let seen = std::thread::spawn(move || {
        let Poll::Ready(seen) = poll_once(&mut task) else {
            panic!("not ready")
        };
        assert!(held_classes().is_empty());
        seen
    })
    .join()
    .unwrap();
    assert_eq!(seen, [format!("{p}A")]);
    assert!(findings_for(&p).is_empty());
    // The edge learned across threads is enforced: B then A is a cycle.
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let _b = b.lock().await;
        let _a = a.lock().await;
    });
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

/// A task whose held set has grown on one thread (and is empty again)
/// resumes on a thread that has never taken a lock: its first lock there
/// is recorded under a token of that thread's own (in debug builds a
/// token without the thread's prefix trips an assertion), and released.
#[test]
fn a_task_resumed_on_a_fresh_thread_records_its_locks_there() {
    let p = fresh("tk_fresh_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), ()));
    let b = Arc::new(lt::Mutex::named(&format!("{p}B"), ()));
    let mut task: Task = Box::pin(instrument(async move {
        drop(a.lock().await); // the task's set grows, then empties
        YieldOnce(false).await; // resumes on the fresh thread
        let _b = b.lock().await;
        names()
    }));
    let mut task = std::thread::spawn(move || {
        assert!(poll_once(&mut task).is_pending());
        task
    })
    .join()
    .unwrap();
    let seen = std::thread::spawn(move || {
        let Poll::Ready(seen) = poll_once(&mut task) else {
            panic!("not ready")
        };
        assert!(held_classes().is_empty());
        seen
    })
    .join()
    .unwrap();
    assert_eq!(seen, [format!("{p}B")]);
    assert!(findings_for(&p).is_empty());
}

#[test]
fn tasks_on_a_multi_thread_runtime_are_checked_per_task() {
    let p = fresh("tk_rt_");
    let a = Arc::new(lt::Mutex::named(&format!("{p}A"), 0u32));
    let b = Arc::new(lt::RwLock::named(&format!("{p}B"), 0u32));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_time()
        .build()
        .unwrap();
    let migrated = rt.block_on(async {
        let mut handles = Vec::new();
        for _ in 0..32 {
            let (a, b) = (a.clone(), b.clone());
            handles.push(lockorder_runtime::spawn(async move {
                let mut moved = false;
                for _ in 0..10 {
                    let before = std::thread::current().id();
                    let mut ga = a.lock().await;
                    tokio::time::sleep(std::time::Duration::from_micros(50)).await;
                    assert_eq!(held_classes().len(), 1);
                    *ga += *b.read().await;
                    moved |= std::thread::current().id() != before;
                    drop(ga);
                    assert!(held_classes().is_empty());
                }
                moved
            }));
        }
        let mut migrated = 0;
        for h in handles {
            migrated += usize::from(h.await.unwrap());
        }
        migrated
    });
    // Consistent order A → B on every task: nothing to report, wherever the
    // tasks ran (`migrated` of 32 changed threads while holding A).
    assert!(findings_for(&p).is_empty(), "{:#?}", findings_for(&p));
    eprintln!("{migrated} of 32 tasks resumed on another thread while holding a lock");
    // A task taking B then A is reported, although A → B was learned on
    // other threads.
    rt.block_on(async {
        lockorder_runtime::spawn(async move {
            let _b = b.write().await;
            let _a = a.lock().await;
        })
        .await
        .unwrap();
    });
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

#[test]
fn a_nested_instrumented_future_shares_the_task_held_set() {
    let p = fresh("tk_nested_");
    let x = Arc::new(lt::Mutex::named(&format!("{p}X"), ()));
    let y = Arc::new(lt::Mutex::named(&format!("{p}Y"), ()));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let (x1, y1) = (x.clone(), y.clone());
    let inner_saw = rt.block_on(async move {
        lockorder_runtime::spawn(async move {
            let _x = x1.lock().await;
            // What `#[acquires]` on a nested `async fn` expands to.
            instrument(async move {
                let _y = y1.lock().await;
                tokio::task::yield_now().await;
                names()
            })
            .await
        })
        .await
        .unwrap()
    });
    assert_eq!(inner_saw, [format!("{p}X"), format!("{p}Y")]);
    // The edge X → Y was learned through the nesting: Y then X is a cycle.
    rt.block_on(async move {
        lockorder_runtime::spawn(async move {
            let _y = y.lock().await;
            let _x = x.lock().await;
        })
        .await
        .unwrap();
    });
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
}

/// `blocking_lock` / `blocking_read` / `blocking_write` from synchronous
/// code use the thread's held set, against std locks as well: ABBA between
/// a tokio mutex taken blocking and a std mutex is a cycle; reads and
/// writes one after the other report nothing and leave nothing held.
#[test]
fn blocking_acquisitions_from_sync_code_are_checked_on_the_thread() {
    let p = fresh("tk_blocking_");
    let a = lt::Mutex::named(&format!("{p}A"), 0u32);
    let b = lockorder_runtime::Mutex::named(&format!("{p}B"), 0u32);
    let rw = lt::RwLock::named(&format!("{p}RW"), 0u32);
    {
        let _r = rw.blocking_read();
        let _a = a.blocking_lock();
        assert_eq!(held_classes().len(), 2);
    }
    *rw.blocking_write() += 1;
    assert_eq!(*rw.blocking_read(), 1);
    assert!(held_classes().is_empty());
    assert_eq!(findings_for(&p), []);
    {
        let _a = a.blocking_lock();
        let _b = b.lock().unwrap();
    }
    {
        let _b = b.lock().unwrap();
        let _a = a.blocking_lock();
    }
    assert_eq!(rules(&findings_for(&p)), [Rule::LockOrderCycle]);
    assert!(held_classes().is_empty());
}
