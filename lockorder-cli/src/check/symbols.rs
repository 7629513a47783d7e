//! Global symbol tables built from every file's IR: struct fields, type
//! aliases, statics, and functions by type and name.

use super::ir::{FileIr, FnIr, StaticDef, TypeRef};
use foldhash::{HashMap, HashSet};

/// A function's global index and where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FnId(pub usize);

/// All symbols of the analysed crates, borrowed from their IR (building
/// the tables copies no name).
#[derive(Debug, Default)]
pub struct Symbols<'a> {
    /// Struct name → field name → type.
    pub structs: HashMap<&'a str, HashMap<&'a str, &'a TypeRef>>,
    /// Type alias name → aliased type.
    pub aliases: HashMap<&'a str, &'a TypeRef>,
    /// Static name → its definitions (module path, type).
    pub statics: HashMap<&'a str, Vec<&'a StaticDef>>,
    /// Type → method name → functions.
    pub methods: HashMap<&'a str, HashMap<&'a str, Vec<FnId>>>,
    /// Trait → method name → default methods.
    pub trait_defaults: HashMap<&'a str, Vec<FnId>>,
    /// Free functions by name.
    pub free_fns: HashMap<&'a str, Vec<FnId>>,
    /// Every method (taking `self`) by name.
    pub by_method_name: HashMap<&'a str, Vec<FnId>>,
    /// Types defined or implemented in the analysed crates.
    pub user_types: HashSet<&'a str>,
}

/// The functions of all files, flattened, with the file each is in.
#[derive(Debug, Default)]
pub struct FnTable<'a> {
    /// `(file index, function)`.
    pub fns: Vec<(usize, &'a FnIr)>,
}

impl<'a> Symbols<'a> {
    /// Builds the tables (deterministic: files in order).
    pub fn build(files: &[&'a FileIr]) -> (Symbols<'a>, FnTable<'a>) {
        let mut s = Symbols::default();
        let mut table = FnTable::default();
        for (fi, f) in files.iter().enumerate() {
            for st in &f.structs {
                s.user_types.insert(&st.name);
                let e = s.structs.entry(&st.name).or_default();
                for (n, t) in &st.fields {
                    e.entry(n).or_insert(t);
                }
            }
            for (n, t) in &f.aliases {
                s.aliases.entry(n).or_insert(t);
            }
            for st in &f.statics {
                s.statics.entry(&st.name).or_default().push(st);
            }
            for func in &f.functions {
                let id = FnId(table.fns.len());
                table.fns.push((fi, func));
                if func.spawned {
                    continue;
                }
                let ident = func.ident.as_str();
                match (&func.self_ty, &func.trait_name) {
                    (Some(ty), _) => {
                        s.user_types.insert(ty);
                        s.methods
                            .entry(ty)
                            .or_default()
                            .entry(ident)
                            .or_default()
                            .push(id);
                        if func.has_self {
                            s.by_method_name.entry(ident).or_default().push(id);
                        }
                    }
                    (None, Some(_)) => {
                        s.trait_defaults.entry(ident).or_default().push(id);
                        if func.has_self {
                            s.by_method_name.entry(ident).or_default().push(id);
                        }
                    }
                    (None, None) => {
                        s.free_fns.entry(ident).or_default().push(id);
                    }
                }
            }
        }
        (s, table)
    }

    /// Follows type aliases (bounded).
    pub fn unalias<'t>(&'t self, mut t: &'t TypeRef) -> &'t TypeRef {
        for _ in 0..4 {
            // a struct of that name wins over an alias from another crate
            if t.lock.is_some() || self.structs.contains_key(t.ident.as_str()) {
                break;
            }
            match self.aliases.get(t.ident.as_str()) {
                Some(a) if a.ident != t.ident => t = a,
                _ => break,
            }
        }
        t
    }
}
