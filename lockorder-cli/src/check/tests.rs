//! Tests of the whole static pipeline on small inline sources: each
//! feature with a positive and a negative case.

use super::extract::{ExtractOptions, extract_file};
use super::input::{Parsed, SourceFile};
use super::ir::{EventKind, FileIr};
use super::pipeline::{Analysis, Options, analyze_parsed};

fn parsed(path: &str, src: &str, edition: u16) -> Parsed {
    let module = super::input::module_path(std::path::Path::new(path));
    let mut ast = syn::parse_file(src).expect("test source parses");
    let ir = extract_file(
        &mut ast,
        &ExtractOptions {
            module: module.clone(),
            edition,
            include_tests: false,
        },
    );
    Parsed {
        file: SourceFile {
            abs: path.into(),
            rel: path.into(),
            module,
            edition,
        },
        ir,
        lines: src.lines().count(),
        error: None,
    }
}

fn analyze_files(files: &[(&str, &str)], edition: u16, opts: &Options) -> Analysis {
    let parsed = files.iter().map(|(p, s)| parsed(p, s, edition)).collect();
    analyze_parsed(parsed, Vec::new(), opts)
}

/// `rule lock lock…` per finding (locks sorted), `[suppressed]` marked.
fn lines_of(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a
        .findings
        .iter()
        .map(|r| {
            let mut locks = r.finding.locks.clone();
            locks.sort();
            let mut s = format!("{} {}", r.finding.rule, locks.join(" "));
            if r.finding.suppressed.is_some() {
                s.push_str(" [suppressed]");
            }
            s.trim_end().to_owned()
        })
        .collect();
    v.sort();
    v
}

fn check(src: &str) -> Vec<String> {
    check_ed(src, 2021)
}

fn check_ed(src: &str, edition: u16) -> Vec<String> {
    lines_of(&analyze_files(
        &[("src/lib.rs", src)],
        edition,
        &Options::default(),
    ))
}

fn edges(src: &str) -> Vec<(String, String)> {
    analyze_files(&[("src/lib.rs", src)], 2021, &Options::default())
        .graph
        .edges
        .keys()
        .cloned()
        .collect()
}

fn e(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

const BANK: &str = "use std::sync::{Mutex, RwLock};\n\
    pub struct Bank { a: Mutex<u32>, b: Mutex<u32>, s: RwLock<u32> }\n";

fn bank(body: &str) -> String {
    format!("{BANK}impl Bank {{\n{body}\n}}\n")
}

// ---------- extraction: guard lifetimes ----------

#[test]
fn let_guard_lives_to_block_end_temporary_to_statement_end() {
    let held =
        bank("fn f(&self) { let g = self.a.lock().unwrap(); *self.b.lock().unwrap() += 1; }");
    assert_eq!(edges(&held), vec![e("Bank::a", "Bank::b")]);
    let temp =
        bank("fn f(&self) { let x = *self.a.lock().unwrap(); *self.b.lock().unwrap() += x; }");
    assert!(edges(&temp).is_empty());
    let field = bank(
        "fn f(&self) { let x = self.a.lock().unwrap().count_ones(); *self.b.lock().unwrap() += x; }",
    );
    assert!(edges(&field).is_empty());
    let underscore = bank("fn f(&self) { let _ = self.a.lock(); self.b.lock(); }");
    assert!(edges(&underscore).is_empty(), "`let _ =` drops at once");
}

#[test]
fn one_statement_holds_all_its_temporaries() {
    let src = bank("fn f(&self) -> u32 { *self.a.lock().unwrap() + *self.b.lock().unwrap() }");
    assert_eq!(
        edges(&src),
        vec![e("Bank::a", "Bank::b")],
        "left operand first"
    );
}

#[test]
fn assignment_evaluates_the_right_side_first() {
    let src = bank("fn f(&self) { *self.a.lock().unwrap() = *self.b.lock().unwrap(); }");
    assert_eq!(edges(&src), vec![e("Bank::b", "Bank::a")]);
}

#[test]
fn explicit_drop_and_scoped_blocks_end_guards() {
    let dropped = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); drop(g); *self.b.lock().unwrap() += 1; }",
    );
    assert!(edges(&dropped).is_empty());
    let scoped = bank(
        "fn f(&self) { { let g = self.a.lock().unwrap(); let _ = *g; } *self.b.lock().unwrap() += 1; }",
    );
    assert!(edges(&scoped).is_empty());
    let not_dropped = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); drop(x); *self.b.lock().unwrap() += 1; }",
    );
    assert_eq!(edges(&not_dropped), vec![e("Bank::a", "Bank::b")]);
}

#[test]
fn guard_moved_into_a_callee_ends_there() {
    let moved = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); consume(g); *self.b.lock().unwrap() += 1; }",
    );
    assert!(edges(&moved).is_empty());
    let borrowed = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); consume(&g); *self.b.lock().unwrap() += 1; }",
    );
    assert_eq!(edges(&borrowed), vec![e("Bank::a", "Bank::b")]);
}

#[test]
fn match_scrutinee_guard_lives_through_every_arm() {
    let src = bank(
        "fn f(&self) { match *self.a.lock().unwrap() { 0 => { *self.a.lock().unwrap() = 1; } _ => {} } }",
    );
    assert_eq!(check(&src), vec!["double-lock Bank::a"]);
    let safe = bank(
        "fn f(&self) { let v = *self.a.lock().unwrap(); match v { 0 => { *self.a.lock().unwrap() = 1; } _ => {} } }",
    );
    assert!(check(&safe).is_empty());
}

