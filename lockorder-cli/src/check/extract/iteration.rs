//! Loops, iterators and collections: the element a loop variable or a
//! `map` closure's parameter stands for, guards kept across iterations
//! (pushed into a local collection, collected from `map`), guards carried
//! out of a `loop` by `break`, and `Some(c)` bindings of a place.

use super::*;

/// Methods that iterate a container's elements (a `for` loop over their
/// result binds one element).
const ITER_METHODS: &[&str] = &[
    "iter",
    "iter_mut",
    "into_iter",
    "values",
    "values_mut",
    "into_values",
];

/// Iterator adaptors whose closure makes each item (`|s| s.lock()` makes a
/// guard per item).
const ITEM_MAPS: &[&str] = &["map", "filter_map", "flat_map", "map_while"];

/// Iterator adaptors that pass the items through.
const ITER_PASS: &[&str] = &[
    "filter",
    "rev",
    "take",
    "skip",
    "take_while",
    "skip_while",
    "fuse",
    "peekable",
    "inspect",
    "step_by",
    "by_ref",
    "enumerate",
];

/// Methods that store a value in a local collection (a guard pushed lives
/// as long as the collection).
const COLLECTION_STORES: &[&str] = &["push", "push_back", "push_front", "insert"];

impl Walker {
    /// A method call's arguments and what it does to iterators: a `map`
    /// closure run per item (or once, on a value), a push into a local
    /// collection, plain arguments otherwise; then the items an adaptor
    /// passes on, the guards `collect` keeps, and the element place of an
    /// iterator over a container. Returns the items the call's value
    /// iterates, the guards it holds, and its element place.
    pub(super) fn iterator_call<'a>(
        &mut self,
        mc: &'a syn::ExprMethodCall,
        recv: &mut Val<'a>,
        name: &str,
    ) -> (Vec<(u32, Repeat)>, Vec<u32>, Option<Place>) {
        let mut items = Vec::new();
        let mut kept = Vec::new();
        let per_item = match (ITEM_MAPS.contains(&name), mc.args.first().map(strip_parens)) {
            (true, Some(Expr::Closure(c))) if mc.args.len() == 1 => Some(c),
            _ => None,
        };
        if let Some(c) = per_item {
            // over an iterator of elements, the parameter is one element
            // and the closure runs per item; on a value (`opt.map(|m| …)`,
            // `map.get(k).map(|m| …)`), once: its guard is the result's
            let value = if recv.elems.is_some() {
                None
            } else {
                self.value_place(recv)
            };
            match value {
                Some(v) => {
                    let param = Some(v).filter(bindable);
                    kept.extend(self.item_closure(c, param).into_iter().map(|(id, _)| id));
                }
                None => items = self.item_closure(c, recv.elems.take()),
            }
        } else if let Some(idx) = self.collection(&mc.receiver, name) {
            self.store_args(idx, &mc.args);
        } else {
            self.args(&mc.args);
            if name == "clear" {
                if let Some(idx) = self.collection_var(&mc.receiver) {
                    self.empty_collection(idx);
                }
            }
        }
        let passes = ITER_PASS.contains(&name);
        let elems = if passes {
            recv.elems.take()
        } else if ITER_METHODS.contains(&name) && mc.args.is_empty() {
            recv.place.clone().map(element_place)
        } else {
            None
        };
        if passes {
            items = std::mem::take(&mut recv.items);
        } else if name == "collect" {
            // every item's guard is kept: the next item's acquisition is
            // taken while the earlier ones are held
            for (id, repeat) in std::mem::take(&mut recv.items) {
                if self.ended(id) {
                    continue;
                }
                kept.push(id);
                if let Some(next) = self.copy_event(id) {
                    self.events[next as usize].repeat = repeat;
                    self.temp(next);
                    kept.push(next);
                }
            }
        } else {
            // consumed here (`sum`, `for_each`, …): each item's guard is gone
            for (id, _) in std::mem::take(&mut recv.items) {
                self.end(id);
            }
        }
        (items, kept, elems)
    }

    /// The place of one element of what a `for` loop iterates: `&self.shards`,
    /// `self.shards.iter()`, `map.values()` give `self.shards[]`, one
    /// element of the container (its element class). `None` for anything
    /// else (a range, a call's result).
    pub(super) fn elements_of(&self, it: &mut Val<'_>) -> Option<Place> {
        if let Some(p) = it.elems.take() {
            return Some(p);
        }
        it.place.clone().map(element_place)
    }

    /// How the acquisition `id`, kept across the iterations of a loop whose
    /// bindings start at `start`, repeats in the next one.
    fn repeat_of(&self, id: u32, start: usize) -> Repeat {
        match &self.events[id as usize].kind {
            EventKind::Acquire { place, .. } if !self.varies(place, start) => Repeat::SameLock,
            _ => Repeat::NextInstance,
        }
    }

    /// Whether `place` may name another lock in each iteration of a loop
    /// whose bindings start at `start` in the environment: an element of a
    /// container, an accessor's result, or a place reached from a binding
    /// made inside the loop (its variable).
    fn varies(&self, place: &Place, start: usize) -> bool {
        if place.fields.contains(&Field::Index) || matches!(place.base, Base::Accessor { .. }) {
            return true;
        }
        let root = place.text.split(['.', '[', '(']).next().unwrap_or("");
        self.env
            .iter()
            .rposition(|(n, _)| n == root)
            .is_some_and(|i| i >= start)
    }

    /// The closure of `….map(|s| …)` and the like, run once per item: its
    /// parameter is one element (`elem`, when the iterator is over a
    /// container's elements). The locks its value holds (`|s| s.lock()`)
    /// stay held while the iterator runs, with how the next item's
    /// acquisition repeats each.
    fn item_closure(&mut self, c: &syn::ExprClosure, elem: Option<Place>) -> Vec<(u32, Repeat)> {
        if self.depth > 64 {
            return Vec::new();
        }
        let start = self.env.len();
        self.push_scope();
        let single = c.inputs.len() == 1;
        for p in each(&c.inputs) {
            self.bind_item(p, elem.clone().filter(|_| single));
        }
        self.push_frame(FrameKind::Block);
        self.push_frame(FrameKind::Temp);
        let v = self.expr(&c.body);
        let keep = self.live_acquisitions(&v.guards);
        let items = keep
            .iter()
            .map(|&id| (id, self.repeat_of(id, start)))
            .collect();
        self.pop_frame(&keep);
        self.pop_frame(&keep);
        self.pop_scope();
        items
    }

    /// Binds the pattern of one item of an iterator (a `for` pattern, a
    /// `map` closure's parameter): with `elem`, the item's element (`s` in
    /// `s`, `&s`, `(i, s)`, `(k, s)`) is that place, other names are locals.
    pub(super) fn bind_item(&mut self, pat: &Pat, elem: Option<Place>) {
        self.bind_pat(pat, &Val::default());
        if let (Some(p), Some(id)) = (elem, item_element(pat)) {
            self.bind(id.to_string(), Binding::Place(p));
        }
    }

    /// The place a value is, when it is a place or an element (`get(k)`),
    /// without taking it out of the value.
    fn value_place(&self, v: &Val<'_>) -> Option<Place> {
        match (&v.place, &v.pending) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(Pending::Accessor { element: true, .. })) => {
                self.take_place(&mut v.clone())
            }
            _ => None,
        }
    }

    /// `Some(c)` / `Ok(c)` matched against a place (`if let Some(c) =
    /// &self.cache`, `let Some(t) = self.tables.get(&id) else …`): `c` is
    /// the lock in it (and still the call's possible guard).
    pub(super) fn bind_unwrapped(&mut self, pat: &Pat, v: &Val<'_>) {
        let Some(id) = unwrapped(pat) else {
            return;
        };
        let Some(place) = self.value_place(v).filter(bindable) else {
            return;
        };
        let b = if v.guards.is_empty() {
            Binding::Place(place)
        } else {
            Binding::Guard(v.guards.clone(), Some(place))
        };
        self.bind(id.to_string(), b);
    }

    /// `break value` out of a `loop`: the value's live guards leave the
    /// loop with it; the loop ends them and revives them as its value. A
    /// guard made by the `break` statement (or in the block it leaves) dies
    /// with that statement or block, so the rest of the body does not see
    /// it; one declared before the loop is still held on the paths that do
    /// not break.
    pub(super) fn break_with(&mut self, b: &syn::ExprBreak, v: &Val<'_>) {
        let label = b.label.as_ref().map(|l| l.ident.to_string());
        let live = self.live_acquisitions(&v.guards);
        let Some(target) = self
            .breaks
            .iter()
            .rposition(|(l, _)| label.is_none() || *l == label)
        else {
            return;
        };
        self.breaks[target].1.extend(live);
    }

    /// `v.push(…)`, `v.insert(…)` … on a local collection `v`: its index in
    /// the environment (the guards pushed live as long as `v`).
    fn collection(&self, recv: &Expr, method: &str) -> Option<usize> {
        if !COLLECTION_STORES.contains(&method) {
            return None;
        }
        let Expr::Path(p) = strip_parens(recv) else {
            return None;
        };
        let name = p.path.get_ident()?.to_string();
        let idx = self.env.iter().rposition(|(n, _)| *n == name)?;
        (!matches!(self.env[idx].1, Binding::Closure(_))).then_some(idx)
    }

    /// The arguments of a push into the collection at `idx` in the
    /// environment: a guard pushed (a temporary or a guard variable moved
    /// in) is held as long as the collection, in the frame of the block
    /// that declared it. Pushed inside a loop that the collection outlives,
    /// each iteration keeps its guard while the next one is taken: a copy
    /// of the acquisition, marked [`Event::repeat`], stands for that next
    /// one. Other arguments are walked as [`Self::args`] does.
    fn store_args(&mut self, idx: usize, args: &syn::punctuated::Punctuated<Expr, syn::Token![,]>) {
        let mut stored = Vec::new();
        for a in each(args) {
            let v = self.expr(a);
            if let Some(c) = &v.closure {
                self.inline_closure(c.get());
            }
            stored.extend(v.guards.iter().copied());
            // a guard variable moved in no longer holds them
            let moved = match strip_parens(a) {
                Expr::Path(p) => p.path.get_ident().map(|id| id.to_string()),
                _ => None,
            };
            if let Some(slot) = moved.and_then(|n| self.env.iter().rposition(|(b, _)| *b == n)) {
                if let Binding::Guard(ids, _) = &mut self.env[slot].1 {
                    stored.append(ids);
                }
            }
        }
        let mut stored = self.live_acquisitions(&stored);
        stored.sort_unstable();
        stored.dedup();
        if stored.is_empty() {
            return;
        }
        if let Some(&start) = self.loops.last().filter(|&&start| idx < start) {
            for id in stored.clone() {
                let repeat = self.repeat_of(id, start);
                if let Some(next) = self.copy_event(id) {
                    self.events[next as usize].repeat = repeat;
                    stored.push(next);
                }
            }
        }
        for f in &mut self.frames {
            f.ids.retain(|i| !stored.contains(i));
        }
        if let Some(home) = self.decl_frame(idx) {
            self.frames[home].ids.extend(stored.iter().copied());
        }
        let slot = &mut self.env[idx].1;
        match slot {
            Binding::Guard(ids, _) => ids.extend(stored),
            Binding::Place(p) => *slot = Binding::Guard(stored, Some(p.clone())),
            Binding::Closure(_) => {}
        }
        if !self.collections.contains(&idx) {
            self.collections.push(idx);
        }
    }

    /// `e` names a local collection of guards (`guards`): its index in the
    /// environment.
    pub(super) fn collection_var(&self, e: &Expr) -> Option<usize> {
        let Expr::Path(p) = strip_parens(e) else {
            return None;
        };
        let name = p.path.get_ident()?.to_string();
        let idx = self.env.iter().rposition(|(n, _)| *n == name)?;
        self.collections.contains(&idx).then_some(idx)
    }

    /// The collection at `idx` is emptied (`guards.clear()`) or consumed
    /// (`for g in guards`): its guards are gone.
    pub(super) fn empty_collection(&mut self, idx: usize) {
        if let Binding::Guard(ids, _) = &mut self.env[idx].1 {
            for id in std::mem::take(ids) {
                self.end(id);
            }
        }
    }
}

