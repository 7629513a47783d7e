//! Extraction: one pass over a parsed file, producing its [`FileIr`].
//!
//! Function bodies are walked in Rust's evaluation order (receiver before
//! arguments, right-hand side of an assignment before its place, left
//! operand before right) while tracking the lifetime of every value that
//! may be a guard:
//!
//! * a guard bound by `let` lives to the end of its block, or to `drop(g)`,
//!   or to a call it is moved into;
//! * a temporary lives to the end of its statement; a `match` scrutinee's
//!   temporaries therefore live through every arm;
//! * `if` and `while` conditions, match-arm bodies and the right operand of
//!   `&&`/`||` are their own temporary scopes;
//! * an `if let` scrutinee's temporaries live through the `else` block
//!   before edition 2024 and not in 2024; a block's tail-expression
//!   temporaries outlive the block before 2024;
//! * a guard pushed into a local collection (`v.push(g)`) lives as long as
//!   the collection; pushed in a loop the collection outlives, or collected
//!   from `map(|s| s.lock())`, the next iteration's acquisition is taken
//!   while it is held (a copy of the event, [`Event::repeat`]); on a value
//!   (`opt.map(|m| m.lock())`) the closure runs once and its guard is the
//!   result's;
//! * closures passed as arguments run where they are passed; closures bound
//!   with `let` run where they are called; bodies passed to `spawn` run as a
//!   separate task with nothing held.

mod iteration;

use super::ir::*;
use super::macro_args;
use super::types::{is_reentrant_lock, lock_type_of, type_ref};
use foldhash::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Item, Pat, Stmt};

/// How to extract: the file's place in its crate and the crate's edition.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Module path of the file within its crate.
    pub module: Vec<String>,
    /// The crate's edition (2015, 2018, 2021, 2024).
    pub edition: u16,
    /// Also analyse `#[cfg(test)]` items and `#[test]` functions.
    pub include_tests: bool,
}

/// Extracts the IR of one parsed file.
///
/// The top-level tokens of the expression macros the walk reads are taken
/// out of each function body just before it is walked (see
/// [`take_macro_tokens`]): the file is meant to be dropped after this.
pub fn extract_file(file: &mut syn::File, opts: &ExtractOptions) -> FileIr {
    let mut out = FileIr::default();
    super::types::set_async_imports(&file.items);
    let mut cx = ItemCx {
        opts,
        out: &mut out,
        bufs: Bufs::default(),
    };
    cx.items(&mut file.items, &Arc::from(opts.module.as_slice()));
    out
}

struct ItemCx<'o> {
    opts: &'o ExtractOptions,
    out: &'o mut FileIr,
    /// The walkers' working lists, kept from one function to the next.
    bufs: Bufs,
}

/// The top-level tokens of a file's expression macros, by the address of
/// their `syn::Macro` (left empty in the file).
type MacroTokens = HashMap<*const syn::Macro, Vec<proc_macro2::TokenTree>>;

/// Takes the top-level tokens of a function body's expression macros
/// (`format!`, `assert!`, `info!`, … in expressions and statements) out of
/// the body into `into` (emptied first), so that they are read by reference
/// instead of copied out of a shared stream (`proc_macro2` has no way to
/// read a stream without copying every identifier and literal in it).
/// Done per body just before its walk, while the body is still in cache.
/// Macros inside closures and inside items nested in bodies are left alone:
/// the walk copies those nodes (a closure bound by `let`, a nested
/// function) and reads their tokens as before.
fn take_macro_tokens(block: &mut syn::Block, into: &mut MacroTokens) {
    use syn::visit_mut::VisitMut;
    struct Take<'m>(&'m mut MacroTokens, String);
    impl Take<'_> {
        fn take(&mut self, mac: &mut syn::Macro) {
            use std::fmt::Write;
            let Some(last) = mac.path.segments.last() else {
                return;
            };
            // the name once as text: cheaper than comparing the ident
            // with each name
            self.1.clear();
            let _ = write!(self.1, "{}", last.ident);
            if EXPR_MACROS.contains(&self.1.as_str()) {
                let toks = std::mem::take(&mut mac.tokens).into_iter().collect();
                self.0.insert(std::ptr::from_ref(mac), toks);
            }
        }
    }
    impl VisitMut for Take<'_> {
        fn visit_expr_macro_mut(&mut self, m: &mut syn::ExprMacro) {
            self.take(&mut m.mac);
        }
        fn visit_stmt_macro_mut(&mut self, m: &mut syn::StmtMacro) {
            self.take(&mut m.mac);
        }
        fn visit_expr_closure_mut(&mut self, _: &mut syn::ExprClosure) {}
        // no expression macro the walk reads lives in these
        fn visit_type_mut(&mut self, _: &mut syn::Type) {}
        fn visit_pat_mut(&mut self, _: &mut syn::Pat) {}
        fn visit_path_mut(&mut self, _: &mut syn::Path) {}
        fn visit_attribute_mut(&mut self, _: &mut syn::Attribute) {}
        fn visit_stmt_mut(&mut self, s: &mut Stmt) {
            if !matches!(s, Stmt::Item(_)) {
                syn::visit_mut::visit_stmt_mut(self, s);
            }
        }
    }
    into.clear();
    Take(into, String::new()).visit_block_mut(block);
}

/// A [`Walker`]'s working lists (emptied), reused by the next function's
/// walker instead of being allocated and grown again for each.
#[derive(Default)]
struct Bufs {
    /// The function body's expression macro tokens ([`take_macro_tokens`]).
    macros: MacroTokens,
    frames: Vec<Frame>,
    env: Vec<(String, Binding)>,
    scopes: Vec<(usize, usize)>,
    loops: Vec<usize>,
    spare: Vec<Vec<u32>>,
    words: Vec<String>,
    called: HashSet<*const syn::ExprClosure>,
}

fn is_test_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let p = a.path();
        if p.is_ident("test") || p.segments.last().is_some_and(|s| s.ident == "test") {
            return p.segments.len() <= 2 && !p.is_ident("cfg");
        }
        if p.is_ident("cfg") {
            if let syn::Meta::List(l) = &a.meta {
                let t = l.tokens.to_string();
                return t == "test" || t.starts_with("all (test") || t.starts_with("test ,");
            }
        }
        false
    })
}

/// Lines from the item's first attribute (or `first` token) to its closing
/// brace. Cheap: `Spanned::span()` on a whole item would re-tokenize it.
fn item_lines(
    attrs: &[syn::Attribute],
    first: proc_macro2::Span,
    close: proc_macro2::Span,
) -> (u32, u32) {
    let start = attrs.first().map_or(first, |a| a.pound_token.span);
    (
        u32::try_from(start.start().line).unwrap_or(0),
        u32::try_from(close.end().line).unwrap_or(u32::MAX),
    )
}

fn fn_lines(attrs: &[syn::Attribute], sig: &syn::Signature, block: &syn::Block) -> (u32, u32) {
    item_lines(attrs, sig.fn_token.span, block.brace_token.span.close())
}

