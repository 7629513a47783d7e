//! Row locks in a real PostgreSQL (`SELECT … FOR UPDATE`), taken inside
//! `#[acquires]` scopes by two threads in opposite orders.
//!
//! * Run one after the other, the two orders never deadlock, yet lockorder
//!   reports the wrong order on its first run: the bug is found before it
//!   ever bites.
//! * Interleaved on purpose (each thread holds its first row, then asks for
//!   the other's), PostgreSQL's own deadlock detector aborts one
//!   transaction (SQLSTATE 40P01); the victim's `?` still releases its
//!   lockorder scopes.
//!
//! Needs a server (default `host=127.0.0.1 port=5432 user=postgres
//! dbname=test`, override with `LOCKORDER_PG`). When none is reachable the
//! test says so on stderr and passes, unless `LOCKORDER_REQUIRE_PG=1`.
//! Needs the checks (not built under `no-checking`).
#![cfg(not(feature = "no-checking"))]

use lockorder::acquires;
use postgres::error::SqlState;
use postgres::{Client, NoTls, Transaction};
use std::sync::{Arc, Barrier};

lockorder::hierarchy! { pub PgSemester > PgUserLicense; }

/// A table of its own per run, dropped at the end.
struct Rows {
    table: String,
}

fn connect() -> Option<Client> {
    let url = std::env::var("LOCKORDER_PG")
        .unwrap_or_else(|_| "host=127.0.0.1 port=5432 user=postgres dbname=test".to_owned());
    match Client::connect(&url, NoTls) {
        Ok(mut c) => {
            // Detect the deliberate deadlock quickly (superuser setting).
            c.batch_execute("SET deadlock_timeout = '200ms'").unwrap();
            Some(c)
        }
        Err(e) if std::env::var("LOCKORDER_REQUIRE_PG").as_deref() == Ok("1") => {
            panic!("PostgreSQL at {url:?} is required: {e}")
        }
        Err(e) => {
            eprintln!("skipped: no PostgreSQL at {url:?}: {e}");
            None
        }
    }
}

fn lock_row(tx: &mut Transaction<'_>, rows: &Rows, id: i32) -> Result<(), postgres::Error> {
    tx.query(
        &format!("SELECT v FROM {} WHERE id = $1 FOR UPDATE", rows.table),
        &[&id],
    )?;
    Ok(())
}

const SEMESTER_ROW: i32 = 1;
const LICENSE_ROW: i32 = 2;

/// The declared order: the semester row, then the licence row.
#[acquires(PgSemester, pipeline = "reward", entity_id = SEMESTER_ROW,
           caller = "TournamentFinalizer.finalize")]
fn finalize(
    client: &mut Client,
    rows: &Rows,
    meet: Option<&Barrier>,
) -> Result<(), postgres::Error> {
    let mut tx = client.transaction()?;
    lock_row(&mut tx, rows, SEMESTER_ROW)?;
    if let Some(b) = meet {
        b.wait();
    }
    license_writeback(&mut tx, rows)?;
    tx.commit()
}

#[acquires(PgUserLicense, pipeline = "skill", entity_id = LICENSE_ROW,
           caller = "distribute_rewards_for_user.skill_writeback")]
fn license_writeback(tx: &mut Transaction<'_>, rows: &Rows) -> Result<(), postgres::Error> {
    lock_row(tx, rows, LICENSE_ROW)
}

/// The inversion: the licence row, then the semester row.
#[acquires(PgUserLicense, pipeline = "skill", entity_id = LICENSE_ROW,
           caller = "FootballSkillService.recalculate_skill_average")]
fn recalculate(
    client: &mut Client,
    rows: &Rows,
    meet: Option<&Barrier>,
) -> Result<(), postgres::Error> {
    let mut tx = client.transaction()?;
    lock_row(&mut tx, rows, LICENSE_ROW)?;
    if let Some(b) = meet {
        b.wait();
    }
    semester_weight(&mut tx, rows)?;
    tx.commit()
}