#[test]
fn if_let_scrutinee_reaches_else_only_before_2024() {
    let src = bank(
        "fn f(&self) { if let Some(x) = self.s.read().unwrap().checked_add(1) { let _ = x; } else { *self.s.write().unwrap() = 0; } }",
    );
    assert_eq!(check_ed(&src, 2021), vec!["double-lock Bank::s"]);
    assert_eq!(check_ed(&src, 2018), vec!["double-lock Bank::s"]);
    assert!(check_ed(&src, 2024).is_empty());
    // a plain `if` condition's temporaries die before the block
    let cond =
        bank("fn f(&self) { if *self.s.read().unwrap() > 0 { *self.s.write().unwrap() = 0; } }");
    assert!(check_ed(&cond, 2021).is_empty());
    // `while let` keeps them through the body in every edition
    let wl = bank(
        "fn f(&self) { while let Some(x) = self.s.read().unwrap().checked_sub(1) { *self.s.write().unwrap() = x; } }",
    );
    assert_eq!(check_ed(&wl, 2024), vec!["double-lock Bank::s"]);
}

#[test]
fn block_tail_temporaries_outlive_the_block_before_2024() {
    let src = bank(
        "fn f(&self) { let n = { self.a.lock().unwrap().count_ones() }; *self.a.lock().unwrap() = n; }",
    );
    // the `let` statement ends the temporaries in both editions
    assert!(check_ed(&src, 2021).is_empty());
    let stmt = bank(
        "fn f(&self) { match { self.a.lock().unwrap().count_ones() } { 0 => { *self.a.lock().unwrap() = 1; } _ => {} } }",
    );
    assert_eq!(check_ed(&stmt, 2021), vec!["double-lock Bank::a"]);
    assert!(check_ed(&stmt, 2024).is_empty());
}

#[test]
fn try_lock_adds_no_edge_into_the_tried_lock() {
    let src = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); if let Ok(h) = self.b.try_lock() { let _ = h; } }\n\
         fn g(&self) { let h = self.b.lock().unwrap(); *self.a.lock().unwrap() += 1; }",
    );
    assert!(check(&src).is_empty(), "{:?}", check(&src));
    // but once held, edges leave it
    let out = bank(
        "fn f(&self) { if let Ok(h) = self.b.try_lock() { *self.a.lock().unwrap() += 1; } }\n\
         fn g(&self) { let g = self.a.lock().unwrap(); *self.b.lock().unwrap() += 1; }",
    );
    assert_eq!(check(&out), vec!["lock-order-cycle Bank::a Bank::b"]);
}

#[test]
fn recursive_read_upgrade_and_read_recursive() {
    let rr =
        bank("fn f(&self) { let x = self.s.read().unwrap(); let y = self.s.read().unwrap(); }");
    let a = analyze_files(&[("src/lib.rs", &rr)], 2021, &Options::default());
    assert_eq!(lines_of(&a), vec!["double-lock Bank::s"]);
    assert!(
        a.findings[0].finding.message.contains("queues"),
        "interleaving spelled out"
    );
    let up = bank("fn f(&self) { let x = self.s.read().unwrap(); *self.s.write().unwrap() = 1; }");
    assert_eq!(check(&up), vec!["double-lock Bank::s"]);
    let rec = bank("fn f(&self) { let x = self.s.read(); let y = self.s.read_recursive(); }");
    assert!(check(&rec).is_empty());
    let seq =
        bank("fn f(&self) { let x = *self.s.read().unwrap(); *self.s.write().unwrap() = x; }");
    assert!(check(&seq).is_empty());
}

// ---------- closures, macros, spawn ----------

#[test]
fn closures_run_where_passed_or_called_and_spawned_bodies_run_alone() {
    let passed = bank(
        "fn f(&self, v: Vec<u32>) { let g = self.a.lock().unwrap(); v.iter().for_each(|_| { *self.b.lock().unwrap() += 1; }); }",
    );
    assert_eq!(edges(&passed), vec![e("Bank::a", "Bank::b")]);
    let bound = bank(
        "fn f(&self) { let bump = || { *self.b.lock().unwrap() += 1; }; let g = self.a.lock().unwrap(); bump(); }",
    );
    assert_eq!(edges(&bound), vec![e("Bank::a", "Bank::b")]);
    let bound_before = bank(
        "fn f(&self) { let bump = || { *self.b.lock().unwrap() += 1; }; bump(); let g = self.a.lock().unwrap(); }",
    );
    assert!(edges(&bound_before).is_empty());
    let spawned = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); std::thread::spawn(move || { *B.lock().unwrap() += 1; }); }",
    );
    assert!(edges(&spawned).is_empty());
}

#[test]
fn stored_closures_are_analysed_on_their_own() {
    let src = bank(
        "fn f(&self) -> Holder { let cb = || { let g = self.a.lock().unwrap(); *self.b.lock().unwrap() += 1; }; Holder { cb } }\n\
         fn g(&self) { let h = self.b.lock().unwrap(); *self.a.lock().unwrap() += 1; }",
    );
    assert_eq!(check(&src), vec!["lock-order-cycle Bank::a Bank::b"]);
    // stored, not called under the lock held at definition
    let held = bank(
        "fn f(&self) -> Holder { let g = self.a.lock().unwrap(); let cb = || { *self.b.lock().unwrap() += 1; }; Holder { cb } }",
    );
    assert!(edges(&held).is_empty());
}