fn last_ident(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The values of a punctuated list. `Punctuated::iter` (and `for x in &p`)
/// boxes its iterator: one allocation per list walked; `pairs` does not.
pub(super) fn each<T, P>(p: &syn::punctuated::Punctuated<T, P>) -> impl Iterator<Item = &T> {
    p.pairs().map(syn::punctuated::Pair::into_value)
}

fn path_is(path: &syn::Path, name: &str) -> bool {
    path.segments.last().is_some_and(|s| s.ident == name)
}

impl ItemCx<'_> {
    fn skip(&self, attrs: &[syn::Attribute]) -> bool {
        !self.opts.include_tests && is_test_attr(attrs)
    }

    fn items(&mut self, items: &mut [Item], module: &Arc<[String]>) {
        for item in items {
            self.item(item, module);
        }
    }

    fn allows(&mut self, attrs: &[syn::Attribute], lines: (u32, u32), function: Option<&str>) {
        for a in attrs {
            let p = a.path();
            let is_allow = p.segments.len() == 2
                && p.segments[0].ident == "lockorder"
                && p.segments[1].ident == "allow";
            if !is_allow {
                continue;
            }
            let mut rule = String::new();
            let mut reason = String::new();
            let _ = a.parse_nested_meta(|meta| {
                if meta.path.is_ident("reason") {
                    let lit: syn::LitStr = meta.value()?.parse()?;
                    reason = lit.value();
                } else {
                    rule = meta
                        .path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>()
                        .join("-");
                    // `lock-order-cycle` parses as `lock - order - cycle`.
                    while meta.input.peek(syn::Token![-]) {
                        let _: syn::Token![-] = meta.input.parse()?;
                        let id: syn::Ident = meta.input.parse()?;
                        rule.push('-');
                        rule.push_str(&id.to_string());
                    }
                }
                Ok(())
            });
            if rule.is_empty() {
                if let syn::Meta::List(l) = &a.meta {
                    rule = l
                        .tokens
                        .to_string()
                        .split(',')
                        .next()
                        .unwrap_or("")
                        .replace(' ', "");
                }
            }
            self.out.allows.push(Allow {
                rule,
                reason,
                site: Pos::of(a.span()),
                lines,
                function: function.map(str::to_owned),
            });
        }
    }

    fn item(&mut self, item: &mut Item, module: &Arc<[String]>) {
        match item {
            Item::Fn(f) => {
                if self.skip(&f.attrs) {
                    return;
                }
                let name = f.sig.ident.to_string();
                let lines = fn_lines(&f.attrs, &f.sig, &f.block);
                self.allows(&f.attrs, lines, Some(&name));
                let info = FnHead {
                    name: name.clone(),
                    ident: name,
                    self_ty: None,
                    trait_name: None,
                    module: module.clone(),
                };
                take_macro_tokens(&mut f.block, &mut self.bufs.macros);
                walk_fn(self, &info, &f.attrs, &f.sig, &f.block, lines);
            }
            Item::Impl(imp) => {
                if self.skip(&imp.attrs) {
                    return;
                }
                let self_ty = type_ref(&imp.self_ty).ident;
                let trait_name = imp.trait_.as_ref().map(|(p, _)| last_ident(p));
                self.allows(
                    &imp.attrs,
                    item_lines(
                        &imp.attrs,
                        imp.impl_token.span,
                        imp.brace_token.span.close(),
                    ),
                    None,
                );
                for ii in &mut imp.items {
                    if let syn::ImplItem::Fn(f) = ii {
                        if self.skip(&f.attrs) {
                            continue;
                        }
                        let ident = f.sig.ident.to_string();
                        let name = format!("{self_ty}::{ident}");
                        let lines = fn_lines(&f.attrs, &f.sig, &f.block);
                        self.allows(&f.attrs, lines, Some(&name));
                        let info = FnHead {
                            name,
                            ident,
                            self_ty: Some(self_ty.clone()),
                            trait_name: trait_name.clone(),
                            module: module.clone(),
                        };
                        take_macro_tokens(&mut f.block, &mut self.bufs.macros);
                        walk_fn(self, &info, &f.attrs, &f.sig, &f.block, lines);
                    }
                }
            }
            Item::Trait(t) => {
                if self.skip(&t.attrs) {
                    return;
                }
                let tname = t.ident.to_string();
                for ti in &mut t.items {
                    if let syn::TraitItem::Fn(f) = ti {
                        if let Some(block) = &mut f.default {
                            let ident = f.sig.ident.to_string();
                            let info = FnHead {
                                name: format!("{tname}::{ident}"),
                                ident,
                                self_ty: None,
                                trait_name: Some(tname.clone()),
                                module: module.clone(),
                            };
                            let lines = fn_lines(&f.attrs, &f.sig, block);
                            take_macro_tokens(block, &mut self.bufs.macros);
                            walk_fn(self, &info, &f.attrs, &f.sig, block, lines);
                        }
                    }
                }
            }
            Item::Mod(m) => {
                if self.skip(&m.attrs) {
                    return;
                }
                let close = m
                    .content
                    .as_ref()
                    .map_or(m.ident.span(), |(b, _)| b.span.close());
                self.allows(
                    &m.attrs,
                    item_lines(&m.attrs, m.mod_token.span, close),
                    None,
                );
                if let Some((_, items)) = &mut m.content {
                    let mut sub = module.to_vec();
                    sub.push(m.ident.to_string());
                    self.items(items, &Arc::from(sub));
                }
            }
            Item::Struct(s) => {
                let fields = s
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let name = f
                            .ident
                            .as_ref()
                            .map_or_else(|| i.to_string(), ToString::to_string);
                        (name, type_ref(&f.ty))
                    })
                    .collect();
                self.out.structs.push(StructDef {
                    name: s.ident.to_string(),
                    fields,
                });
            }
            Item::Type(t) => {
                self.out
                    .aliases
                    .push((t.ident.to_string(), type_ref(&t.ty)));
            }
            Item::Static(s) => {
                self.out.statics.push(StaticDef {
                    module: module.to_vec(),
                    name: s.ident.to_string(),
                    ty: type_ref(&s.ty),
                });
            }
            Item::Macro(m) => {
                if path_is(&m.mac.path, "lazy_static") {
                    self.lazy_static(&m.mac.tokens, module);
                } else if path_is(&m.mac.path, "hierarchy") {
                    self.hierarchy(&m.mac.tokens);
                } else if path_is(&m.mac.path, "thread_local") {
                    // thread-locals are per thread: not a shared lock class
                }
            }
            _ => {}
        }
    }

    /// `lazy_static! { static ref NAME: Type = …; }`
    fn lazy_static(&mut self, tokens: &proc_macro2::TokenStream, module: &[String]) {
        use proc_macro2::TokenTree;
        let toks: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let mut i = 0;
        while i + 3 < toks.len() {
            let is = |t: &TokenTree, s: &str| matches!(t, TokenTree::Ident(id) if id == s);
            if is(&toks[i], "static") && is(&toks[i + 1], "ref") {
                if let TokenTree::Ident(name) = &toks[i + 2] {
                    // type tokens: after ':' up to '='
                    let mut j = i + 4;
                    let mut ty = proc_macro2::TokenStream::new();
                    while j < toks.len() {
                        if let TokenTree::Punct(p) = &toks[j] {
                            if p.as_char() == '=' {
                                break;
                            }
                        }
                        ty.extend(std::iter::once(toks[j].clone()));
                        j += 1;
                    }
                    let ty = syn::parse2::<syn::Type>(ty)
                        .map(|t| type_ref(&t))
                        .unwrap_or_default();
                    self.out.statics.push(StaticDef {
                        module: module.to_vec(),
                        name: name.to_string(),
                        ty,
                    });
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// `hierarchy! { pub A > B > C; pub D > E; }`
    fn hierarchy(&mut self, tokens: &proc_macro2::TokenStream) {
        use proc_macro2::TokenTree;
        let mut chain: Vec<String> = Vec::new();
        for t in tokens.clone() {
            match t {
                TokenTree::Ident(id) => {
                    let s = id.to_string();
                    if s != "pub" && s != "crate" && s != "in" {
                        chain.push(s);
                    }
                }
                TokenTree::Punct(p) if p.as_char() == ';' => {
                    if chain.len() > 1 {
                        self.out.hierarchies.push(std::mem::take(&mut chain));
                    }
                    chain.clear();
                }
                _ => {}
            }
        }
        if chain.len() > 1 {
            self.out.hierarchies.push(chain);
        }
    }
}

struct FnHead {
    name: String,
    ident: String,
    self_ty: Option<String>,
    trait_name: Option<String>,
    module: Arc<[String]>,
}

fn walk_fn(
    cx: &mut ItemCx<'_>,
    head: &FnHead,
    attrs: &[syn::Attribute],
    sig: &syn::Signature,
    block: &syn::Block,
    lines: (u32, u32),
) {
    let mut w = Walker::new(cx.opts.edition, head, lines, std::mem::take(&mut cx.bufs));
    w.include_tests = cx.opts.include_tests;
    w.push_scope();
    let mut has_self = false;
    let generics: Vec<String> = each(&sig.generics.params)
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    for input in each(&sig.inputs) {
        match input {
            syn::FnArg::Receiver(_) => has_self = true,
            syn::FnArg::Typed(pt) => {
                let ty = type_ref(&pt.ty);
                let mut names = Vec::new();
                pat_idents(&pt.pat, &mut names);
                for n in names {
                    let b = if ty.lock.is_some() {
                        Binding::Place(Place {
                            base: Base::Local {
                                class: format!("{}::{n}", head.name),
                                lock_known: Some(true),
                                asynch: ty.asynch,
                                reentrant: is_reentrant_lock(&ty.ident),
                            },
                            fields: Vec::new(),
                            text: n.clone(),
                        })
                    } else if ty.ident.is_empty() || generics.contains(&ty.ident) {
                        // generic or unknown
                        Binding::Place(Place {
                            base: Base::Local {
                                class: format!("{}::{n}", head.name),
                                lock_known: None,
                                asynch: false,
                                reentrant: false,
                            },
                            fields: Vec::new(),
                            text: n.clone(),
                        })
                    } else {
                        Binding::Place(Place {
                            base: Base::Typed { ty: ty.clone() },
                            fields: Vec::new(),
                            text: n.clone(),
                        })
                    };
                    w.bind(n, b);
                }
            }
        }
    }
    // annotations: #[acquires(A, B)] / #[requires(A)]
    for a in attrs {
        let Some(last) = a.path().segments.last() else {
            continue;
        };
        let summary = if last.ident == "acquires" {
            true
        } else if last.ident == "requires" {
            false
        } else {
            continue;
        };
        // `#[acquires(A, B, pipeline = "x")]`: the paths are the classes
        let Ok(list) = a
            .parse_args_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let paths = list.into_iter().filter_map(|e| match e {
            Expr::Path(p) => Some(p.path),
            _ => None,
        });
        for p in paths {
            let id = w.push_event(
                EventKind::Declared {
                    class: last_ident(&p),
                    summary,
                },
                Pos::of(p.span()),
            );
            w.frames.last_mut().expect("fn frame").ids.push(id);
        }
    }
    let returns_type = match &sig.output {
        syn::ReturnType::Type(_, t) => Some(type_ref(t)),
        syn::ReturnType::Default => None,
    };
    let mut val = w.block_inner(block, true);
    let mut returns = Returns::Nothing;
    if let Some(rt) = &returns_type {
        if rt.guard {
            if let Some(&g) = val.guards.iter().find(|&&g| {
                matches!(
                    w.events[g as usize].kind,
                    EventKind::Acquire { .. } | EventKind::Declared { .. }
                )
            }) {
                returns = Returns::Guard(g);
            }
        } else if rt.lock.is_some() {
            if let Some(p) = w.take_place(&mut val) {
                returns = Returns::Lock(p);
            }
        }
    }
    w.pop_scope();
    let n = w.pos();
    for e in &mut w.events {
        if e.end == u32::MAX {
            e.end = n;
        }
    }
    let f = FnIr {
        name: head.name.clone(),
        ident: head.ident.clone(),
        self_ty: head.self_ty.clone(),
        trait_name: head.trait_name.clone(),
        has_self,
        arity: sig.inputs.len() - usize::from(has_self),
        module: head.module.clone(),
        events: std::mem::take(&mut w.events),
        returns,
        spawned: false,
        lines,
    };
    cx.out.functions.push(f);
    cx.out.functions.append(&mut w.spawned);
    let nested_items = std::mem::take(&mut w.nested_items);
    cx.bufs = w.into_bufs();
    for (mut nested, m) in nested_items {
        cx.item(&mut nested, &m);
    }
}

fn pat_idents(pat: &Pat, out: &mut Vec<String>) {
    struct V<'a>(&'a mut Vec<String>);
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
            self.0.push(i.ident.to_string());
            syn::visit::visit_pat_ident(self, i);
        }
    }
    V(out).visit_pat(pat);
}

/// What an expression evaluates to, as far as locks are concerned.
#[derive(Debug, Clone, Default)]
struct Val<'a> {
    /// Events whose (possible) guard this value is.
    guards: Vec<u32>,
    /// The place this value refers to (a possible lock). Read it with
    /// [`Walker::take_place`]: a call's result place is `pending`.
    place: Option<Place>,
    /// The place of a call's result, built only when it is used (most
    /// results are dropped or only called on).
    pending: Option<Pending<'a>>,
    /// A closure value.
    closure: Option<Clo<'a>>,
    /// `Mutex::new(…)` / `RwLock::new(…)`.
    lock_ctor: bool,
    /// … of an async lock.
    async_ctor: bool,
    /// … of a reentrant lock (`ReentrantMutex::new(…)`).
    reentrant_ctor: bool,
    /// `X::class()`: a declared class.
    class: Option<String>,
    /// An iterator over a container's elements (`self.shards.iter()`): the
    /// place of one element.
    elems: Option<Place>,
    /// An iterator whose closure takes a lock per item
    /// (`….map(|s| s.lock())`): those acquisitions, alive while the
    /// iterator runs, and how the next item's acquisition repeats them.
    items: Vec<(u32, Repeat)>,
}

/// The place of a call's result, not built yet.
#[derive(Debug, Clone)]
enum Pending<'a> {
    /// `recv.method()`: an accessor on the receiver (`element`: `get(k)`,
    /// `index(k)`, … an element of the receiver).
    Accessor {
        inner: Arc<Place>,
        method: &'a syn::Ident,
        element: bool,
    },
    /// `path(…)`: the result of a free or associated function.
    Call(&'a syn::Path),
}

/// A closure: borrowed from the expression being walked, or kept by a
/// `let` binding.
#[derive(Debug, Clone)]
enum Clo<'a> {
    Ref(&'a syn::ExprClosure),
    Rc(Rc<syn::ExprClosure>),
}

impl Clo<'_> {
    fn get(&self) -> &syn::ExprClosure {
        match self {
            Clo::Ref(c) => c,
            Clo::Rc(c) => c,
        }
    }
}

#[derive(Debug, Clone)]
enum Binding {
    Place(Place),
    /// A (possible) guard, and the place it also refers to (an accessor's
    /// result is both).
    Guard(Vec<u32>, Option<Place>),
    Closure(Rc<syn::ExprClosure>),
}