/// The name an iterator's item pattern gives the element: `s`, `&s`,
/// and the second of a pair (`(i, s)` of `enumerate`, `(k, s)` of a map).
fn item_element(pat: &Pat) -> Option<&proc_macro2::Ident> {
    match pat {
        Pat::Tuple(t) if t.elems.len() == 2 => bound_name(&t.elems[1]),
        Pat::Reference(r) => item_element(&r.pat),
        p => bound_name(p),
    }
}

/// The name a pattern binds the whole value to: `x`, `&x`, `ref x`.
fn bound_name(p: &Pat) -> Option<&proc_macro2::Ident> {
    match p {
        Pat::Ident(pi) if pi.subpat.is_none() => Some(&pi.ident),
        Pat::Reference(r) => bound_name(&r.pat),
        _ => None,
    }
}

/// Whether a name may stand for `p` itself: not the result of a method
/// call (`self.maybe_key_lock()`), which resolves only when the method
/// returns a lock; a fresh local keeps what it locks as its own class.
fn bindable(p: &Place) -> bool {
    !matches!(p.base, Base::Accessor { .. })
}

/// The name `Some(x)` / `Ok(x)` (also `Some(&x)`) gives the value inside.
fn unwrapped(pat: &Pat) -> Option<&proc_macro2::Ident> {
    let Pat::TupleStruct(ts) = pat else {
        return None;
    };
    let last = ts.path.segments.last()?;
    if ts.elems.len() != 1 || !(last.ident == "Some" || last.ident == "Ok") {
        return None;
    }
    bound_name(&ts.elems[0])
}

/// One element of the container at `p` (`self.shards` → `self.shards[]`).
fn element_place(mut p: Place) -> Place {
    p.fields.push(Field::Index);
    p.text.push_str("[]");
    p
}
