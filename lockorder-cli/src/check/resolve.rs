//! Resolution: symbolic places and call targets → lock classes and callees,
//! then per-function summaries of the locks each function may take
//! (transitively, with the first site and the call chain).

use super::ir::*;
use super::symbols::{FnId, FnTable, Symbols};
use super::types::{is_known_non_lock, is_reentrant_lock};
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;

/// Most candidates a call resolved by name alone may have.
pub const MAX_FANOUT: usize = 4;
/// Longest call chain followed.
pub const MAX_CHAIN: usize = 8;

/// Methods so common on std types that resolving them by name alone would
/// only add noise.
const STD_NAMES: &[&str] = &[
    "new",
    "get",
    "get_mut",
    "insert",
    "remove",
    "len",
    "is_empty",
    "iter",
    "iter_mut",
    "push",
    "pop",
    "contains",
    "contains_key",
    "map",
    "and_then",
    "collect",
    "into_iter",
    "extend",
    "clear",
    "send",
    "recv",
    "take",
    "replace",
    "entry",
    "or_insert",
    "or_default",
    "keys",
    "values",
    "to_string",
    "into",
    "from",
    "default",
    "fmt",
    "eq",
    "cmp",
    "hash",
    "drop",
    "next",
    "write_all",
    "flush",
    "join",
    "filter",
    "find",
    "any",
    "all",
    "first",
    "last",
    "retain",
    "sort",
    "sum",
    "count",
    "min",
    "max",
    "ok",
    "err",
    "map_err",
    "is_some",
    "is_none",
    "unwrap_or",
    "as_str",
    "as_slice",
    "to_vec",
    "lock",
    "read",
    "write",
    "try_lock",
    "wait",
    "notify_one",
    "notify_all",
    "store",
    "load",
    "fetch_add",
    "poll",
    "call",
    "update",
    "set",
];

/// Is the place a lock?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    /// Declared as a lock.
    Yes,
    /// Certainly not (a user type or a std non-lock type).
    No,
    /// Unknown: treated as a lock.
    Maybe,
}

/// A resolved place.
#[derive(Debug, Clone)]
pub struct RPlace {
    /// The lock class.
    pub class: String,
    /// Whether it is a lock.
    pub lock: Tri,
    /// The instance (canonical text), when it identifies one object.
    pub instance: Option<String>,
    /// Its type, when known.
    pub ty: Option<TypeRef>,
}

/// One resolved acquisition.
#[derive(Debug, Clone)]
pub struct RAcq {
    /// Position in the function's events.
    pub pos: u32,
    /// First position where it is no longer held.
    pub end: u32,
    /// Class.
    pub class: String,
    /// Mode.
    pub mode: Mode,
    /// Non-blocking attempt.
    pub try_: bool,
    /// Instance text, relative to this function.
    pub instance: Option<String>,
    /// Where.
    pub site: Pos,
    /// Counts as this function's acquisition (false: `#[requires]`).
    pub summary: bool,
    /// Alternative-branch group (0: none).
    pub alt: u32,
    /// Held again after a path that dropped it ([`Event::resumed`]): held
    /// from here on, not acquired here.
    pub resumed: bool,
    /// The next iteration's acquisition of a loop that keeps its guards
    /// ([`Event::repeat`]).
    pub repeat: bool,
}

/// One resolved call.
#[derive(Debug, Clone)]
pub struct RCall {
    /// Position in the function's events.
    pub pos: u32,
    /// The candidate callees.
    pub callees: Vec<FnId>,
    /// The receiver's instance text, for `self`-relative instances.
    pub recv: Option<String>,
    /// Resolved by method name alone (receiver type unknown): good enough
    /// for edges between classes, too vague to tell instances apart.
    pub by_name: bool,
    /// Where.
    pub site: Pos,
}

/// A function after resolution.
#[derive(Debug, Clone, Default)]
pub struct RFn {
    /// Acquisitions (sorted by position).
    pub acqs: Vec<RAcq>,
    /// Calls (sorted by position).
    pub calls: Vec<RCall>,
}

impl RFn {
    /// The acquisitions held at event position `pos`.
    pub fn held_at(&self, pos: u32) -> impl Iterator<Item = &RAcq> + Clone {
        self.acqs.iter().filter(move |h| h.pos < pos && pos < h.end)
    }
}