#[derive(Debug, PartialEq, Eq)]
enum FrameKind {
    Block,
    Temp,
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    ids: Vec<u32>,
}

/// The named guards held before alternative paths (branches, arms, a loop
/// body that may not run), followed across them ([`Walker::paths`]).
struct Paths {
    /// Each guard's current event (a resumed copy after a path dropped it).
    cur: Vec<u32>,
    /// Dropped on some path.
    dropped_any: Vec<bool>,
    /// Dropped on every path so far.
    dropped_all: Vec<bool>,
    /// Moved into a path's value (it leaves with the value, which the
    /// branches' rejoin revives), never held again here.
    flowed: Vec<bool>,
    /// The first event position inside the paths.
    start: u32,
    /// The guards as they were before the paths (`cur` starts as this).
    orig: Vec<u32>,
    /// The bindings holding those guards: (index in the environment, name,
    /// guards before the paths, guards at the end of each path so far).
    slots: Vec<(usize, String, Vec<u32>, Vec<u32>)>,
}

impl Paths {
    /// The current version of a guard held before the paths.
    fn current(&self, id: u32) -> u32 {
        self.orig
            .iter()
            .position(|&o| o == id)
            .map_or(id, |i| self.cur[i])
    }
}

struct Walker {
    edition2024: bool,
    include_tests: bool,
    fn_name: String,
    self_ty: Option<String>,
    module: Arc<[String]>,
    lines: (u32, u32),
    events: Vec<Event>,
    frames: Vec<Frame>,
    /// Bindings in scope, innermost last (a name is bound once per scope).
    env: Vec<(String, Binding)>,
    /// Where each open scope starts in `env`, and how many frames were
    /// open when it began (a block's own frame comes next).
    scopes: Vec<(usize, usize)>,
    /// Where each enclosing loop's scopes start in `env`: a binding below
    /// that outlives the loop's iterations.
    loops: Vec<usize>,
    /// The bindings in `env` declared without a value (`let g;`).
    uninit: Vec<usize>,
    /// The bindings in `env` that are local collections of guards.
    collections: Vec<usize>,
    /// The enclosing `loop`s (label, guards carried out by `break value`).
    breaks: Vec<(Option<String>, Vec<u32>)>,
    /// Emptied frame lists, reused ([`Walker::recycle`]).
    spare: Vec<Vec<u32>>,
    /// A local closure was bound in this function (macro arguments then
    /// look bare identifiers up).
    binds_closures: bool,
    depth: u32,
    spawned: Vec<FnIr>,
    spawn_count: u32,
    nested_items: Vec<(Item, Arc<[String]>)>,
    /// Groups of revived branch guards.
    alt_count: u32,
    /// Bound closures that were called (by address).
    called: HashSet<*const syn::ExprClosure>,
    /// Reused text buffers for identifiers ([`Walker::take_word`]).
    words: Vec<String>,
    /// The function body's expression macro tokens ([`take_macro_tokens`]).
    macros: MacroTokens,
}

const ADAPTORS: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or_else",
    "unwrap_or_default",
    "as_ref",
    "as_mut",
    "borrow",
    "borrow_mut",
    "deref",
    "deref_mut",
    "as_deref",
    "get_or_init",
    "get_or_try_init",
    "force",
    "lock_arc",
];

/// Macros whose arguments are expressions evaluated where the macro is
/// (std formatting and assertions, `log`/`tracing`/`slog`, `anyhow`,
/// `tokio::join!`/`select!` arms parse as far as they are expressions).
const EXPR_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "format",
    "format_args",
    "print",
    "println",
    "eprint",
    "eprintln",
    "write",
    "writeln",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
    "vec",
    "dbg",
    "matches",
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "log",
    "event",
    "crit",
    "o",
    "anyhow",
    "bail",
    "ensure",
    "format_err",
    "join",
    "try_join",
    "select",
    "ready",
    "pin",
];

/// Associated functions of guard types that turn a guard into another
/// guard of the same lock (parking_lot, lock_api, std's unstable `map`).
const GUARD_PROJECTIONS: &[&str] = &[
    "map",
    "try_map",
    "filter_map",
    "map_split",
    "downgrade",
    "downgrade_to_upgradable",
];

/// Condition-variable waits (std, parking_lot, lockorder): the first
/// argument is the guard (by value or `&mut`), released while waiting.
const CONDVAR_WAITS: &[&str] = &[
    "wait",
    "wait_while",
    "wait_timeout",
    "wait_timeout_while",
    "wait_timeout_ms",
    "wait_for",
    "wait_until",
    "wait_while_for",
    "wait_while_until",
];

fn lock_method(name: &str, nargs: usize) -> Option<(Mode, bool)> {
    let r = match (name, nargs) {
        (
            "lock" | "write" | "lock_owned" | "write_owned" | "blocking_lock" | "blocking_write",
            0,
        ) => (Mode::Exclusive, false),
        ("read" | "read_owned" | "blocking_read" | "upgradable_read", 0) => (Mode::Read, false),
        ("read_recursive", 0) => (Mode::RecursiveRead, false),
        ("try_lock" | "try_write" | "try_lock_owned" | "try_write_owned", 0)
        | ("try_lock_for" | "try_lock_until" | "try_write_for" | "try_write_until", 1) => {
            (Mode::Exclusive, true)
        }
        ("try_read" | "try_read_owned" | "try_upgradable_read", 0)
        | ("try_read_for" | "try_read_until", 1) => (Mode::Read, true),
        ("try_read_recursive", 0) | ("try_read_recursive_for", 1) => (Mode::RecursiveRead, true),
        _ => return None,
    };
    Some(r)
}

fn is_spawn(name: &str) -> bool {
    matches!(
        name,
        "spawn" | "spawn_blocking" | "spawn_local" | "spawn_scoped" | "spawn_unchecked"
    )
}

impl Walker {
    fn new(edition: u16, head: &FnHead, lines: (u32, u32), mut bufs: Bufs) -> Self {
        let ids = bufs.spare.pop().unwrap_or_default();
        bufs.frames.push(Frame {
            kind: FrameKind::Block,
            ids,
        });
        Walker {
            edition2024: edition >= 2024,
            include_tests: false,
            fn_name: head.name.clone(),
            self_ty: head.self_ty.clone(),
            module: head.module.clone(),
            lines,
            events: Vec::new(),
            frames: bufs.frames,
            env: bufs.env,
            scopes: bufs.scopes,
            loops: bufs.loops,
            uninit: Vec::new(),
            collections: Vec::new(),
            breaks: Vec::new(),
            spare: bufs.spare,
            binds_closures: false,
            depth: 0,
            spawned: Vec::new(),
            spawn_count: 0,
            nested_items: Vec::new(),
            called: bufs.called,
            alt_count: 0,
            words: bufs.words,
            macros: bufs.macros,
        }
    }

    /// The working lists, emptied, for the next function's walker.
    fn into_bufs(mut self) -> Bufs {
        for f in self.frames.drain(..) {
            let mut ids = f.ids;
            ids.clear();
            self.spare.push(ids);
        }
        self.env.clear();
        self.scopes.clear();
        self.loops.clear();
        self.called.clear();
        Bufs {
            frames: self.frames,
            env: self.env,
            scopes: self.scopes,
            loops: self.loops,
            spare: self.spare,
            words: self.words,
            called: self.called,
            macros: self.macros,
        }
    }

    fn pos(&self) -> u32 {
        u32::try_from(self.events.len()).unwrap_or(u32::MAX)
    }

    fn push_event(&mut self, kind: EventKind, site: Pos) -> u32 {
        let id = self.pos();
        self.events.push(Event {
            kind,
            site,
            end: u32::MAX,
            alt: 0,
            resumed: false,
            repeat: Repeat::No,
        });
        id
    }

    /// Whether event `id` takes a lock (not a call that may return a guard).
    fn is_acquisition(&self, id: u32) -> bool {
        matches!(
            self.events.get(id as usize).map(|e| &e.kind),
            Some(EventKind::Acquire { .. } | EventKind::Declared { .. })
        )
    }

    /// The acquisitions among `ids` still held.
    fn live_acquisitions(&self, ids: &[u32]) -> Vec<u32> {
        ids.iter()
            .copied()
            .filter(|&id| self.is_acquisition(id) && !self.ended(id))
            .collect()
    }

    /// A new event repeating event `id` here (its kind, site and whether it
    /// is resumed).
    fn copy_event(&mut self, id: u32) -> Option<u32> {
        let ev = self.events.get(id as usize)?.clone();
        let new = self.push_event(ev.kind, ev.site);
        self.events[new as usize].resumed = ev.resumed;
        self.events[new as usize].repeat = ev.repeat;
        Some(new)
    }

    /// The guards bound to the variable at `idx` in the environment, if it
    /// is still `name` there.
    fn slot_mut(&mut self, idx: usize, name: &str) -> Option<&mut Vec<u32>> {
        match self.env.get_mut(idx) {
            Some((n, Binding::Guard(g, _))) if n == name => Some(g),
            _ => None,
        }
    }

    /// The named acquisitions held right now (open in a block frame: the
    /// guards a path can `drop` or move away).
    fn held_guards(&self) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .frames
            .iter()
            .filter(|f| f.kind == FrameKind::Block)
            .flat_map(|f| f.ids.iter().copied())
            .filter(|&id| !self.ended(id) && self.is_acquisition(id))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn ended(&self, id: u32) -> bool {
        self.events
            .get(id as usize)
            .is_some_and(|e| e.end != u32::MAX)
    }

    /// Holds `id` (dropped on another path) again from here: a resumed copy
    /// takes its place in its frame and in the bindings that name it.
    fn resume(&mut self, id: u32) -> u32 {
        let in_frame = self.frames.iter().any(|f| f.ids.contains(&id));
        let holder = self
            .env
            .iter()
            .position(|(_, b)| matches!(b, Binding::Guard(ids, _) if ids.contains(&id)));
        // a guard in no frame and no variable was moved into a value (a
        // branch's, revived at its join): nothing holds it here any more
        if !in_frame && holder.is_none() {
            return id;
        }
        let Some(new) = self.copy_event(id) else {
            return id;
        };
        self.events[new as usize].resumed = true;
        for f in &mut self.frames {
            for x in &mut f.ids {
                if *x == id {
                    *x = new;
                }
            }
        }
        for (_, b) in &mut self.env {
            if let Binding::Guard(ids, _) = b {
                for x in ids.iter_mut() {
                    if *x == id {
                        *x = new;
                    }
                }
            }
        }
        // a guard that had left every frame (moved into a branch's value,
        // which revives it at the join) is held again by its variable on
        // the paths that kept it: it lives where that variable does
        if !in_frame {
            if let Some(home) = holder.and_then(|i| self.decl_frame(i)) {
                self.frames[home].ids.push(new);
            }
        }
        new
    }