#[test]
fn calls_inside_macros_count() {
    let src = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); println!(\"{}\", self.b.lock().unwrap()); }",
    );
    assert_eq!(edges(&src), vec![e("Bank::a", "Bank::b")]);
    let same =
        bank("fn f(&self) { assert_eq!(*self.s.read().unwrap(), *self.s.read().unwrap()); }");
    assert_eq!(check(&same), vec!["double-lock Bank::s"]);
    let apart = bank(
        "fn f(&self) { println!(\"{}\", self.a.lock().unwrap()); println!(\"{}\", self.b.lock().unwrap()); }",
    );
    assert!(edges(&apart).is_empty());
}

// ---------- identity ----------

#[test]
fn same_named_fields_of_different_types_are_different_classes() {
    let src = "use std::sync::Mutex;\n\
        pub struct Foo { m: Mutex<u8>, n: Mutex<u8> }\n\
        pub struct Bar { m: Mutex<u8>, n: Mutex<u8> }\n\
        impl Foo { fn f(&self) { let g = self.m.lock(); self.n.lock(); } }\n\
        impl Bar { fn f(&self) { let g = self.n.lock(); self.m.lock(); } }\n";
    assert!(check(src).is_empty());
    assert_eq!(
        edges(src),
        vec![e("Bar::n", "Bar::m"), e("Foo::m", "Foo::n")]
    );
}

#[test]
fn two_instances_of_one_class_are_same_class_nesting_not_double_lock() {
    let src = "use std::sync::Mutex;\npub struct Cell { slot: Mutex<u8> }\n\
        pub fn swap(a: &Cell, b: &Cell) { let x = a.slot.lock(); let y = b.slot.lock(); }\n";
    let a = analyze_files(&[("src/lib.rs", src)], 2021, &Options::default());
    assert_eq!(lines_of(&a), vec!["same-class-nesting Cell::slot"]);
    assert_eq!(
        a.findings[0].finding.severity,
        lockorder_runtime::model::Severity::Warning
    );
    assert!(a.findings[0].finding.message.contains("key"));
    let same = "use std::sync::Mutex;\npub struct Cell { slot: Mutex<u8> }\n\
        pub fn twice(a: &Cell) { let x = a.slot.lock(); let y = a.slot.lock(); }\n";
    assert_eq!(check(same), vec!["double-lock Cell::slot"]);
    assert_eq!(super::outcome(&a, false), crate::exit::Outcome::Pass);
    assert_eq!(super::outcome(&a, true), crate::exit::Outcome::Findings);
}

#[test]
fn nested_fields_use_the_inner_type_when_known() {
    let known = "use std::sync::Mutex;\npub struct Inner { state: Mutex<u8> }\n\
        pub struct Bank { inner: Inner, log: Mutex<u8> }\n\
        impl Bank { fn f(&self) { let g = self.inner.state.lock(); self.log.lock(); } }\n";
    assert_eq!(edges(known), vec![e("Inner::state", "Bank::log")]);
    let unknown = "use std::sync::Mutex;\npub struct Bank { inner: other::Inner, log: Mutex<u8> }\n\
        impl Bank { fn f(&self) { let g = self.inner.state.lock(); self.log.lock(); } }\n";
    assert_eq!(edges(unknown), vec![e("Bank::inner.state", "Bank::log")]);
}

#[test]
fn statics_are_named_by_module_path() {
    let db = "use std::sync::Mutex;\npub static POOL: Mutex<u8> = Mutex::new(0);\n\
        pub fn with_pool() { let p = POOL.lock(); crate::CACHE.lock(); }\n";
    let root = "use std::sync::Mutex;\nmod db;\npub static CACHE: Mutex<u8> = Mutex::new(0);\n\
        lazy_static::lazy_static! { static ref LAZY: Mutex<u8> = Mutex::new(0); }\n\
        pub fn with_cache() { let c = CACHE.lock(); db::POOL.lock(); LAZY.lock(); }\n";
    let a = analyze_files(
        &[("src/db.rs", db), ("src/lib.rs", root)],
        2021,
        &Options::default(),
    );
    assert_eq!(lines_of(&a), vec!["lock-order-cycle CACHE db::POOL"]);
    assert!(a.graph.edges.contains_key(&e("CACHE", "LAZY")));
}

#[test]
fn locals_of_different_functions_never_merge() {
    let src = "use std::sync::Mutex;\n\
        fn f() { let a = Mutex::new(1); let b = Mutex::new(2); let x = a.lock(); b.lock(); }\n\
        fn g() { let a = Mutex::new(1); let b = Mutex::new(2); let x = b.lock(); a.lock(); }\n";
    assert!(check(src).is_empty());
    assert_eq!(edges(src), vec![e("f::a", "f::b"), e("g::b", "g::a")]);
}

#[test]
fn a_user_types_own_lock_method_is_a_call_not_a_lock() {
    let src = "use std::sync::Mutex;\n\
        pub struct Block { n: u8 }\n\
        impl Block { pub fn lock(self) -> Block { self } }\n\
        pub struct Miner { m: Mutex<u8> }\n\
        impl Miner { fn f(&self, b: Block) { let g = self.m.lock(); let l = b.lock(); let l2 = b.lock(); } }\n";
    assert!(check(src).is_empty());
    assert!(edges(src).is_empty());
}