/// The functions resolved, by need: every function that may acquire a lock
/// itself (an acquisition, a declared acquisition, or a call by the name of
/// an accessor returning a guard), then the callees of the calls made while
/// a lock is held, and theirs, to the end of the chain: the only summaries
/// the lock graph reads. The other functions (most of a codebase) are left
/// empty: resolving their calls could not change a finding. Also returns
/// which functions are needed ([`summaries`] computes only theirs).
pub fn resolve_by_need(resolver: &Resolver<'_>) -> (Vec<RFn>, Vec<bool>) {
    use rayon::prelude::*;
    let fns = &resolver.table.fns;
    let guard_names: foldhash::HashSet<&str> = fns
        .iter()
        .filter(|(_, f)| matches!(f.returns, Returns::Guard(_)))
        .map(|(_, f)| f.ident.as_str())
        .collect();
    let may_acquire = |f: &FnIr| {
        f.events.iter().any(|ev| match &ev.kind {
            EventKind::Acquire { .. } | EventKind::Declared { .. } => true,
            EventKind::Call { target, .. } => {
                let name = match target {
                    Target::Path(segs) => segs.last().map_or("", String::as_str),
                    Target::Method { name, .. } => name.as_str(),
                };
                guard_names.contains(name)
            }
        })
    };
    let mut rfns: Vec<Option<RFn>> = fns
        .par_iter()
        .map(|(_, f)| may_acquire(f).then(|| resolver.function(f)))
        .collect();
    let mut needed = vec![false; fns.len()];
    let mut frontier: Vec<usize> = Vec::new();
    let mut push_callees = |f: &RFn, under_lock: bool, frontier: &mut Vec<usize>| {
        for c in &f.calls {
            if under_lock && f.held_at(c.pos).next().is_none() {
                continue;
            }
            for &callee in &c.callees {
                if !needed[callee.0] {
                    needed[callee.0] = true;
                    frontier.push(callee.0);
                }
            }
        }
    };
    for f in rfns.iter().flatten() {
        push_callees(f, true, &mut frontier);
    }
    while !frontier.is_empty() {
        frontier.sort_unstable();
        let resolved: Vec<(usize, RFn)> = frontier
            .par_iter()
            .filter(|&&i| rfns[i].is_none())
            .map(|&i| (i, resolver.function(fns[i].1)))
            .collect();
        for (i, r) in resolved {
            rfns[i] = Some(r);
        }
        let mut next = Vec::new();
        for &i in &frontier {
            if let Some(f) = &rfns[i] {
                push_callees(f, false, &mut next);
            }
        }
        frontier = next;
    }
    (
        rfns.into_iter().map(Option::unwrap_or_default).collect(),
        needed,
    )
}

/// A lock a function may take, directly or through calls.
#[derive(Debug, Clone)]
pub struct SumEntry {
    /// Class.
    pub class: String,
    /// Mode.
    pub mode: Mode,
    /// Non-blocking attempt.
    pub try_: bool,
    /// Instance relative to the summarised function (`self.registry`).
    pub instance: Option<String>,
    /// The acquiring function and the site.
    pub at: (FnId, Pos),
    /// Functions from the summarised one down to the acquiring one.
    pub chain: Vec<FnId>,
}

/// Resolution context.
#[derive(Debug)]
pub struct Resolver<'a> {
    /// Symbols.
    pub syms: &'a Symbols<'a>,
    /// Functions.
    pub table: &'a FnTable<'a>,
}

fn strip_mod_prefix(segs: &[String]) -> Vec<String> {
    segs.iter()
        .filter(|s| !matches!(s.as_str(), "crate" | "self" | "super"))
        .cloned()
        .collect()
}