    /// `g = m.lock()` on a local: the old guard, if it held one, is dropped
    /// by the assignment (after the new one is taken), and the new one lives
    /// where `g` does, also when `g` was declared without a value (`let
    /// g;`). Returns whether `name` was such a local.
    fn reassign_guard(&mut self, name: &str, v: &Val<'_>) -> bool {
        let acquired: Vec<u32> = v
            .guards
            .iter()
            .copied()
            .filter(|&id| self.is_acquisition(id))
            .collect();
        let Some(idx) = self.env.iter().rposition(|(n, _)| n == name) else {
            return false;
        };
        let old = match &self.env[idx].1 {
            Binding::Guard(ids, _) => ids.clone(),
            // declared without a value (`let g;`): assigned once before use
            Binding::Place(_) if self.uninit.contains(&idx) => Vec::new(),
            // `let mut lock = None; … if lock.is_none() { lock = Some(m.lock()) }`
            // holds the guard on some paths only, and such code tests for
            // it before locking again (tokio's semaphore): not followed
            Binding::Place(_) | Binding::Closure(_) => return false,
        };
        if acquired.is_empty() {
            return false;
        }
        for &id in &old {
            self.end(id);
        }
        // the new guards leave the statement's temporaries for the frame
        // that held the old ones (where `g` was declared)
        for f in &mut self.frames {
            f.ids.retain(|i| !acquired.contains(i));
        }
        let home = self
            .frames
            .iter()
            .rposition(|f| f.kind == FrameKind::Block && f.ids.iter().any(|i| old.contains(i)))
            .or_else(|| self.decl_frame(idx));
        if let Some(h) = home {
            self.frames[h].ids.extend(acquired.iter().copied());
        }
        self.env[idx].1 = Binding::Guard(acquired, None);
        true
    }

    /// The block frame of the scope that declared the binding at `idx` in
    /// the environment: what that variable holds lives as long as it.
    fn decl_frame(&self, idx: usize) -> Option<usize> {
        let depth = self
            .scopes
            .iter()
            .rev()
            .find(|&&(start, _)| start <= idx)
            .map_or(0, |&(_, frames)| frames);
        let last = self.frames.len().checked_sub(1)?;
        self.frames[..=depth.min(last)]
            .iter()
            .rposition(|f| f.kind == FrameKind::Block)
    }

    /// Starts following the guards held before alternative paths.
    fn paths(&self) -> Paths {
        let cur = self.held_guards();
        let n = cur.len();
        let slots = if cur.is_empty() {
            Vec::new()
        } else {
            self.env
                .iter()
                .enumerate()
                .filter_map(|(i, (name, b))| match b {
                    Binding::Guard(ids, _) if ids.iter().any(|id| cur.contains(id)) => {
                        Some((i, name.clone(), ids.clone(), Vec::new()))
                    }
                    _ => None,
                })
                .collect()
        };
        Paths {
            slots,
            orig: cur.clone(),
            cur,
            dropped_any: vec![false; n],
            dropped_all: vec![true; n],
            flowed: vec![false; n],
            start: self.pos(),
        }
    }

    /// Before one path: a guard dropped on an earlier path is held here.
    fn path_begin(&mut self, p: &mut Paths) {
        for i in 0..p.cur.len() {
            if p.dropped_any[i] && !p.flowed[i] && self.ended(p.cur[i]) {
                p.cur[i] = self.resume(p.cur[i]);
            }
        }
        // each path starts with the variables as they were before the paths
        // (an earlier path may have re-assigned one)
        for (idx, name, ids, _) in &p.slots {
            let now: Vec<u32> = ids.iter().map(|&id| p.current(id)).collect();
            if let Some(g) = self.slot_mut(*idx, name) {
                *g = now;
            }
        }
    }

    /// After one path: which guards it dropped (or moved away), apart
    /// from those that leave as the path's `value`, and what each variable
    /// holds at its end.
    fn path_end(&self, p: &mut Paths, value: &[u32]) {
        for (idx, name, _, ends) in &mut p.slots {
            if let Some((n, Binding::Guard(g, _))) = self.env.get(*idx) {
                if n == name {
                    ends.extend(g.iter().copied());
                }
            }
        }
        for (i, &id) in p.cur.iter().enumerate() {
            if value.contains(&id) {
                p.flowed[i] = true;
                continue;
            }
            let dropped = self.ended(id);
            p.dropped_any[i] |= dropped;
            p.dropped_all[i] &= dropped;
        }
    }

    /// Where the paths rejoin. `exhaustive`: one of them always runs (an
    /// `if` with `else`, a `match`); otherwise the way around them all keeps
    /// every guard. A guard dropped on some paths but not all is held again.
    ///
    /// `revived` are the branches' values revived at the join (taken anew
    /// there). The named guards a path left held (held again on a later
    /// path, re-assigned `g = m.lock()` on one) were taken on their own
    /// path, before its value: with the revived values they form one group
    /// of alternatives, which never hold each other.
    fn paths_join(&mut self, mut p: Paths, exhaustive: bool, revived: &[u32]) {
        let live: Vec<u32> = self
            .held_guards()
            .into_iter()
            .filter(|&id| id >= p.start && !revived.contains(&id))
            .collect();
        if !live.is_empty() && !revived.is_empty() {
            // one group, merging the groups any of them was already in (a
            // guard held again at an inner join is an alternative there too)
            let mut olds: Vec<u32> = revived
                .iter()
                .chain(&live)
                .filter_map(|&d| self.events.get(d as usize).map(|e| e.alt))
                .filter(|&a| a != 0)
                .collect();
            olds.sort_unstable();
            olds.dedup();
            let group = olds.first().copied().unwrap_or_else(|| {
                self.alt_count += 1;
                self.alt_count
            });
            if olds.len() > 1 {
                for e in &mut self.events {
                    if olds.contains(&e.alt) {
                        e.alt = group;
                    }
                }
            }
            for id in revived.iter().chain(&live) {
                if let Some(e) = self.events.get_mut(*id as usize) {
                    e.alt = group;
                }
            }
        }
        for i in 0..p.cur.len() {
            let id = p.cur[i];
            let everywhere = exhaustive && p.dropped_all[i];
            if p.dropped_any[i] && !everywhere && !p.flowed[i] && self.ended(id) {
                p.cur[i] = self.resume(id);
            }
        }
        // after the paths a variable holds what it held at the end of any
        // of them (or, when they may all be skipped, what it held before)
        for (idx, name, ids, ends) in &p.slots {
            let mut now: Vec<u32> = ends.iter().map(|&id| p.current(id)).collect();
            if !exhaustive {
                now.extend(ids.iter().map(|&id| p.current(id)));
            }
            now.sort_unstable();
            now.dedup();
            if let Some(g) = self.slot_mut(*idx, name) {
                *g = now;
            }
        }
    }

    fn end(&mut self, id: u32) {
        let n = self.pos();
        if let Some(e) = self.events.get_mut(id as usize) {
            if e.end == u32::MAX {
                e.end = n.max(id + 1);
            }
        }
    }

    fn push_frame(&mut self, kind: FrameKind) {
        let ids = self.spare.pop().unwrap_or_default();
        self.frames.push(Frame { kind, ids });
    }

    /// A popped frame's list, kept for the next frame (a frame is pushed
    /// per statement: its list would be allocated anew each time).
    fn recycle(&mut self, mut ids: Vec<u32>) {
        ids.clear();
        self.spare.push(ids);
    }

    /// Pops a frame, ending its guards except `keep`, which move to the
    /// frame below.
    fn pop_frame(&mut self, keep: &[u32]) {
        if let Some(f) = self.frames.pop() {
            for &id in &f.ids {
                if keep.contains(&id) {
                    if let Some(below) = self.frames.last_mut() {
                        below.ids.push(id);
                        continue;
                    }
                }
                self.end(id);
            }
            self.recycle(f.ids);
        }
    }

    fn temp(&mut self, id: u32) {
        if let Some(f) = self.frames.last_mut() {
            f.ids.push(id);
        }
    }

    /// Moves guards from temporary frames into the nearest block frame.
    fn bind_guards(&mut self, ids: &[u32]) {
        for f in self.frames.iter_mut().rev() {
            if f.kind == FrameKind::Temp {
                f.ids.retain(|i| !ids.contains(i));
            } else {
                break;
            }
        }
        if let Some(f) = self
            .frames
            .iter_mut()
            .rev()
            .find(|f| f.kind == FrameKind::Block)
        {
            for &id in ids {
                if !f.ids.contains(&id) {
                    f.ids.push(id);
                }
            }
        }
    }

    fn push_scope(&mut self) {
        self.scopes.push((self.env.len(), self.frames.len()));
    }