#[lockorder::allow(lock-order-violation, reason = "deliberate: the inverted order this test makes PostgreSQL deadlock on")]
#[lockorder::allow(lock-order-cycle, reason = "deliberate: the inversion closes a cycle with finalize")]
#[acquires(PgSemester, pipeline = "skill", entity_id = SEMESTER_ROW,
           caller = "FootballSkillService.semester_weight")]
fn semester_weight(tx: &mut Transaction<'_>, rows: &Rows) -> Result<(), postgres::Error> {
    lock_row(tx, rows, SEMESTER_ROW)
}

type Run = fn(&mut Client, &Rows, Option<&Barrier>) -> Result<(), postgres::Error>;

/// Runs `a` and `b` on two threads with their own connections; with
/// `interleave`, both take their first row before either asks for its
/// second.
fn two_threads(
    rows: &Arc<Rows>,
    a: Run,
    b: Run,
    interleave: bool,
) -> [Result<(), postgres::Error>; 2] {
    let meet = Arc::new(Barrier::new(2));
    let spawn = |run: Run| {
        let (rows, meet) = (Arc::clone(rows), Arc::clone(&meet));
        let mut client = connect().expect("connected before");
        std::thread::spawn(move || {
            let result = run(&mut client, &rows, interleave.then_some(&*meet));
            // However `run` ended (commit, or `?` on an error), its scopes
            // are released.
            assert!(lockorder::check::held_classes().is_empty());
            result
        })
    };
    if interleave {
        let (ta, tb) = (spawn(a), spawn(b));
        [ta.join().unwrap(), tb.join().unwrap()]
    } else {
        let ra = spawn(a).join().unwrap();
        let rb = spawn(b).join().unwrap();
        [ra, rb]
    }
}

fn violations() -> Vec<lockorder::Finding> {
    lockorder::check::findings()
        .into_iter()
        .filter(|f| f.locks.iter().any(|l| l == "PgSemester"))
        .collect()
}

#[test]
fn wrong_row_lock_order_is_reported_before_postgres_ever_deadlocks() {
    let Some(mut admin) = connect() else {
        return;
    };
    let rows = Arc::new(Rows {
        table: format!("lockorder_e2e_{}", std::process::id()),
    });
    admin
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS {t}; CREATE TABLE {t} (id int PRIMARY KEY, v int NOT NULL);
             INSERT INTO {t} VALUES (1, 10), (2, 20);",
            t = rows.table
        ))
        .unwrap();

    // 1. One after the other: no deadlock is possible, both commit…
    let [a, b] = two_threads(&rows, finalize, recalculate, false);
    a.unwrap();
    b.unwrap();
    // …and lockorder has already reported the inverted order, with both
    // call sites: the bug is known before any deadlock happens.
    let found = violations();
    assert!(!found.is_empty(), "{:#?}", lockorder::check::findings());
    let f = &found[0];
    assert_eq!(f.rule, lockorder::Rule::LockOrderViolation);
    assert_eq!(f.locks, ["PgUserLicense", "PgSemester"]);
    assert_eq!(
        f.edges[0].held_at.function.as_deref(),
        Some("FootballSkillService.recalculate_skill_average")
    );
    assert_eq!(
        f.edges[0].acquired_at.function.as_deref(),
        Some("FootballSkillService.semester_weight")
    );

    // 2. Interleaved on purpose: PostgreSQL detects the deadlock and aborts
    // exactly one of the two transactions; the other commits.
    let results = two_threads(&rows, finalize, recalculate, true);
    let deadlocked: Vec<&postgres::Error> =
        results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(deadlocked.len(), 1, "{results:?}");
    assert_eq!(
        deadlocked[0].code(),
        Some(&SqlState::T_R_DEADLOCK_DETECTED),
        "{results:?}"
    );
    // The victim's `?` released its scopes (checked in its thread) and its
    // transaction rolled back: both rows can be locked again.
    let [again, again2] = two_threads(&rows, finalize, finalize, false);
    again.unwrap();
    again2.unwrap();

    admin
        .batch_execute(&format!("DROP TABLE {}", rows.table))
        .unwrap();
}
