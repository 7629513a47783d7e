//! What the macros' arguments mean once parsed: the hierarchy declaration,
//! the lock attributes on a function, and a suppression.

use proc_macro2::Span;
use syn::{Attribute, Expr, Ident, LitStr, Path, Visibility};

/// A whole `hierarchy! { … }` invocation: `;`-separated chains.
pub(crate) struct HierarchyDecl {
    pub(crate) chains: Vec<Chain>,
}

/// One chain, `pub Semester > UserLicense > TournamentParticipation;`.
pub(crate) struct Chain {
    pub(crate) vis: Visibility,
    pub(crate) links: Vec<Link>,
}

/// One class name in a chain with the attributes (doc comments) written
/// before it. Attributes before a chain's visibility belong to its first
/// class.
pub(crate) struct Link {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) name: Ident,
}

/// A class of the validated hierarchy, ready to be emitted.
pub(crate) struct ClassDecl {
    pub(crate) name: Ident,
    pub(crate) vis: Visibility,
    pub(crate) attrs: Vec<Attribute>,
    /// Position in the topological order (0 = outermost).
    pub(crate) rank: u32,
    /// Transitive predecessors, outermost first.
    pub(crate) after: Vec<String>,
}

/// Which lock attribute.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// `#[acquires(..)]`: the function takes these locks for its body.
    Acquires,
    /// `#[requires(..)]`: the caller must hold these.
    Requires,
    /// `#[excludes(..)]`: these must not be held on entry.
    Excludes,
}

impl Kind {
    /// The attribute's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Acquires => "acquires",
            Kind::Requires => "requires",
            Kind::Excludes => "excludes",
        }
    }

    /// The `key = value` arguments this attribute accepts.
    pub(crate) fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Acquires => &["pipeline", "entity_id", "caller"],
            Kind::Requires | Kind::Excludes => &["caller"],
        }
    }

    /// The attribute called `name`, if it is one of ours.
    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        match name {
            "acquires" => Some(Kind::Acquires),
            "requires" => Some(Kind::Requires),
            "excludes" => Some(Kind::Excludes),
            _ => None,
        }
    }
}

/// One parsed `#[acquires]`, `#[requires]` or `#[excludes]`.
pub(crate) struct LockAttr {
    pub(crate) kind: Kind,
    /// The lock classes, in the order written.
    pub(crate) classes: Vec<Path>,
    pub(crate) pipeline: Option<LitStr>,
    pub(crate) entity_id: Option<Expr>,
    pub(crate) caller: Option<LitStr>,
}

/// `#[lockorder::allow(rule, reason = "…")]`.
pub(crate) struct AllowArgs {
    /// The rules as written (one is valid; more are reported).
    pub(crate) rules: Vec<RuleArg>,
    pub(crate) reason: Option<LitStr>,
}

/// A rule code as written in `#[lockorder::allow]`.
pub(crate) struct RuleArg {
    /// `lock-order-cycle`, `lock_order_cycle`, or a string literal's value.
    pub(crate) text: String,
    pub(crate) span: Span,
    /// Written bare (not as a string literal).
    pub(crate) bare: bool,
}