    fn pop_scope(&mut self) {
        // closures bound but never called here (stored, returned, handed
        // on) run on their own, with nothing held
        let Some(&(start, _)) = self.scopes.last() else {
            return;
        };
        let mut uncalled: Vec<(String, Rc<syn::ExprClosure>)> = self.env[start..]
            .iter()
            .filter_map(|(n, b)| match b {
                Binding::Closure(c) if !self.called.contains(&Rc::as_ptr(c)) => {
                    Some((n.clone(), c.clone()))
                }
                _ => None,
            })
            .collect();
        uncalled.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, c) in uncalled {
            self.called.insert(Rc::as_ptr(&c));
            self.spawn_body_named(&c.body, "closure");
        }
        self.scopes.pop();
        self.env.truncate(start);
        self.uninit.retain(|&i| i < start);
        self.collections.retain(|&i| i < start);
    }

    fn bind(&mut self, name: String, b: Binding) {
        let Some(&(start, _)) = self.scopes.last() else {
            return;
        };
        match self.env[start..].iter().position(|(n, _)| *n == name) {
            Some(i) => {
                self.env[start + i].1 = b;
                self.uninit.retain(|&u| u != start + i);
                self.collections.retain(|&u| u != start + i);
            }
            None => self.env.push((name, b)),
        }
    }

    /// `id` as text, in a reused buffer (give it back with
    /// [`Self::give_word`]): most identifiers are only compared.
    fn take_word(&mut self, id: &proc_macro2::Ident) -> String {
        use std::fmt::Write;
        let mut s = self.words.pop().unwrap_or_default();
        s.clear();
        let _ = write!(s, "{id}");
        s
    }

    fn give_word(&mut self, s: String) {
        self.words.push(s);
    }

    fn lookup(&self, name: &str) -> Option<&Binding> {
        self.env
            .iter()
            .rev()
            .find_map(|(n, b)| (n == name).then_some(b))
    }

    fn local_place(&self, name: &str, lock_known: Option<bool>) -> Place {
        Place {
            base: Base::Local {
                class: {
                    let mut c = String::with_capacity(self.fn_name.len() + 2 + name.len());
                    c.push_str(&self.fn_name);
                    c.push_str("::");
                    c.push_str(name);
                    c
                },
                lock_known,
                asynch: false,
                reentrant: false,
            },
            fields: Vec::new(),
            text: name.to_owned(),
        }
    }

    // ---------- blocks and statements ----------

    /// Walks a block in a new scope; `fn_body` keeps tail temporaries to
    /// the function end.
    fn block_inner<'a>(&mut self, block: &'a syn::Block, fn_body: bool) -> Val<'a> {
        self.push_scope();
        self.push_frame(FrameKind::Block);
        let n = block.stmts.len();
        let mut tail = Val::default();
        let mut tail_start = u32::MAX;
        let mut prev_cfg: Option<(String, Vec<u32>)> = None;
        for (i, stmt) in block.stmts.iter().enumerate() {
            let is_tail = i + 1 == n && matches!(stmt, Stmt::Expr(_, None));
            if is_tail {
                if let Stmt::Expr(e, None) = stmt {
                    if stmt_cfg(stmt).as_deref() == Some("test") && !self.include_tests {
                        continue;
                    }
                    tail_start = self.pos();
                    self.push_frame(FrameKind::Temp);
                    tail = self.expr(e);
                    // the value's own guards move out with the value
                    let keep: Vec<u32> = tail.guards.clone();
                    if self.edition2024 && !fn_body {
                        // temporaries die at the end of the block
                        let f = self.frames.pop().expect("temp frame");
                        for &id in &f.ids {
                            if keep.contains(&id) {
                                self.frames.last_mut().expect("block").ids.push(id);
                            } else {
                                self.end(id);
                            }
                        }
                        self.recycle(f.ids);
                    } else {
                        // before 2024: tail temporaries outlive the block's
                        // locals; park them in the block frame, and hand
                        // them to the enclosing statement below
                        let f = self.frames.pop().expect("temp frame");
                        self.frames
                            .last_mut()
                            .expect("block")
                            .ids
                            .extend_from_slice(&f.ids);
                        self.recycle(f.ids);
                    }
                }
            } else {
                let cfg = stmt_cfg(stmt);
                if cfg.as_deref() == Some("test") && !self.include_tests {
                    prev_cfg = None;
                    continue;
                }
                // `#[cfg(P)] let g = …; #[cfg(not(P))] let g = …;` are
                // alternatives: the first one's guards never meet the second
                if let (Some(c), Some((p, ids))) = (&cfg, &prev_cfg) {
                    if *c == format!("not ({p})") || *p == format!("not ({c})") {
                        for &id in ids {
                            self.end(id);
                        }
                    }
                }
                let before = self.pos();
                self.stmt(stmt);
                prev_cfg = cfg.map(|c| {
                    let bound: Vec<u32> = self
                        .frames
                        .last()
                        .map(|f| f.ids.iter().copied().filter(|&i| i >= before).collect())
                        .unwrap_or_default();
                    (c, bound)
                });
            }
        }
        // end the block's guards (locals), but the tail temporaries (pre-2024)
        // and the returned guards survive into the enclosing frame
        // (a resumed copy made during the tail is a local's guard held
        // again where the tail's paths rejoin, not a temporary)
        let f = self.frames.pop().expect("block frame");
        let survives = |w: &Self, id: u32| {
            let tail_temp = !w.edition2024
                && !fn_body
                && id >= tail_start
                && !w.events.get(id as usize).is_some_and(|e| e.resumed);
            tail.guards.contains(&id) || tail_temp
        };
        for &id in &f.ids {
            if !survives(self, id) {
                self.end(id);
            }
        }
        // the survivors, in order
        for &id in &f.ids {
            if survives(self, id) {
                self.temp(id);
            }
        }
        self.recycle(f.ids);
        self.pop_scope();
        tail
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Local(local) => self.local(local),
            Stmt::Expr(e, _) => {
                self.push_frame(FrameKind::Temp);
                let v = self.expr(e);
                let _ = v;
                self.pop_frame(&[]);
            }
            Stmt::Macro(m) => {
                self.push_frame(FrameKind::Temp);
                self.mac(&m.mac);
                self.pop_frame(&[]);
            }
            Stmt::Item(item) => {
                if matches!(item, Item::Fn(_) | Item::Impl(_) | Item::Mod(_)) {
                    self.nested_items.push((item.clone(), self.module.clone()));
                }
            }
        }
    }

    fn local(&mut self, local: &syn::Local) {
        self.push_frame(FrameKind::Temp);
        let (pat, declared) = match &local.pat {
            Pat::Type(pt) => (&*pt.pat, Some(type_ref(&pt.ty))),
            p => (p, None),
        };
        let mut val = match &local.init {
            Some(init) => {
                let v = self.expr(&init.expr);
                if let Some((_, diverge)) = &init.diverge {
                    self.push_frame(FrameKind::Temp);
                    self.expr(diverge);
                    self.pop_frame(&[]);
                }
                v
            }
            None => Val::default(),
        };
        let mut names = Vec::new();
        pat_idents(pat, &mut names);
        val.place = self.take_place(&mut val);
        let binds = !matches!(pat, Pat::Wild(_)) && !names.is_empty();
        if binds && !val.guards.is_empty() {
            self.bind_guards(&val.guards);
        }
        self.pop_frame(&[]);
        let single = names.len() == 1 && matches!(pat, Pat::Ident(_));
        for n in names {
            let b = if single && val.closure.is_some() {
                self.binds_closures = true;
                Binding::Closure(match val.closure.clone().expect("closure") {
                    Clo::Ref(c) => Rc::new(c.clone()),
                    Clo::Rc(c) => c,
                })
            } else if single && !val.guards.is_empty() {
                Binding::Guard(val.guards.clone(), val.place.clone())
            } else if single && val.place.is_some() {
                let mut p = val.place.clone().expect("place");
                if matches!(p.base, Base::Static { .. } | Base::Accessor { .. })
                    || matches!(p.base, Base::Local { .. })
                {
                    // keep the alias' identity
                }
                if p.text.is_empty() {
                    p.text = n.clone();
                }
                Binding::Place(p)
            } else if let Some(ty) = declared.as_ref().filter(|t| t.ident.len() > 1) {
                if ty.lock.is_some() {
                    let mut p = self.local_place(&n, Some(true));
                    if let Base::Local {
                        asynch, reentrant, ..
                    } = &mut p.base
                    {
                        *asynch = ty.asynch;
                        *reentrant = is_reentrant_lock(&ty.ident);
                    }
                    Binding::Place(p)
                } else {
                    Binding::Place(Place {
                        base: Base::Typed { ty: ty.clone() },
                        fields: Vec::new(),
                        text: n.clone(),
                    })
                }
            } else if val.lock_ctor {
                let mut p = self.local_place(&n, Some(true));
                if let Base::Local {
                    asynch, reentrant, ..
                } = &mut p.base
                {
                    *asynch = val.async_ctor;
                    *reentrant = val.reentrant_ctor;
                }
                Binding::Place(p)
            } else {
                Binding::Place(self.local_place(&n, None))
            };
            let uninit = local.init.is_none().then(|| n.clone());
            self.bind(n, b);
            if let Some(i) = uninit.and_then(|n| self.env.iter().rposition(|(m, _)| *m == n)) {
                self.uninit.push(i);
            }
        }
        self.bind_unwrapped(pat, &val);
    }

    // ---------- expressions ----------

    fn exprs<'a, I: IntoIterator<Item = &'a Expr>>(&mut self, it: I) -> Vec<u32> {
        let mut g = Vec::new();
        for e in it {
            let v = self.expr(e);
            g.extend(v.guards);
        }
        g
    }

    fn expr<'a>(&mut self, e: &'a Expr) -> Val<'a> {
        self.depth += 1;
        let v = if self.depth > 200 {
            Val::default()
        } else {
            self.expr_inner(e)
        };
        self.depth -= 1;
        v
    }

    fn expr_inner<'a>(&mut self, e: &'a Expr) -> Val<'a> {
        match e {
            Expr::Path(p) => self.path_expr(&p.path),
            Expr::Field(f) => {
                let mut base = self.expr(&f.base);
                let name = match &f.member {
                    syn::Member::Named(id) => id.to_string(),
                    syn::Member::Unnamed(ix) => ix.index.to_string(),
                };
                match self.take_place(&mut base) {
                    Some(mut p) => {
                        p.text.push('.');
                        p.text.push_str(&name);
                        p.fields.push(Field::Named(name));
                        Val {
                            place: Some(p),
                            ..Val::default()
                        }
                    }
                    _ => Val::default(),
                }
            }
            Expr::Index(ix) => {
                let mut base = self.expr(&ix.expr);
                self.push_frame(FrameKind::Temp);
                self.expr(&ix.index);
                self.pop_frame(&[]);
                match self.take_place(&mut base) {
                    Some(mut p) => {
                        p.fields.push(Field::Index);
                        p.text.push_str("[]");
                        Val {
                            place: Some(p),
                            ..Val::default()
                        }
                    }
                    _ => Val::default(),
                }
            }
            Expr::MethodCall(mc) => self.method_call(mc),
            Expr::Call(c) => self.call(c),
            Expr::Macro(m) => {
                self.mac(&m.mac);
                Val::default()
            }
            Expr::Paren(p) => self.expr(&p.expr),
            Expr::Group(g) => self.expr(&g.expr),
            Expr::Reference(r) => self.expr(&r.expr),
            Expr::RawAddr(r) => self.expr(&r.expr),
            Expr::Try(t) => self.expr(&t.expr),
            Expr::Await(a) => {
                let v = self.expr(&a.base);
                let direct = !matches!(strip_parens(&a.base), Expr::Path(_));
                self.awaited(v, direct)
            }
            Expr::Cast(c) => {
                self.expr(&c.expr);
                Val::default()
            }
            Expr::Unary(u) => {
                let v = self.expr(&u.expr);
                match u.op {
                    syn::UnOp::Deref(_) => Val {
                        place: v.place,
                        pending: v.pending,
                        ..Val::default()
                    },
                    _ => Val::default(),
                }
            }
            Expr::Binary(b) => {
                use syn::BinOp::*;
                match b.op {
                    And(_) | Or(_) => {
                        self.expr(&b.left);
                        self.push_frame(FrameKind::Temp);
                        self.expr(&b.right);
                        self.pop_frame(&[]);
                    }
                    AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_)
                    | BitXorAssign(_) | BitAndAssign(_) | BitOrAssign(_) | ShlAssign(_)
                    | ShrAssign(_) => {
                        self.expr(&b.right);
                        self.expr(&b.left);
                    }
                    _ => {
                        self.expr(&b.left);
                        self.expr(&b.right);
                    }
                }
                Val::default()
            }
            Expr::Assign(a) => {
                // the right-hand side is evaluated before the place
                let v = self.expr(&a.right);
                if let Some(name) = bare_local(&a.left) {
                    if self.reassign_guard(&name, &v) {
                        return Val::default();
                    }
                }
                self.expr(&a.left);
                Val::default()
            }
            Expr::Block(b) => self.block_inner(&b.block, false),
            Expr::Unsafe(u) => self.block_inner(&u.block, false),
            Expr::Const(_) => Val::default(),
            Expr::TryBlock(t) => self.block_inner(&t.block, false),
            Expr::Async(a) => {
                // an async block not handed to spawn runs where it is awaited
                self.block_inner(&a.block, false);
                Val::default()
            }
            Expr::If(i) => self.if_expr(i),
            Expr::Match(m) => {
                let mut scrut = self.expr(&m.expr);
                // a try_lock in the scrutinee holds the lock only in the
                // arms that bind its guard (`Ok(g)`), not in `Err(..)`
                // likewise a call returning `Result<Guard, _>`/`Option<Guard>`
                // (an accessor) when the arms match `Ok`/`Some`
                let fallible = m.arms.iter().any(|a| success_pattern(&a.pat));
                let tried: Vec<u32> = scrut
                    .guards
                    .iter()
                    .copied()
                    .filter(|&g| {
                        self.is_try(g)
                            || (fallible
                                && matches!(
                                    self.events.get(g as usize).map(|e| &e.kind),
                                    Some(EventKind::Call { .. })
                                ))
                    })
                    .collect();
                for &t in &tried {
                    self.end(t);
                }
                scrut.guards.retain(|g| !tried.contains(g));
                let mut out = Vec::new();
                let mut paths = self.paths();
                for arm in &m.arms {
                    self.path_begin(&mut paths);
                    self.push_scope();
                    self.push_frame(FrameKind::Temp);
                    let mut arm_scrut = scrut.clone();
                    if success_pattern(&arm.pat) {
                        for &t in &tried {
                            let dup = self.duplicate(t);
                            arm_scrut.guards.push(dup);
                        }
                    }
                    self.bind_pat(&arm.pat, &arm_scrut);
                    if let Pat::Guard(g) = &arm.pat {
                        self.push_frame(FrameKind::Temp);
                        self.expr(&g.guard);
                        self.pop_frame(&[]);
                    }
                    let v = self.expr(&arm.body);
                    // the arm's value ends with the arm; `rejoin` revives it
                    self.pop_frame(&[]);
                    for &g in &v.guards {
                        self.end(g);
                    }
                    self.path_end(&mut paths, &v.guards);
                    out.extend(v.guards);
                    self.pop_scope();
                }
                // after the branches' own guards are revived: a guard held
                // again is not held when they are (it is not taken anew)
                let guards = self.rejoin(out);
                self.paths_join(paths, true, &guards);
                Val {
                    guards,
                    ..Val::default()
                }
            }
            Expr::While(w) => {
                self.loops.push(self.env.len());
                self.push_scope();
                self.push_frame(FrameKind::Temp);
                let is_let = contains_let(&w.cond);
                self.cond(&w.cond);
                if !is_let {
                    self.pop_frame(&[]);
                }
                let mut paths = self.paths();
                self.block_inner(&w.body, false);
                self.path_end(&mut paths, &[]);
                if is_let {
                    self.pop_frame(&[]);
                }
                self.pop_scope();
                self.loops.pop();
                // the body may not run
                self.paths_join(paths, false, &[]);
                Val::default()
            }
            Expr::ForLoop(f) => {
                let mut it = self.expr(&f.expr);
                let elem = self.elements_of(&mut it);
                self.loops.push(self.env.len());
                self.push_scope();
                self.bind_item(&f.pat, elem);
                let mut paths = self.paths();
                self.block_inner(&f.body, false);
                self.path_end(&mut paths, &[]);
                self.pop_scope();
                self.loops.pop();
                // the body may not run
                self.paths_join(paths, false, &[]);
                // `for g in guards`: the loop consumed the collection
                if let Some(idx) = self.collection_var(&f.expr) {
                    self.empty_collection(idx);
                }
                Val::default()
            }
            Expr::Loop(l) => {
                self.loops.push(self.env.len());
                let label = l.label.as_ref().map(|l| l.name.ident.to_string());
                self.breaks.push((label, Vec::new()));
                self.block_inner(&l.body, false);
                self.loops.pop();
                // `let g = loop { … break m.lock() … }`: the guards the
                // breaks carried out are the loop's value
                let carried = self.breaks.pop().map(|(_, ids)| ids).unwrap_or_default();
                Val {
                    guards: self.rejoin(carried),
                    ..Val::default()
                }
            }
            Expr::Let(l) => {
                let v = self.expr(&l.expr);
                self.bind_pat(&l.pat, &v);
                self.bind_unwrapped(&l.pat, &v);
                Val::default()
            }
            Expr::Closure(c) => Val {
                closure: Some(Clo::Ref(c)),
                ..Val::default()
            },
            Expr::Return(r) => {
                if let Some(e) = &r.expr {
                    self.expr(e);
                }
                Val::default()
            }
            Expr::Break(b) => {
                if let Some(e) = &b.expr {
                    let v = self.expr(e);
                    self.break_with(b, &v);
                }
                Val::default()
            }
            Expr::Yield(y) => {
                if let Some(e) = &y.expr {
                    self.expr(e);
                }
                Val::default()
            }
            Expr::Tuple(t) => Val {
                guards: self.exprs(each(&t.elems)),
                ..Val::default()
            },
            Expr::Array(a) => {
                self.exprs(each(&a.elems));
                Val::default()
            }
            Expr::Repeat(r) => {
                self.expr(&r.expr);
                Val::default()
            }
            Expr::Struct(s) => {
                let g = self.exprs(each(&s.fields).map(|f| &f.expr));
                if let Some(rest) = &s.rest {
                    self.expr(rest);
                }
                Val {
                    guards: g,
                    ..Val::default()
                }
            }
            Expr::Range(r) => {
                if let Some(a) = &r.start {
                    self.expr(a);
                }
                if let Some(b) = &r.end {
                    self.expr(b);
                }
                Val::default()
            }
            _ => Val::default(),
        }
    }

    fn cond(&mut self, cond: &Expr) {
        // `let` chains: `if let A = x && let B = y`
        match cond {
            Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) && contains_let(cond) => {
                self.cond(&b.left);
                self.cond(&b.right);
            }
            _ => {
                self.expr(cond);
            }
        }
    }

    fn if_expr<'a>(&mut self, i: &'a syn::ExprIf) -> Val<'a> {
        let is_let = contains_let(&i.cond);
        self.push_scope();
        self.push_frame(FrameKind::Temp);
        self.cond(&i.cond);
        if !is_let {
            // a plain condition's temporaries die before the block runs
            self.pop_frame(&[]);
        }
        let start = self.pos();
        let mut paths = self.paths();
        let then_v = self.block_inner(&i.then_branch, false);
        self.pop_scope();
        self.path_end(&mut paths, &then_v.guards);
        if i.else_branch.is_some() {
            // only one branch runs: the then-block's value and surviving
            // temporaries never meet the else block
            for &g in &then_v.guards {
                self.end(g);
            }
            let dead: Vec<u32> = self
                .frames
                .last()
                .map(|f| {
                    f.ids
                        .iter()
                        .copied()
                        .filter(|&id| id >= start && !then_v.guards.contains(&id))
                        .collect()
                })
                .unwrap_or_default();
            for id in dead {
                self.end(id);
                if let Some(f) = self.frames.last_mut() {
                    f.ids.retain(|&x| x != id);
                }
            }
            // a failed try_lock in the scrutinee holds nothing in `else`
            if is_let {
                let tried: Vec<u32> = self
                    .frames
                    .last()
                    .map(|f| f.ids.iter().copied().filter(|&g| self.is_try(g)).collect())
                    .unwrap_or_default();
                for id in tried {
                    self.end(id);
                }
            }
        }
        if is_let && self.edition2024 {
            // 2024: the scrutinee's temporaries die before `else`
            self.pop_frame(&then_v.guards);
        }
        let mut else_v = Val::default();
        if let Some((_, e)) = &i.else_branch {
            self.path_begin(&mut paths);
            else_v = self.expr(e);
            self.path_end(&mut paths, &else_v.guards);
        }
        if is_let && !self.edition2024 {
            // before 2024 they live through the else block
            self.pop_frame(&then_v.guards);
        }
        let mut g = then_v.guards;
        g.extend(else_v.guards);
        // after the branches' own guards are revived (see `match`)
        let guards = self.rejoin(g);
        self.paths_join(paths, i.else_branch.is_some(), &guards);
        Val {
            guards,
            ..Val::default()
        }
    }

    fn bind_pat(&mut self, pat: &Pat, v: &Val<'_>) {
        let mut names = Vec::new();
        pat_idents(pat, &mut names);
        for n in names {
            let b = if !v.guards.is_empty() {
                Binding::Guard(v.guards.clone(), None)
            } else {
                Binding::Place(self.local_place(&n, None))
            };
            self.bind(n, b);
        }
    }

    fn path_expr(&mut self, path: &syn::Path) -> Val<'static> {
        if path.segments.len() == 1 {
            let name = self.take_word(&path.segments[0].ident);
            let v = self.single_path(&name);
            self.give_word(name);
            if let Some(v) = v {
                return v;
            }
        }
        self.static_path(path)
    }

    /// A one-segment path (`self`, a local, a variant): `None` when it is
    /// read as a static path.
    fn single_path(&self, name: &str) -> Option<Val<'static>> {
        {
            if name == "self" {
                let ty = self.self_ty.clone().unwrap_or_default();
                return Some(Val {
                    place: Some(Place {
                        base: Base::SelfOf(ty),
                        fields: Vec::new(),
                        text: "self".into(),
                    }),
                    ..Val::default()
                });
            }
            match self.lookup(name) {
                Some(Binding::Place(p)) => {
                    return Some(Val {
                        place: Some(p.clone()),
                        ..Val::default()
                    });
                }
                Some(Binding::Guard(g, p)) => {
                    return Some(Val {
                        guards: g.clone(),
                        place: p.clone(),
                        ..Val::default()
                    });
                }
                Some(Binding::Closure(c)) => {
                    return Some(Val {
                        closure: Some(Clo::Rc(c.clone())),
                        ..Val::default()
                    });
                }
                None => {}
            }
            // enum variants and unit values are never locks
            if matches!(name, "None" | "Some" | "Ok" | "Err" | "Default") {
                return Some(Val::default());
            }
            if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                return Some(Val {
                    place: Some(self.local_place(name, None)),
                    ..Val::default()
                });
            }
        }
        None
    }

    /// A path read as a static (or a constant-like path).
    fn static_path(&self, path: &syn::Path) -> Val<'static> {
        let segments: Vec<String> = each(&path.segments)
            .map(|s| {
                let id = s.ident.to_string();
                if id == "Self" {
                    self.self_ty.clone().unwrap_or(id)
                } else {
                    id
                }
            })
            .collect();
        let text = segments.join("::");
        Val {
            place: Some(Place {
                base: Base::Static {
                    segments,
                    module: self.module.clone(),
                },
                fields: Vec::new(),
                text,
            }),
            ..Val::default()
        }
    }

    /// Guards flowing out of alternative branches (match arms, if/else):
    /// each ends with its branch, and the value after the branches is a
    /// fresh copy, so one branch's guard never overlaps another branch.
    fn rejoin(&mut self, ids: Vec<u32>) -> Vec<u32> {
        let mut out = Vec::new();
        self.alt_count += 1;
        let group = self.alt_count;
        let ids_len = ids.len();
        // every branch's guard ends before any is revived: the revived
        // copy of one branch's guard never sees another branch's as held
        for &id in &ids {
            self.end(id);
            for f in &mut self.frames {
                f.ids.retain(|&x| x != id);
            }
        }
        for id in ids {
            let acq = self.is_acquisition(id);
            if acq && ids_len > 1 {
                let d = self.duplicate(id);
                if let Some(e) = self.events.get_mut(d as usize) {
                    e.alt = group;
                }
                out.push(d);
            } else if acq {
                out.push(self.duplicate(id));
            }
        }
        out
    }

    fn is_try(&self, id: u32) -> bool {
        matches!(
            self.events.get(id as usize).map(|e| &e.kind),
            Some(EventKind::Acquire { try_: true, .. })
        )
    }

    /// A copy of an acquisition event at the current position (the guard of
    /// a successful `try_lock` in the arm that binds it; an awaited future).
    fn duplicate(&mut self, id: u32) -> u32 {
        let Some(new) = self.copy_event(id) else {
            return id;
        };
        self.temp(new);
        new
    }

    /// `.await` on a value: a lock call awaited right here acquires; a
    /// stored lock future (`let f = m.read(); … f.await`) acquires now.
    fn awaited<'a>(&mut self, mut v: Val<'a>, direct: bool) -> Val<'a> {
        for g in v.guards.iter_mut() {
            let Some(Event {
                kind: EventKind::Acquire { awaited, .. },
                ..
            }) = self.events.get_mut(*g as usize)
            else {
                continue;
            };
            if *awaited {
                continue;
            }
            if direct {
                *awaited = true;
            } else {
                let new = self.duplicate(*g);
                if let Some(Event {
                    kind: EventKind::Acquire { awaited, .. },
                    ..
                }) = self.events.get_mut(new as usize)
                {
                    *awaited = true;
                }
                *g = new;
            }
        }
        v
    }

    /// Arguments of a call: closures run here, bound guards passed by value
    /// move into the callee.
    fn args<'a>(
        &mut self,
        args: &'a syn::punctuated::Punctuated<Expr, syn::Token![,]>,
    ) -> Vec<Val<'a>> {
        let mut vals = Vec::new();
        for a in each(args) {
            let v = self.expr(a);
            if let Some(c) = &v.closure {
                self.inline_closure(c.get());
            }
            // a guard temporary passed by value moves into the callee
            if !matches!(strip_parens(a), Expr::Reference(_) | Expr::Path(_)) {
                for &id in &v.guards {
                    if matches!(
                        self.events.get(id as usize).map(|e| &e.kind),
                        Some(EventKind::Acquire { .. } | EventKind::Declared { .. })
                    ) {
                        self.end(id);
                    }
                }
            }
            if let Expr::Path(p) = a {
                if p.path.segments.len() == 1 {
                    let name = self.take_word(&p.path.segments[0].ident);
                    let ids = match self.lookup(&name) {
                        Some(Binding::Guard(ids, _)) => Some(ids.clone()),
                        _ => None,
                    };
                    self.give_word(name);
                    for id in ids.into_iter().flatten() {
                        self.end(id);
                    }
                }
            }
            vals.push(v);
        }
        vals
    }

    /// The argument of a wrapper (`Some(g)`, `Ok(g)`, `Box::new(g)`): the
    /// value goes on, its guard with it (not moved into a callee).
    fn wrapped<'a>(
        &mut self,
        args: &'a syn::punctuated::Punctuated<Expr, syn::Token![,]>,
    ) -> Val<'a> {
        let mut last = Val::default();
        for a in each(args) {
            last = self.expr(a);
            if let Some(c) = &last.closure {
                self.inline_closure(c.get());
            }
        }
        last
    }

    fn inline_closure(&mut self, c: &syn::ExprClosure) {
        if self.depth > 64 {
            return;
        }
        self.push_scope();
        for p in each(&c.inputs) {
            let mut names = Vec::new();
            pat_idents(p, &mut names);
            for n in names {
                let pl = self.local_place(&n, None);
                self.bind(n, Binding::Place(pl));
            }
        }
        self.push_frame(FrameKind::Block);
        self.push_frame(FrameKind::Temp);
        self.expr(&c.body);
        self.pop_frame(&[]);
        self.pop_frame(&[]);
        self.pop_scope();
    }

    /// A body handed to `spawn`: a separate task, nothing held.
    fn spawn_body(&mut self, e: &Expr) {
        let body: &Expr = match e {
            Expr::Closure(c) => &c.body,
            other => other,
        };
        self.spawn_body_named(body, "spawn");
    }

    /// Walks `body` as a separate function (a task or a stored closure).
    fn spawn_body_named(&mut self, body: &Expr, what: &str) {
        if self.depth > 64 {
            return;
        }
        self.spawn_count += 1;
        let name = format!("{}::{{{what}#{}}}", self.fn_name, self.spawn_count);
        // the body's events are recorded in place (so guard ids of the
        // enclosing function stay valid), then moved out and replaced by
        // inert placeholders
        let start = self.pos();
        let saved_frames = std::mem::replace(
            &mut self.frames,
            vec![Frame {
                kind: FrameKind::Block,
                ids: Vec::new(),
            }],
        );
        self.push_frame(FrameKind::Temp);
        self.expr(body);
        self.pop_frame(&[]);
        let stop = self.pos();
        self.frames = saved_frames;
        let mut events: Vec<Event> = self.events[start as usize..stop as usize].to_vec();
        for ev in &mut events {
            ev.end = ev.end.min(stop).saturating_sub(start);
        }
        for (i, ev) in self.events[start as usize..stop as usize]
            .iter_mut()
            .enumerate()
        {
            ev.kind = EventKind::Call {
                target: Target::Path(Vec::new()),
                nargs: 0,
            };
            ev.end = start + u32::try_from(i).unwrap_or(0) + 1;
        }
        let ident = name.rsplit("::").next().unwrap_or("").to_owned();
        self.spawned.push(FnIr {
            name,
            ident,
            self_ty: self.self_ty.clone(),
            trait_name: None,
            has_self: false,
            arity: 0,
            module: self.module.clone(),
            events,
            returns: Returns::Nothing,
            spawned: true,
            lines: self.lines,
        });
    }

    fn is_spawn_arg(e: &Expr) -> bool {
        matches!(e, Expr::Closure(_) | Expr::Async(_))
    }

    /// `f`, `&f` or `f.clone()` where `f` is a local closure.
    fn names_closure(&self, e: &Expr) -> bool {
        match strip_parens(e) {
            Expr::Path(p) => p.path.get_ident().is_some_and(|id| {
                matches!(self.lookup(&id.to_string()), Some(Binding::Closure(_)))
            }),
            Expr::Reference(r) => self.names_closure(&r.expr),
            Expr::MethodCall(mc) if mc.method == "clone" && mc.args.is_empty() => {
                self.names_closure(&mc.receiver)
            }
            _ => false,
        }
    }

    /// The arguments of a spawn: a closure or async block, written there
    /// or bound to a name, runs as a separate task (never inline, never
    /// under the spawner's guards); anything else is walked in place.
    fn spawn_args<'a>(&mut self, args: impl IntoIterator<Item = &'a Expr>) {
        for a in args {
            if Self::is_spawn_arg(a) {
                self.spawn_body(a);
                continue;
            }
            match self.expr(a).closure {
                Some(Clo::Ref(c)) => self.spawn_body_named(&c.body, "spawn"),
                Some(Clo::Rc(c)) => self.spawn_body_named(&c.body, "spawn"),
                None => {}
            }
        }
    }

    fn method_call<'a>(&mut self, mc: &'a syn::ExprMethodCall) -> Val<'a> {
        let recv = self.expr(&mc.receiver);
        // the name is copied out of the buffer only where it is kept
        let name = self.take_word(&mc.method);
        let v = self.method_call_on(mc, recv, &name);
        self.give_word(name);
        v
    }

    fn method_call_on<'a>(
        &mut self,
        mc: &'a syn::ExprMethodCall,
        mut recv: Val<'a>,
        name: &str,
    ) -> Val<'a> {
        let site = Pos::of(mc.method.span());
        if let Some((mode, try_)) = lock_method(name, mc.args.len()) {
            for a in each(&mc.args) {
                self.expr(a);
            }
            if let Some(place) = self.take_place(&mut recv) {
                let id = self.push_event(
                    EventKind::Acquire {
                        place: Box::new(place),
                        method: name.to_owned(),
                        mode,
                        try_,
                        awaited: false,
                    },
                    site,
                );
                self.temp(id);
                return Val {
                    guards: vec![id],
                    ..Val::default()
                };
            }
            return Val::default();
        }
        if let Some(v) = self.condvar_wait(mc, name, site) {
            return v;
        }
        if ADAPTORS.contains(&name) || (name == "get" && mc.args.is_empty()) {
            for a in each(&mc.args) {
                let v = self.expr(a);
                if let Some(c) = &v.closure {
                    self.inline_closure(c.get());
                }
            }
            return recv;
        }
        if name == "clone" || name == "to_owned" {
            // a clone of a guard is a clone of the data; of an Arc or a
            // closure, an alias
            return Val {
                place: recv.place,
                pending: recv.pending,
                closure: recv.closure,
                ..Val::default()
            };
        }
        if is_spawn(name) && each(&mc.args).any(|a| Self::is_spawn_arg(a) || self.names_closure(a))
        {
            self.spawn_args(each(&mc.args));
            return Val::default();
        }
        let element = matches!(name, "get" | "get_mut" | "index" | "entry") && mc.args.len() == 1;
        let (items, mut kept, elems) = self.iterator_call(mc, &mut recv, name);
        // Shared by the call event and the accessor place built on it.
        let recv_place = self.take_place(&mut recv).map(Arc::new);
        let id = self.push_event(
            EventKind::Call {
                target: Target::Method {
                    recv: recv_place.clone(),
                    name: name.to_owned(),
                },
                nargs: mc.args.len(),
            },
            site,
        );
        self.temp(id);
        kept.push(id);
        Val {
            guards: kept,
            pending: recv_place.map(|inner| Pending::Accessor {
                inner,
                method: &mc.method,
                element,
            }),
            elems,
            items,
            ..Val::default()
        }
    }

    /// `cv.wait(g)`, `cv.wait_timeout(g, d)`, `cv.wait_while(&mut g, f)` …:
    /// a condition variable releases the lock of guard `g` and takes it
    /// again on wake-up. The old guard ends at the call and a copy of its
    /// acquisition is taken here, blocking, with whatever else is still
    /// held: by value (std) the copy is the call's value, by `&mut`
    /// (parking_lot) it replaces the guard in `g`. Other arguments (a
    /// `wait_while` condition) run first, with the lock held. `None` when
    /// `name` is no wait or its first argument no live guard variable.
    fn condvar_wait<'a>(
        &mut self,
        mc: &'a syn::ExprMethodCall,
        name: &str,
        site: Pos,
    ) -> Option<Val<'a>> {
        if !CONDVAR_WAITS.contains(&name) {
            return None;
        }
        let (var, by_mut) = match strip_parens(mc.args.first()?) {
            Expr::Reference(r) if r.mutability.is_some() => (bare_local(&r.expr)?, true),
            e => (bare_local(e)?, false),
        };
        let old: Vec<u32> = match self.lookup(&var) {
            Some(Binding::Guard(ids, _)) => {
                ids.iter().copied().filter(|&id| !self.ended(id)).collect()
            }
            _ => return None,
        };
        if old.is_empty() {
            return None;
        }
        for a in each(&mc.args).skip(1) {
            let v = self.expr(a);
            if let Some(c) = &v.closure {
                self.inline_closure(c.get());
            }
        }
        let v = Val {
            guards: self.retake(&old, site, None),
            ..Val::default()
        };
        if by_mut {
            self.reassign_guard(&var, &v);
            return Some(Val::default());
        }
        Some(v)
    }

    /// The guards `old` end here and their locks are taken again, blocking
    /// (as `mode` when given): the new guards, temporaries of the current
    /// statement. A variable may hold what one of several paths left in it:
    /// the copies are alternatives too, never held together.
    fn retake(&mut self, old: &[u32], site: Pos, mode: Option<Mode>) -> Vec<u32> {
        for &id in old {
            self.end(id);
        }
        let group = if old.len() > 1 {
            self.alt_count += 1;
            self.alt_count
        } else {
            0
        };
        let mut new = Vec::with_capacity(old.len());
        for &id in old {
            let Some(n) = self.copy_event(id) else {
                continue;
            };
            let ev = &mut self.events[n as usize];
            ev.site = site;
            ev.resumed = false;
            ev.alt = group;
            if let EventKind::Acquire {
                try_, mode: taken, ..
            } = &mut ev.kind
            {
                *try_ = false;
                if let Some(m) = mode {
                    *taken = m;
                }
            }
            self.temp(n);
            new.push(n);
        }
        new
    }

    /// A path's segments, `Self` replaced by the impl type.
    fn segments(&self, path: &syn::Path) -> Vec<String> {
        each(&path.segments)
            .map(|s| {
                let id = s.ident.to_string();
                if id == "Self" {
                    self.self_ty.clone().unwrap_or(id)
                } else {
                    id
                }
            })
            .collect()
    }

    /// The place a value refers to, built if it is a call's result.
    fn take_place(&self, v: &mut Val<'_>) -> Option<Place> {
        if let Some(p) = v.place.take() {
            return Some(p);
        }
        Some(match v.pending.take()? {
            Pending::Accessor {
                inner,
                element: true,
                ..
            } => {
                let mut p = Arc::unwrap_or_clone(inner);
                p.fields.push(Field::Index);
                p.text.push_str("[]");
                p
            }
            Pending::Accessor {
                inner,
                method,
                element: false,
            } => {
                let name = method.to_string();
                let mut text = String::with_capacity(inner.text.len() + name.len() + 3);
                text.push_str(&inner.text);
                text.push('.');
                text.push_str(&name);
                text.push_str("()");
                Place {
                    base: Base::Accessor {
                        inner,
                        method: name,
                    },
                    fields: Vec::new(),
                    text,
                }
            }
            Pending::Call(path) => {
                let mut segs = self.segments(path);
                let mut text = segs.join("::");
                text.push_str("()");
                if let Some(l) = segs.last_mut() {
                    l.push_str("()");
                }
                Place {
                    base: Base::Static {
                        segments: segs,
                        module: self.module.clone(),
                    },
                    fields: Vec::new(),
                    text,
                }
            }
        })
    }

    fn call<'a>(&mut self, c: &'a syn::ExprCall) -> Val<'a> {
        let Expr::Path(fp) = &*c.func else {
            let f = self.expr(&c.func);
            self.args(&c.args);
            if let Some(cl) = &f.closure {
                self.inline_closure(cl.get());
            }
            return Val::default();
        };
        let segs = self.segments(&fp.path);
        let last: &str = segs.last().map_or("", String::as_str);
        let site = Pos::of(
            fp.path
                .segments
                .last()
                .map_or_else(|| c.span(), |s| s.ident.span()),
        );
        // a local closure called by name
        if segs.len() == 1 {
            match self.lookup(last) {
                Some(Binding::Closure(cl)) => {
                    let cl = cl.clone();
                    self.called.insert(Rc::as_ptr(&cl));
                    self.args(&c.args);
                    self.inline_closure(&cl);
                    return Val::default();
                }
                // a parameter or local holding a closure or fn pointer
                // (`f: F`, `callback(x)`): not the free fn of that name
                Some(_) => {
                    self.args(&c.args);
                    return Val::default();
                }
                None => {}
            }
        }
        if last == "drop" && segs.len() <= 3 {
            let vals = self.args(&c.args);
            for v in vals {
                for id in v.guards {
                    self.end(id);
                }
            }
            return Val::default();
        }
        if is_spawn(last) {
            self.spawn_args(each(&c.args));
            return Val::default();
        }
        if last == "class" && c.args.is_empty() && segs.len() >= 2 {
            return Val {
                class: Some(segs[segs.len() - 2].clone()),
                ..Val::default()
            };
        }
        // `RwLockUpgradableReadGuard::upgrade(u)`: the lock is taken again,
        // exclusively, where the upgrade waits for the readers
        if last == "upgrade"
            && segs.len() >= 2
            && segs[segs.len() - 2].ends_with("Guard")
            && let Some(first) = c.args.first()
        {
            let v = self.expr(first);
            let live = self.live_acquisitions(&v.guards);
            return Val {
                guards: self.retake(&live, site, Some(Mode::Exclusive)),
                ..Val::default()
            };
        }
        // `MutexGuard::map(g, f)`, `RwLockWriteGuard::downgrade(g)` …: the
        // guard goes on, narrowed (a downgrade stays as it was taken)
        if segs.len() >= 2
            && GUARD_PROJECTIONS.contains(&last)
            && segs[segs.len() - 2].ends_with("Guard")
            && let Some(first) = c.args.first()
        {
            let guard = self.expr(first);
            for a in each(&c.args).skip(1) {
                let v = self.expr(a);
                if let Some(cl) = &v.closure {
                    self.inline_closure(cl.get());
                }
            }
            return Val {
                guards: guard.guards,
                ..Val::default()
            };
        }
        if segs.len() >= 2 {
            let ty = segs[segs.len() - 2].as_str();
            if last == "new" && lock_type_of(ty).is_some() {
                self.args(&c.args);
                return Val {
                    lock_ctor: true,
                    async_ctor: super::types::is_async_lock_path(&segs[..segs.len() - 1]),
                    reentrant_ctor: is_reentrant_lock(ty),
                    ..Val::default()
                };
            }
            if matches!(ty, "Arc" | "Rc" | "Box" | "Pin") && matches!(last, "new" | "clone" | "pin")
            {
                return self.wrapped(&c.args);
            }
        }
        if matches!(last, "Some" | "Ok") && segs.len() == 1 {
            return self.wrapped(&c.args);
        }
        let vals = self.args(&c.args);
        // a lock scope: any call given `Class::class()`
        if let Some(class) = vals.iter().find_map(|v| v.class.clone()) {
            let id = self.push_event(
                EventKind::Declared {
                    class,
                    summary: true,
                },
                site,
            );
            self.temp(id);
            return Val {
                guards: vec![id],
                ..Val::default()
            };
        }
        let id = self.push_event(
            EventKind::Call {
                target: Target::Path(segs),
                nargs: c.args.len(),
            },
            site,
        );
        self.temp(id);
        Val {
            guards: vec![id],
            pending: Some(Pending::Call(&fp.path)),
            ..Val::default()
        }
    }

    fn mac(&mut self, mac: &syn::Macro) {
        let name = last_ident(&mac.path);
        if !EXPR_MACROS.contains(&name.as_str()) {
            return;
        }
        let mut word = String::new();
        let mut acts = |id: &proc_macro2::Ident| {
            use std::fmt::Write;
            word.clear();
            let _ = write!(word, "{id}");
            self.word_may_act(&word)
        };
        let exprs = match self.macros.get(&std::ptr::from_ref(mac)) {
            Some(toks) => macro_args::acting_args_of(toks, &mut acts),
            None => macro_args::acting_args(&mac.tokens, &mut acts),
        };
        for e in &exprs {
            let v = self.expr(e);
            if let Some(c) = &v.closure {
                self.inline_closure(c.get());
            }
        }
    }
}