#[test]
fn accessors_are_followed() {
    let src = "use parking_lot::RwLock;\n\
        pub struct S { state: RwLock<u8>, other: RwLock<u8> }\n\
        impl S {\n\
          fn state(&self) -> parking_lot::RwLockReadGuard<'_, u8> { self.state.read() }\n\
          fn lock_ref(&self) -> &RwLock<u8> { &self.state }\n\
          fn a(&self) { let g = self.state(); let h = self.lock_ref().read(); }\n\
          fn b(&self) { let g = self.other.read(); let h = self.state(); }\n\
        }\n";
    assert_eq!(check(src), vec!["double-lock S::state"]);
    assert_eq!(edges(src), vec![e("S::other", "S::state")]);
}

// ---------- across functions ----------

#[test]
fn call_chains_carry_the_whole_chain() {
    let src = bank(
        "fn a(&self) { let g = self.a.lock().unwrap(); self.b1(); }\n\
         fn b1(&self) { self.c1(); }\n\
         fn c1(&self) { *self.b.lock().unwrap() += 1; }\n\
         fn d(&self) { let g = self.b.lock().unwrap(); *self.a.lock().unwrap() += 1; }",
    );
    let a = analyze_files(&[("src/lib.rs", &src)], 2021, &Options::default());
    assert_eq!(lines_of(&a), vec!["lock-order-cycle Bank::a Bank::b"]);
    let f = &a.findings[0].finding;
    let chain = f.edges.iter().find(|e| e.from == "Bank::a").unwrap();
    assert_eq!(chain.via, vec!["Bank::a", "Bank::b1", "Bank::c1"]);
    assert_eq!(chain.acquired_at.function.as_deref(), Some("Bank::c1"));
    assert!(f.message.contains("Thread 1") && f.message.contains("Thread 2"));
    // without the lock held in `a` there is no cycle
    let safe = src.replace("let g = self.a.lock().unwrap(); self.b1();", "self.b1();");
    assert!(check(&safe).is_empty());
}

#[test]
fn functions_are_resolved_by_need_and_deep_chains_still_reach_the_lock() {
    use super::resolve::{Resolver, resolve_by_need};
    use super::symbols::Symbols;
    // a holds A across a 4-deep chain to B; e takes A through a guard
    // accessor (no lock call of its own) and then S; idle and its callee
    // take nothing and are called under no lock
    let src = bank(
        "fn a(&self) { let g = self.a.lock().unwrap(); self.b1(); }\n\
         fn b1(&self) { self.c1(); }\n\
         fn c1(&self) { self.d1(); }\n\
         fn d1(&self) { *self.b.lock().unwrap() += 1; }\n\
         fn guard_a(&self) -> std::sync::MutexGuard<'_, u32> { self.a.lock().unwrap() }\n\
         fn e(&self) { let g = self.guard_a(); *self.s.write().unwrap() += 1; }\n\
         fn idle(&self) { self.helper(); }\n\
         fn helper(&self) { self.b1(); }",
    );
    assert_eq!(
        edges(&src),
        vec![e("Bank::a", "Bank::b"), e("Bank::a", "Bank::s")]
    );
    let a = analyze_files(&[("src/lib.rs", &src)], 2021, &Options::default());
    let via: Vec<Vec<String>> = a.graph.edges.values().map(|ev| ev.via.clone()).collect();
    assert_eq!(
        via,
        vec![
            vec!["Bank::a", "Bank::b1", "Bank::c1", "Bank::d1"],
            vec!["Bank::e"]
        ]
    );

    let file = ir(&src);
    let (syms, table) = Symbols::build(&[&file]);
    let resolver = Resolver {
        syms: &syms,
        table: &table,
    };
    let (rfns, needed) = resolve_by_need(&resolver);
    let by_name = |n: &str| {
        table
            .fns
            .iter()
            .position(|(_, f)| f.ident == n)
            .expect("function exists")
    };
    for n in ["b1", "c1", "d1"] {
        assert!(needed[by_name(n)], "{n} is called under a lock");
    }
    assert_eq!(rfns[by_name("c1")].calls.len(), 1, "c1 is resolved");
    for n in ["idle", "helper"] {
        assert!(!needed[by_name(n)], "{n} is never called under a lock");
        assert!(rfns[by_name(n)].calls.is_empty(), "{n} is left unresolved");
    }
    assert_eq!(
        rfns[by_name("e")].acqs.len(),
        2,
        "the guard accessor acquires in e"
    );
}

#[test]
fn double_lock_through_calls_resolves_by_self_type() {
    let src = "use std::sync::Mutex;\n\
        pub struct A { reg: Mutex<u8> }\npub struct B { reg: Mutex<u8> }\n\
        trait T { fn create(&self); fn open(&self); }\n\
        impl T for A { fn create(&self) { self.reg.lock(); } fn open(&self) { let r = self.reg.lock(); self.create(); } }\n\
        impl T for B { fn create(&self) { self.reg.lock(); } fn open(&self) { { let r = self.reg.lock(); } self.create(); } }\n";
    assert_eq!(check(src), vec!["double-lock A::reg"]);
}