impl Resolver<'_> {
    /// Resolves a place in function `f`.
    pub fn place(&self, p: &Place, f: &FnIr, depth: u32) -> Option<RPlace> {
        if depth > 4 {
            return None;
        }
        let syms = self.syms;
        let mut instance = Some(p.text.clone());
        // base
        let (mut class, mut cur): (Option<String>, Option<TypeRef>) = match &p.base {
            Base::SelfOf(t) => (
                None,
                Some(TypeRef {
                    ident: t.clone(),
                    ..TypeRef::default()
                }),
            ),
            Base::Typed { ty } => (None, Some(ty.clone())),
            Base::Local {
                class,
                lock_known,
                asynch,
                ..
            } => {
                if p.fields.is_empty() {
                    let lock = match lock_known {
                        Some(true) => Tri::Yes,
                        Some(false) => Tri::No,
                        None => Tri::Maybe,
                    };
                    return Some(RPlace {
                        class: class.clone(),
                        lock,
                        instance: Some(class.clone()),
                        ty: asynch.then(|| TypeRef {
                            asynch: true,
                            ..TypeRef::default()
                        }),
                    });
                }
                (Some(class.clone()), None)
            }
            Base::Static { segments, module } => {
                let name = segments.last()?;
                if let Some(r) = self.free_accessor(name, f, depth) {
                    return Some(r);
                }
                if name.ends_with("()") {
                    // the result of a function we cannot follow: a lock only
                    // when its name says so (`lock_for(id)`, `global_mutex()`)
                    let lockish = name.contains("lock") || name.contains("mutex");
                    if !lockish {
                        return None;
                    }
                    instance = None;
                    (Some(segments.join("::")), None)
                } else if let Some(cands) = syms.statics.get(name.as_str()) {
                    let prefix = strip_mod_prefix(&segments[..segments.len() - 1]);
                    let pick = cands
                        .iter()
                        .find(|c| !prefix.is_empty() && c.module.ends_with(&prefix))
                        .or_else(|| cands.iter().find(|c| c.module[..] == module[..]))
                        .or_else(|| cands.iter().min_by(|a, b| a.module.cmp(&b.module)))?;
                    let mut c = pick.module.join("::");
                    if !c.is_empty() {
                        c.push_str("::");
                    }
                    c.push_str(name);
                    instance = Some(c.clone());
                    (Some(c), Some(pick.ty.clone()))
                } else {
                    let screaming = name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
                    if !screaming {
                        return None;
                    }
                    let c = segments.join("::");
                    instance = Some(c.clone());
                    (Some(c), None)
                }
            }
            Base::Accessor { inner, method } => {
                let ri = self.place(inner, f, depth + 1)?;
                let ty = ri.ty.as_ref().map(|t| syms.unalias(t).ident.clone());
                let found = ty
                    .as_ref()
                    .and_then(|t| syms.methods.get(t.as_str()))
                    .and_then(|m| m.get(method.as_str()));
                if let Some(cands) = found {
                    for &id in cands {
                        let callee = self.table.fns[id.0].1;
                        if let Returns::Lock(rp) = &callee.returns {
                            // substitute the callee's `self` by our receiver
                            let mut np = rp.clone();
                            if matches!(np.base, Base::SelfOf(_)) {
                                np.base = inner.base.clone();
                                let mut fields = inner.fields.clone();
                                fields.extend(rp.fields.iter().cloned());
                                np.fields = fields;
                                np.text = rp.text.replacen("self", &inner.text, 1);
                            }
                            let mut r = self.place(&np, callee, depth + 1)?;
                            r.instance = r.instance.map(|_| np.text.clone());
                            if p.fields.is_empty() {
                                return Some(r);
                            }
                            return self.fields(r, &p.fields, instance);
                        }
                    }
                    return None;
                }
                let lockish = method.contains("lock") || method.contains("mutex");
                if !lockish {
                    return None;
                }
                let owner = ty.unwrap_or_else(|| ri.class.clone());
                return Some(RPlace {
                    class: format!("{owner}::{method}()"),
                    lock: Tri::Maybe,
                    instance: Some(p.text.clone()),
                    ty: None,
                });
            }
        };
        // fields
        let mut owner: Option<String> = cur.as_ref().map(|t| syms.unalias(t).ident.clone());
        for fld in &p.fields {
            match fld {
                Field::Named(n) => {
                    let known = owner
                        .as_ref()
                        .and_then(|o| syms.structs.get(o.as_str()))
                        .and_then(|s| s.get(n.as_str()));
                    match (known, &owner) {
                        (Some(t), Some(o)) => {
                            class = Some(format!("{o}::{n}"));
                            let t = syms.unalias(t).clone();
                            owner = Some(t.ident.clone());
                            cur = Some(t);
                        }
                        _ => {
                            class = Some(match (&class, &owner) {
                                (Some(c), _) => format!("{c}.{n}"),
                                (None, Some(o)) => format!("{o}::{n}"),
                                (None, None) => n.clone(),
                            });
                            owner = None;
                            cur = None;
                        }
                    }
                }
                Field::Index => {
                    class = class.map(|c| format!("{c}[]"));
                    instance = None;
                    cur = cur.and_then(|t| t.elem.map(|e| *e));
                    owner = cur.as_ref().map(|t| t.ident.clone());
                }
            }
        }
        let class = match class {
            Some(c) => c,
            None => {
                // `self.lock()` / typed local: a user type's own method
                let t = cur.as_ref()?;
                if t.lock.is_some() {
                    format!("{}::{}", f.name, p.text)
                } else {
                    return Some(RPlace {
                        class: String::new(),
                        lock: Tri::No,
                        instance: None,
                        ty: cur,
                    });
                }
            }
        };
        let lock = match &cur {
            Some(t) => {
                let t = syms.unalias(t);
                if t.lock.is_some() {
                    Tri::Yes
                } else if syms.user_types.contains(t.ident.as_str()) || is_known_non_lock(&t.ident)
                {
                    Tri::No
                } else {
                    Tri::Maybe
                }
            }
            None => Tri::Maybe,
        };
        Some(RPlace {
            class,
            lock,
            instance,
            ty: cur,
        })
    }

    /// `sessions()` where `fn sessions() -> &'static Mutex<…>` returns a
    /// place: that place.
    fn free_accessor(&self, name: &str, f: &FnIr, depth: u32) -> Option<RPlace> {
        let fname = name.strip_suffix("()")?;
        let cands = self.syms.free_fns.get(fname)?;
        let pick = cands
            .iter()
            .map(|id| self.table.fns[id.0].1)
            .filter(|c| matches!(c.returns, Returns::Lock(_)))
            .min_by_key(|c| c.module != f.module)?;
        let Returns::Lock(p) = &pick.returns else {
            return None;
        };
        self.place(p, pick, depth + 1)
    }

    fn fields(&self, r: RPlace, fields: &[Field], instance: Option<String>) -> Option<RPlace> {
        // a field of a resolved accessor result: keep it simple
        let mut class = r.class;
        for f in fields {
            match f {
                Field::Named(n) => class = format!("{class}.{n}"),
                Field::Index => class.push_str("[]"),
            }
        }
        Some(RPlace {
            class,
            lock: Tri::Maybe,
            instance,
            ty: None,
        })
    }

    /// The type of a receiver place, for method resolution.
    /// Whether the lock at `place` (resolved as `r`) is reentrant: a local
    /// declared or constructed as one, or a place of a reentrant type.
    fn reentrant(&self, place: &Place, r: &RPlace) -> bool {
        match &place.base {
            Base::Local { reentrant, .. } if place.fields.is_empty() => *reentrant,
            _ => {
                r.ty.as_ref()
                    .is_some_and(|t| is_reentrant_lock(&self.syms.unalias(t).ident))
            }
        }
    }

    /// Borrowed where it can be: asked for every method call.
    fn place_type<'p>(&'p self, p: &'p Place, f: &FnIr) -> Option<Cow<'p, str>> {
        match (&p.base, p.fields.is_empty()) {
            (Base::SelfOf(t), true) => Some(Cow::Borrowed(t.as_str())),
            (Base::Typed { ty }, true) => Some(Cow::Borrowed(self.syms.unalias(ty).ident.as_str())),
            (Base::Local { .. }, true) => None,
            _ => self
                .place(p, f, 0)
                .and_then(|r| r.ty)
                .map(|t| Cow::Owned(self.syms.unalias(&t).ident.clone())),
        }
    }

    /// Methods named `name` on any type, when few enough. A method never
    /// reaches itself this way: `self.inner.len()` inside `fn len` is
    /// delegation to another type far more often than recursion.
    fn by_name(&self, name: &str, caller: &FnIr) -> Vec<FnId> {
        if STD_NAMES.contains(&name) {
            return Vec::new();
        }
        match self.syms.by_method_name.get(name) {
            Some(c) if c.len() <= MAX_FANOUT => c
                .iter()
                .copied()
                .filter(|id| !std::ptr::eq(self.table.fns[id.0].1, caller))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The candidate callees of a call in `f`.
    pub fn callees(&self, t: &Target, f: &FnIr) -> Vec<FnId> {
        let recv_ty = self.recv_type(t, f);
        self.callees_of(t, f, recv_ty)
    }

    /// The type of a method call's receiver, when known.
    fn recv_type<'p>(&'p self, t: &'p Target, f: &FnIr) -> Option<Cow<'p, str>> {
        match t {
            Target::Method { recv, .. } => recv.as_ref().and_then(|p| self.place_type(p, f)),
            Target::Path(_) => None,
        }
    }

    /// [`Self::callees`] given the receiver's type ([`Self::recv_type`]).
    fn callees_of(&self, t: &Target, f: &FnIr, recv_ty: Option<Cow<'_, str>>) -> Vec<FnId> {
        let syms = self.syms;
        match t {
            Target::Method { name, .. } => {
                let ty = recv_ty;
                match ty {
                    Some(ty) if syms.user_types.contains(ty.as_ref()) => {
                        if let Some(c) = syms
                            .methods
                            .get(ty.as_ref())
                            .and_then(|m| m.get(name.as_str()))
                        {
                            return c.clone();
                        }
                        match syms.trait_defaults.get(name.as_str()) {
                            Some(c) if c.len() <= MAX_FANOUT => c.clone(),
                            _ => Vec::new(),
                        }
                    }
                    Some(ty) if !ty.is_empty() && ty.len() > 1 => {
                        // a known external type: its methods are not ours
                        if is_known_non_lock(&ty) {
                            Vec::new()
                        } else {
                            self.by_name(name, f)
                        }
                    }
                    _ => self.by_name(name, f),
                }
            }
            Target::Path(segs) => {
                let Some(name) = segs.last() else {
                    return Vec::new();
                };
                if segs.len() >= 2 {
                    let ty = &segs[segs.len() - 2];
                    if let Some(m) = syms.methods.get(ty.as_str()) {
                        return m.get(name.as_str()).cloned().unwrap_or_default();
                    }
                }
                let Some(cands) = syms.free_fns.get(name.as_str()) else {
                    return Vec::new();
                };
                let prefix = strip_mod_prefix(&segs[..segs.len() - 1]);
                if !prefix.is_empty() {
                    // `std::mem::swap` is not our `swap`: a qualified path
                    // only matches a module of the analysed crates
                    return cands
                        .iter()
                        .copied()
                        .filter(|id| self.table.fns[id.0].1.module.ends_with(&prefix))
                        .collect();
                }
                let same: Vec<FnId> = cands
                    .iter()
                    .copied()
                    .filter(|id| self.table.fns[id.0].1.module == f.module)
                    .collect();
                if !same.is_empty() {
                    return same;
                }
                if cands.len() <= MAX_FANOUT {
                    cands.clone()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// Callees filtered by arity (when some candidate matches it), and
    /// whether they were found by name alone.
    pub fn callees_checked(&self, t: &Target, f: &FnIr, nargs: usize) -> (Vec<FnId>, bool) {
        let recv_ty = self.recv_type(t, f);
        let by_name = match t {
            Target::Method { .. } => !recv_ty
                .as_ref()
                .is_some_and(|ty| self.syms.user_types.contains(ty.as_ref())),
            Target::Path(_) => false,
        };
        let mut c = self.callees_of(t, f, recv_ty);
        let fits = |id: &FnId| {
            let callee = self.table.fns[id.0].1;
            match t {
                Target::Method { .. } => callee.arity == nargs,
                // `Type::method(self_arg, …)` passes the receiver too
                Target::Path(_) => {
                    callee.arity == nargs || (callee.has_self && callee.arity + 1 == nargs)
                }
            }
        };
        if c.iter().any(fits) {
            c.retain(fits);
        }
        (c, by_name)
    }

    /// Resolves one function's events.
    pub fn function(&self, f: &FnIr) -> RFn {
        let mut out = RFn::default();
        for (i, ev) in f.events.iter().enumerate() {
            let pos = u32::try_from(i).unwrap_or(u32::MAX);
            match &ev.kind {
                EventKind::Declared { class, summary } => out.acqs.push(RAcq {
                    pos,
                    end: ev.end,
                    class: class.clone(),
                    mode: Mode::Exclusive,
                    try_: false,
                    instance: None,
                    site: ev.site,
                    summary: *summary && !ev.resumed && ev.repeat == Repeat::No,
                    alt: ev.alt,
                    resumed: ev.resumed,
                    repeat: ev.repeat != Repeat::No,
                }),
                EventKind::Acquire {
                    place,
                    method,
                    mode,
                    try_,
                    awaited,
                } => match self.place(place, f, 0) {
                    // an async lock's `read()` without `.await` is a future
                    Some(r)
                        if !awaited
                            && r.ty.as_ref().is_some_and(|t| self.syms.unalias(t).asynch) => {}
                    Some(r) if r.lock != Tri::No => out.acqs.push(RAcq {
                        pos,
                        end: ev.end,
                        mode: if self.reentrant(place, &r) {
                            mode.on_reentrant(method)
                        } else {
                            *mode
                        },
                        class: r.class,
                        try_: *try_,
                        instance: match r.instance {
                            Some(i) if ev.repeat == Repeat::NextInstance => {
                                Some(format!("{i} (next iteration)"))
                            }
                            i => i,
                        },
                        site: ev.site,
                        summary: !ev.resumed && ev.repeat == Repeat::No,
                        alt: ev.alt,
                        resumed: ev.resumed,
                        repeat: ev.repeat != Repeat::No,
                    }),
                    // the next iteration calls the same method again: one call
                    Some(_) if ev.repeat != Repeat::No => {}
                    Some(r) => {
                        // a user type's own `lock()`/`read()`: a call
                        let target = Target::Method {
                            recv: Some(std::sync::Arc::new((**place).clone())),
                            name: method.clone(),
                        };
                        let callees = match r.ty {
                            Some(_) => self.callees(&target, f),
                            None => Vec::new(),
                        };
                        if !callees.is_empty() {
                            out.calls.push(RCall {
                                pos,
                                callees,
                                recv: Some(place.text.clone()),
                                site: ev.site,
                                by_name: false,
                            });
                        }
                    }
                    None => {}
                },
                EventKind::Call { target, nargs } => {
                    let (callees, by_name) = self.callees_checked(target, f, *nargs);
                    if callees.is_empty() {
                        continue;
                    }
                    let recv = match target {
                        Target::Method { recv, .. } => recv.as_ref().map(|p| p.text.clone()),
                        Target::Path(_) => None,
                    };
                    // an accessor returning a guard acquires here
                    let guard = callees.iter().find_map(|&id| {
                        let callee = self.table.fns[id.0].1;
                        match &callee.returns {
                            Returns::Guard(g) => Some((callee, *g)),
                            _ => None,
                        }
                    });
                    if let Some((callee, g)) = guard {
                        let cev = &callee.events[g as usize];
                        let r = match &cev.kind {
                            EventKind::Acquire { place, mode, .. } => {
                                self.place(place, callee, 0).map(|r| (r, *mode))
                            }
                            EventKind::Declared { class, .. } => Some((
                                RPlace {
                                    class: class.clone(),
                                    lock: Tri::Yes,
                                    instance: None,
                                    ty: None,
                                },
                                Mode::Exclusive,
                            )),
                            EventKind::Call { .. } => None,
                        };
                        if let Some((r, mode)) = r.filter(|(r, _)| r.lock != Tri::No) {
                            let instance = map_instance(r.instance.as_deref(), recv.as_deref());
                            out.acqs.push(RAcq {
                                pos,
                                end: ev.end,
                                class: r.class,
                                mode,
                                try_: false,
                                instance,
                                site: ev.site,
                                summary: true,
                                alt: ev.alt,
                                resumed: false,
                                repeat: false,
                            });
                            continue;
                        }
                    }
                    out.calls.push(RCall {
                        pos,
                        callees,
                        recv,
                        site: ev.site,
                        by_name,
                    });
                }
            }
        }
        out
    }
}

/// Maps a callee-relative instance (`self.x`) through the call's receiver.
pub fn map_instance(inst: Option<&str>, recv: Option<&str>) -> Option<String> {
    let inst = inst?;
    if inst == "self" || inst.starts_with("self.") || inst.starts_with("self[") {
        let r = recv?;
        return Some(format!("{r}{}", &inst[4..]));
    }
    // statics and function-local classes name one object everywhere;
    // a parameter of the callee is some object of the caller: unknown
    if inst.contains("::") || inst.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        Some(inst.to_owned())
    } else {
        None
    }
}

/// Computes the summaries of the `needed` functions over the call graph
/// (strongly connected components in reverse topological order; a fixpoint
/// inside each). The callees of a needed function are needed too.
pub fn summaries(rfns: &[RFn], needed: &[bool]) -> Vec<Vec<SumEntry>> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let n = rfns.len();
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, n);
    for _ in 0..n {
        g.add_node(());
    }
    for (i, f) in rfns.iter().enumerate() {
        for c in &f.calls {
            for &callee in &c.callees {
                g.add_edge(NodeIndex::new(i), NodeIndex::new(callee.0), ());
            }
        }
    }
    let mut sums: Vec<Vec<SumEntry>> = vec![Vec::new(); n];
    // tarjan_scc yields components in reverse topological order (callees first)
    for scc in petgraph::algo::tarjan_scc(&g) {
        let members: Vec<usize> = scc.iter().map(|x| x.index()).collect();
        if !members.iter().any(|&m| needed[m]) {
            continue;
        }
        // a lone function's callees are all summarised already (and a call
        // to itself adds nothing): one round settles it
        let rounds = if members.len() == 1 {
            1
        } else {
            3 + members.len().min(8)
        };
        for _ in 0..rounds {
            let mut changed = false;
            for &m in &members {
                let new = summarise(m, &rfns[m], &sums);
                if new.len() != sums[m].len() {
                    changed = true;
                }
                sums[m] = new;
            }
            if !changed {
                break;
            }
        }
    }
    sums
}

fn summarise(me: usize, f: &RFn, sums: &[Vec<SumEntry>]) -> Vec<SumEntry> {
    let mut out: Vec<SumEntry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |e: SumEntry, out: &mut Vec<SumEntry>| {
        if let Some(&i) = index.get(&e.class) {
            let old = &out[i];
            // prefer blocking over try, then the shorter chain
            let better =
                (old.try_ && !e.try_) || (old.try_ == e.try_ && e.chain.len() < old.chain.len());
            if better {
                out[i] = e;
            }
        } else {
            index.insert(e.class.clone(), out.len());
            out.push(e);
        }
    };
    // own acquisitions and calls, in evaluation order
    let mut ai = f.acqs.iter().filter(|a| a.summary).peekable();
    let mut ci = f.calls.iter().peekable();
    loop {
        let take_acq = match (ai.peek(), ci.peek()) {
            (Some(a), Some(c)) => a.pos <= c.pos,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_acq {
            let a = ai.next().expect("peeked");
            add(
                SumEntry {
                    class: a.class.clone(),
                    mode: a.mode,
                    try_: a.try_,
                    instance: a.instance.clone(),
                    at: (FnId(me), a.site),
                    chain: vec![FnId(me)],
                },
                &mut out,
            );
        } else {
            let c = ci.next().expect("peeked");
            for &callee in &c.callees {
                if callee.0 == me {
                    continue;
                }
                for e in &sums[callee.0] {
                    if e.chain.len() >= MAX_CHAIN || e.chain.contains(&FnId(me)) {
                        continue;
                    }
                    let mut chain = Vec::with_capacity(e.chain.len() + 1);
                    chain.push(FnId(me));
                    chain.extend_from_slice(&e.chain);
                    add(
                        SumEntry {
                            class: e.class.clone(),
                            mode: e.mode,
                            try_: e.try_,
                            instance: map_instance(e.instance.as_deref(), c.recv.as_deref()),
                            at: e.at,
                            chain,
                        },
                        &mut out,
                    );
                }
            }
        }
    }
    out
}