impl Walker {
    /// Whether a bare identifier in a macro argument may act when walked:
    /// an expression keyword (`await`, `match`, `return`, …) or a local
    /// closure named bare (run where it is passed).
    fn word_may_act(&self, name: &str) -> bool {
        match keyword(name) {
            Some(active) => active,
            None => self.binds_closures && matches!(self.lookup(name), Some(Binding::Closure(_))),
        }
    }
}

/// Whether `name` is a keyword, and if so whether seeing it means a macro
/// argument may act (`await`, `match`, `return`, …: `Some(true)`) or not
/// (the keywords of a passive expression: paths and casts, `Some(false)`).
fn keyword(name: &str) -> Option<bool> {
    Some(match name {
        "self" | "Self" | "crate" | "super" | "as" | "true" | "false" => false,
        "abstract" | "async" | "await" | "become" | "box" | "break" | "const" | "continue"
        | "do" | "dyn" | "else" | "enum" | "extern" | "final" | "fn" | "for" | "gen" | "if"
        | "impl" | "in" | "let" | "loop" | "macro" | "match" | "mod" | "move" | "mut"
        | "override" | "priv" | "pub" | "ref" | "return" | "static" | "struct" | "trait"
        | "try" | "type" | "typeof" | "unsafe" | "unsized" | "use" | "virtual" | "where"
        | "while" | "yield" => true,
        _ => return None,
    })
}