#[test]
fn qualified_std_paths_do_not_reach_same_named_local_functions() {
    let src = "use std::sync::Mutex;\npub struct C { slot: Mutex<u8> }\n\
        pub fn swap(a: &C, b: &C) { let x = a.slot.lock(); let y = a.slot.try_lock(); std::mem::swap(&mut 1, &mut 2); }\n";
    assert!(check(src).is_empty(), "{:?}", check(src));
}

// ---------- hierarchy, suppressions ----------

#[test]
fn hierarchy_violation_through_annotations() {
    let src = "lockorder::hierarchy! { pub Semester > UserLicense; }\n\
        #[lockorder::acquires(UserLicense, pipeline = \"skill\")]\n\
        pub fn skill() { touch(); }\n\
        #[lockorder::acquires(Semester)]\n\
        fn touch() {}\n";
    assert_eq!(
        check(src),
        vec!["lock-order-violation Semester UserLicense"]
    );
    let ok = src
        .replace(
            "acquires(UserLicense, pipeline",
            "acquires(Semester, pipeline",
        )
        .replace("acquires(Semester)]", "acquires(UserLicense)]");
    assert!(check(&ok).is_empty());
}

#[test]
fn config_hierarchy_and_scopes() {
    let src = "pub fn f() { let _s = lockorder::scope(B::class(), \"p\"); g(); }\n\
        fn g() { let _t = enter(A::class()); }\n";
    let opts = Options {
        hierarchy: vec![vec!["A".into(), "B".into()]],
        ..Options::default()
    };
    let a = analyze_files(&[("src/lib.rs", src)], 2021, &opts);
    assert_eq!(lines_of(&a), vec!["lock-order-violation A B"]);
    let a = analyze_files(&[("src/lib.rs", src)], 2021, &Options::default());
    assert!(lines_of(&a).is_empty());
}

#[test]
fn suppressions_stay_visible_and_unused_ones_are_reported() {
    let src = bank(
        "#[lockorder::allow(lock-order-cycle, reason = \"b is only taken at startup\")]\n\
         fn x(&self) { let g = self.a.lock().unwrap(); *self.b.lock().unwrap() += 1; }\n\
         fn y(&self) { let g = self.b.lock().unwrap(); *self.a.lock().unwrap() += 1; }\n\
         #[lockorder::allow(double-lock, reason = \"nothing here\")]\n\
         fn z(&self) {}",
    );
    let a = analyze_files(&[("src/lib.rs", &src)], 2021, &Options::default());
    assert_eq!(
        lines_of(&a),
        vec![
            "lock-order-cycle Bank::a Bank::b [suppressed]",
            "unused-allow",
        ]
    );
    let cyc = &a.findings[0].finding;
    assert_eq!(
        cyc.suppressed.as_deref(),
        Some("b is only taken at startup")
    );
    assert_eq!(super::outcome(&a, false), crate::exit::Outcome::Pass);
    assert_eq!(a.findings[1].primary.line, 7);
}

#[test]
fn test_code_is_skipped_unless_asked() {
    let src = bank(
        "fn x(&self) { let g = self.a.lock().unwrap(); *self.b.lock().unwrap() += 1; }\n\
         #[cfg(test)] fn y(&self) { let g = self.b.lock().unwrap(); *self.a.lock().unwrap() += 1; }",
    );
    assert!(check(&src).is_empty());
}

// ---------- extraction details ----------

fn ir(src: &str) -> FileIr {
    extract_file(
        &mut syn::parse_file(src).unwrap(),
        &ExtractOptions {
            module: vec![],
            edition: 2021,
            include_tests: false,
        },
    )
}

#[test]
fn receiver_guard_is_alive_while_arguments_are_evaluated() {
    let f = ir("fn f(s: &S) { s.a.read().get(s.b.read().len()); }");
    let func = &f.functions[0];
    let acqs: Vec<_> = func
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EventKind::Acquire { .. }))
        .collect();
    assert_eq!(acqs.len(), 2);
    let (first, e0) = acqs[0];
    let (second, _) = acqs[1];
    assert!(first < second && e0.end as usize > second);
}

#[test]
fn sites_are_one_based_and_point_at_the_method() {
    let f = ir("fn f(s: &S) {\n    s.a.lock();\n}\n");
    let e = &f.functions[0].events[0];
    assert_eq!((e.site.line, e.site.column), (2, 9));
}

#[test]
fn guard_temporary_passed_by_value_moves_into_the_callee() {
    let moved = bank(
        "fn f(&self) { self.take(self.a.lock().unwrap()); }\n\
         fn take(&self, g: std::sync::MutexGuard<'_, u32>) { drop(g); *self.a.lock().unwrap() += 1; }",
    );
    assert!(check(&moved).is_empty(), "{:?}", check(&moved));
    let borrowed = bank(
        "fn f(&self) { self.peek(&self.a.lock().unwrap()); }\n\
         fn peek(&self, g: &u32) { *self.a.lock().unwrap() += *g; }",
    );
    assert_eq!(check(&borrowed), vec!["double-lock Bank::a"]);
}

#[test]
fn only_one_branch_runs() {
    let src = bank(
        "fn f(&self, c: bool) -> u32 { let n = if c { self.a.lock().unwrap().count_ones() } else { self.b.lock().unwrap().count_ones() }; n }",
    );
    assert!(edges(&src).is_empty());
    let arms = bank(
        "fn f(&self, c: bool) { let g = match c { true => self.a.lock().unwrap(), false => self.b.lock().unwrap() }; }",
    );
    assert!(edges(&arms).is_empty());
    // but the chosen guard lives on after the branches
    let after = bank(
        "fn f(&self, c: bool) { let g = if c { self.a.lock().unwrap() } else { self.a.lock().unwrap() }; *self.b.lock().unwrap() += 1; }",
    );
    assert_eq!(edges(&after), vec![e("Bank::a", "Bank::b")]);
}

#[test]
fn a_guard_dropped_on_some_paths_is_held_where_they_rejoin() {
    let ab = |body: &str| {
        edges(&bank(&format!(
            "fn f(&self, c: bool, n: u8) {{ let g = self.a.lock().unwrap(); {body} }}"
        )))
    };
    let a_b = vec![e("Bank::a", "Bank::b")];
    let lock_b = "*self.b.lock().unwrap() += 1;";
    // dropped on one path only: held afterwards on the other
    assert_eq!(ab(&format!("if c {{ drop(g); }} {lock_b}")), a_b);
    assert_eq!(ab(&format!("if c {{ drop(g); return; }} {lock_b}")), a_b);
    assert_eq!(
        ab(&format!("match n {{ 0 => drop(g), _ => {{}} }} {lock_b}")),
        a_b
    );
    assert_eq!(ab(&format!("while c {{ drop(g); break; }} {lock_b}")), a_b);
    assert_eq!(
        ab(&format!("for _ in 0..n {{ drop(g); break; }} {lock_b}")),
        a_b
    );
    // the else path holds it while the then path has dropped it
    assert_eq!(ab(&format!("if c {{ drop(g); }} else {{ {lock_b} }}")), a_b);
    assert_eq!(
        ab(&format!("match n {{ 0 => drop(g), _ => {{ {lock_b} }} }}")),
        a_b
    );
    // dropped on every path, or before the lock on the same path: not held
    assert!(ab(&format!("if c {{ drop(g); }} else {{ drop(g); }} {lock_b}")).is_empty());
    assert!(
        ab(&format!(
            "match n {{ 0 => drop(g), _ => drop(g) }} {lock_b}"
        ))
        .is_empty()
    );
    assert!(ab(&format!("if c {{ drop(g); {lock_b} }}")).is_empty());
    assert!(ab(&format!("drop(g); if c {{ {lock_b} }}")).is_empty());
    // the held-again guard is the same binding: a later drop ends it
    assert!(ab(&format!("if c {{ drop(g); return; }} drop(g); {lock_b}")).is_empty());
    // held again, not taken again: no edge into it from a lock taken later
    let later = bank(
        "fn f(&self, c: bool) { let g = self.a.lock().unwrap(); let h = self.b.lock().unwrap(); if c { drop(g); } let s = self.s.read().unwrap(); }",
    );
    assert_eq!(
        edges(&later),
        vec![
            e("Bank::a", "Bank::b"),
            e("Bank::a", "Bank::s"),
            e("Bank::b", "Bank::s")
        ]
    );
}

#[test]
fn a_guard_variable_reassigned_with_a_new_guard_holds_it() {
    let f = |body: &str| {
        bank(&format!(
            "fn f(&self, c: bool) {{ let mut g = self.a.lock().unwrap(); {body} }}"
        ))
    };
    let lock_b = "*self.b.lock().unwrap() += 1;";
    let a_b = vec![e("Bank::a", "Bank::b")];
    // the new guard lives where `g` does
    let relock = f(&format!("drop(g); g = self.a.lock().unwrap(); {lock_b}"));
    assert_eq!(edges(&relock), a_b);
    assert!(check(&relock).iter().all(|l| !l.starts_with("double-lock")));
    // and a later drop of `g` ends it
    assert!(
        edges(&f(&format!(
            "drop(g); g = self.a.lock().unwrap(); drop(g); {lock_b}"
        )))
        .is_empty()
    );
    // the old guard is dropped by the assignment, after the new one is
    // taken: re-locking the same lock that way self-deadlocks
    assert_eq!(
        check(&f("g = self.a.lock().unwrap();")),
        vec!["double-lock Bank::a"]
    );
    // re-locked in a loop body (tokio's blocking pool worker): held after
    // the loop whichever way it went, and never twice
    let looped = f(&format!(
        "while c {{ drop(g); g = self.a.lock().unwrap(); }} {lock_b} while c {{ drop(g); g = self.a.lock().unwrap(); }} drop(g);"
    ));
    assert_eq!(edges(&looped), a_b);
    assert!(check(&looped).is_empty(), "{:?}", check(&looped));
}