/// The predicate of a statement's `#[cfg(…)]`, as token text.
fn stmt_cfg(stmt: &Stmt) -> Option<String> {
    let attrs: &[syn::Attribute] = match stmt {
        Stmt::Local(l) => &l.attrs,
        Stmt::Macro(m) => &m.attrs,
        Stmt::Expr(e, _) => match e {
            Expr::Block(b) => &b.attrs,
            Expr::Call(c) => &c.attrs,
            Expr::MethodCall(m) => &m.attrs,
            Expr::Macro(m) => &m.attrs,
            Expr::Assign(a) => &a.attrs,
            Expr::If(i) => &i.attrs,
            Expr::Match(m) => &m.attrs,
            _ => return None,
        },
        Stmt::Item(_) => return None,
    };
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::List(l) if l.path.is_ident("cfg") => Some(l.tokens.to_string()),
        _ => None,
    })
}

/// The name of a bare local on the left of `=` (`g`, not `s.g` or `*g`).
fn bare_local(e: &Expr) -> Option<String> {
    match strip_parens(e) {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        Expr::Group(g) => strip_parens(&g.expr),
        other => other,
    }
}

/// `Ok(x)` / `Some(x)`: the arm where a `try_lock` succeeded.
fn success_pattern(p: &Pat) -> bool {
    match p {
        Pat::TupleStruct(ts) => ts
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Ok" || s.ident == "Some"),
        Pat::Guard(g) => success_pattern(&g.pat),
        _ => false,
    }
}

fn contains_let(e: &Expr) -> bool {
    match e {
        Expr::Let(_) => true,
        Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
            contains_let(&b.left) || contains_let(&b.right)
        }
        Expr::Paren(p) => contains_let(&p.expr),
        _ => false,
    }
}