/// Reduced from tokio-util's `with_locked_node_and_parent` and tokio's
/// `park_condvar`: a guard dropped (or moved) on some paths, other paths'
/// guards flowing out as values. The path that still holds the guard and
/// the values of the other paths are alternatives: no edge between them.
#[test]
fn guards_held_again_and_branch_values_are_alternatives() {
    let tree = "use std::sync::{Arc, Mutex, MutexGuard, TryLockError};\n\
        pub struct Inner { parent: Option<Arc<Node>> }\n\
        pub struct Node { inner: Mutex<Inner> }\n\
        fn with_parent<F: FnOnce(MutexGuard<'_, Inner>, Option<MutexGuard<'_, Inner>>) -> R, R>(node: &Arc<Node>, func: F) -> R {\n\
          let mut locked = node.inner.lock().unwrap();\n\
          loop {\n\
            let parent = match locked.parent.as_ref() { Some(p) => p.clone(), None => return func(locked, None) };\n\
            let locked_parent = match parent.inner.try_lock() {\n\
              Ok(g) => g,\n\
              Err(TryLockError::WouldBlock) => { drop(locked); let g = parent.inner.lock().unwrap(); locked = node.inner.lock().unwrap(); g }\n\
              Err(TryLockError::Poisoned(e)) => Err(e).unwrap(),\n\
            };\n\
            if locked.parent.is_some() { return func(locked, Some(locked_parent)); }\n\
          }\n\
        }\n";
    assert!(check(tree).is_empty(), "{:?}", check(tree));
    let park = "use std::sync::{Condvar, Mutex};\n\
        pub struct P { mutex: Mutex<()>, condvar: Condvar }\n\
        impl P {\n\
          fn park(&self, t: Option<std::time::Duration>, c: bool) {\n\
            let mut m = self.mutex.lock().unwrap();\n\
            loop {\n\
              let is_timeout;\n\
              (m, is_timeout) = match t {\n\
                Some(d) => if c { let (m, r) = self.condvar.wait_timeout(m, d).unwrap(); (m, r.timed_out()) } else { (m, true) },\n\
                None => (self.condvar.wait(m).unwrap(), false),\n\
              };\n\
              if is_timeout { return; }\n\
            }\n\
          }\n\
        }\n";
    assert!(check(park).is_empty(), "{:?}", check(park));
}

/// A condition-variable wait re-takes the guard's lock at the wait, under
/// whatever else is held (the edge into it), and is no double lock of the
/// guard it releases. Reduced from tokio's blocking-pool worker, where the
/// guard variable holds what either of two paths left in it (the original
/// guard or the one re-taken in the busy loop): the wait re-takes one lock,
/// not both at once.
#[test]
fn condvar_waits_retake_the_lock_at_the_wait() {
    let worker = "use std::sync::{Condvar, Mutex};\n\
        pub struct S { q: Vec<u32>, shutdown: bool, n: u32 }\n\
        pub struct P { mutex: Mutex<S>, condvar: Condvar }\n\
        impl P {\n\
          fn run(&self, d: std::time::Duration) {\n\
            let mut locked = self.mutex.lock().unwrap();\n\
            'main: loop {\n\
              while let Some(t) = locked.q.pop() { drop(locked); locked = self.mutex.lock().unwrap(); }\n\
              while !locked.shutdown {\n\
                let lock_result = self.condvar.wait_timeout(locked, d).unwrap();\n\
                locked = lock_result.0;\n\
                if locked.n != 0 { break; }\n\
              }\n\
            }\n\
          }\n\
        }\n";
    assert!(check(worker).is_empty(), "{:?}", check(worker));
    // waiting with `b` held: the wake-up takes `a` under `b`
    let under = bank(
        "fn f(&self, cv: &std::sync::Condvar) { let a = self.a.lock().unwrap(); let b = self.b.lock().unwrap(); let a = cv.wait(a).unwrap(); }",
    );
    assert_eq!(
        edges(&under),
        vec![e("Bank::a", "Bank::b"), e("Bank::b", "Bank::a")]
    );
    // `b` released before the wait: only a -> b
    let released = bank(
        "fn f(&self, cv: &std::sync::Condvar) { let a = self.a.lock().unwrap(); let b = self.b.lock().unwrap(); drop(b); let a = cv.wait(a).unwrap(); }",
    );
    assert_eq!(edges(&released), vec![e("Bank::a", "Bank::b")]);
    // a `wait` whose argument is no guard is an ordinary call
    let other = bank(
        "fn f(&self, child: &mut Child) { let b = self.b.lock().unwrap(); let n = 3; child.wait(n); }",
    );
    assert!(edges(&other).is_empty(), "{:?}", edges(&other));
}

/// `MutexGuard::map(g, f)` and the other guard projections return a guard
/// of the same lock: it stays held (the edge to a lock taken under the
/// mapped guard), and ends with the mapped guard.
#[test]
fn guard_projections_keep_the_lock_held() {
    let mapped = bank(
        "fn f(&self) { let g = parking_lot::MutexGuard::map(self.a.lock(), |s| &mut s.x); *self.b.lock() += *g; }",
    );
    assert_eq!(edges(&mapped), vec![e("Bank::a", "Bank::b")]);
    let by_var = bank(
        "fn f(&self) { let w = self.a.write(); let r = RwLockWriteGuard::downgrade(w); *self.b.lock() += *r; }",
    );
    assert_eq!(edges(&by_var), vec![e("Bank::a", "Bank::b")]);
    let dropped = bank(
        "fn f(&self) { let g = MutexGuard::map(self.a.lock(), |s| &mut s.x); drop(g); *self.b.lock() += 1; }",
    );
    assert!(edges(&dropped).is_empty(), "{:?}", edges(&dropped));
    // `map` of a type that is no guard is an ordinary call
    let other = bank(
        "fn f(&self) { let v = Option::map(self.a.lock().ok(), |g| 1); *self.b.lock() += 1; }",
    );
    assert!(edges(&other).is_empty(), "{:?}", edges(&other));
}

/// An upgradable read is a read; its upgrade takes the lock again,
/// exclusively, under whatever else is held then (where it waits for the
/// readers): an edge into it, and a double lock with a read of the same
/// lock still held.
#[test]
fn an_upgrade_retakes_the_lock_exclusively() {
    let under = bank(
        "fn f(&self) { let u = self.a.upgradable_read(); let b = self.b.lock(); let w = RwLockUpgradableReadGuard::upgrade(u); }",
    );
    assert_eq!(
        edges(&under),
        vec![e("Bank::a", "Bank::b"), e("Bank::b", "Bank::a")]
    );
    let alone = bank(
        "fn f(&self) { let u = self.a.upgradable_read(); let w = RwLockUpgradableReadGuard::upgrade(u); *self.b.lock() += 1; }",
    );
    assert_eq!(edges(&alone), vec![e("Bank::a", "Bank::b")]);
    assert!(check(&alone).is_empty(), "{:?}", check(&alone));
    let reader = bank(
        "fn f(&self) { let r = self.a.read(); let u = self.a.upgradable_read(); let w = RwLockUpgradableReadGuard::upgrade(u); }",
    );
    assert!(
        check(&reader).iter().any(|f| f == "double-lock Bank::a"),
        "{:?}",
        check(&reader)
    );
}

#[test]
fn failed_try_lock_holds_nothing() {
    let src = bank(
        "fn f(&self) -> u32 { let g = match self.a.try_lock() { Ok(g) => g, Err(_) => { drop(self.a.lock()); return 0; } }; *g }",
    );
    assert!(check(&src).is_empty(), "{:?}", check(&src));
    let held = bank(
        "fn f(&self) { match self.a.try_lock() { Ok(g) => { *self.a.lock().unwrap() += 1; } Err(_) => {} } }",
    );
    assert_eq!(check(&held), vec!["double-lock Bank::a"]);
}

#[test]
fn async_lock_acquires_when_awaited() {
    let src = "use tokio::sync::RwLock;\npub struct S { m: RwLock<u8> }\n\
        impl S { async fn f(&self) { let w = self.m.write().await; let r = self.m.read(); drop(w); let g = r.await; } }\n";
    assert!(check(src).is_empty(), "{:?}", check(src));
    let bad = "use tokio::sync::RwLock;\npub struct S { m: RwLock<u8> }\n\
        impl S { async fn f(&self) { let w = self.m.write().await; let r = self.m.read().await; } }\n";
    assert_eq!(check(bad), vec!["double-lock S::m"]);
}

#[test]
fn exclusive_cfg_statements_are_alternatives() {
    let src = bank(
        "fn f(&self) { #[cfg(feature = \"x\")] let g = self.a.lock().unwrap(); #[cfg(not(feature = \"x\"))] let g = self.a.lock().unwrap(); }",
    );
    assert!(check(&src).is_empty());
    let both = bank(
        "fn f(&self) { #[cfg(feature = \"x\")] let g = self.a.lock().unwrap(); #[cfg(feature = \"y\")] let h = self.a.lock().unwrap(); }",
    );
    assert_eq!(check(&both), vec!["double-lock Bank::a"]);
}

#[test]
fn free_functions_returning_a_lock_are_followed() {
    let src = "use std::sync::{Mutex, OnceLock};\n\
        static S: OnceLock<Mutex<u8>> = OnceLock::new();\n\
        fn s() -> &'static Mutex<u8> { S.get_or_init(|| Mutex::new(0)) }\n\
        pub fn f() { let a = S.get().unwrap().lock(); s().lock(); }\n";
    assert_eq!(check(src), vec!["double-lock S"]);
}

#[test]
fn guards_of_the_parent_used_inside_a_spawned_body_do_not_confuse_it() {
    // regression: a parent guard id used inside a spawned body indexed the
    // body's own event list (a panic). The guard moved into the task is
    // released there, so the parent no longer holds it afterwards.
    let src = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); std::thread::spawn(move || { drop(g); consume(1, 2, 3); }); *self.b.lock().unwrap() += 1; }",
    );
    assert!(edges(&src).is_empty());
    let kept = bank(
        "fn f(&self) { let g = self.a.lock().unwrap(); std::thread::spawn(move || { consume(1, 2, 3); }); *self.b.lock().unwrap() += 1; }",
    );
    assert_eq!(edges(&kept), vec![e("Bank::a", "Bank::b")]);
}

#[test]
fn macro_arguments_are_read_in_closures_and_nested_functions_and_twice() {
    // A closure bound by `let` and a nested function are copied by the
    // walk: their macros keep their tokens; a closure called twice reads
    // its macro twice.
    let f = ir("fn f(s: &S) {\n\
                let c = || { println!(\"{}\", s.a.lock().unwrap()); };\n\
                c();\n\
                c();\n\
                assert!(s.b.lock().is_ok());\n\
                fn g(t: &S) { info!(\"{}\", t.c.read().unwrap()); }\n\
                }");
    let acquired = |func: &super::ir::FnIr| {
        func.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Acquire { place, .. } => Some(place.text.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(acquired(&f.functions[0]), ["s.a", "s.a", "s.b"]);
    let g = f.functions.iter().find(|x| x.name == "g").expect("g");
    assert_eq!(acquired(g), ["t.c"]);
}
