//! Attribute macros for lockorder: declare the lock hierarchy once and
//! annotate lock-taking functions. Use them through the `lockorder` facade
//! (`lockorder::hierarchy!`, `#[lockorder::acquires(..)]`, …); generated
//! code reaches the runtime only through `::lockorder::__private`.
//!
//! | macro | checked by |
//! |---|---|
//! | [`hierarchy!`] | rustc (cycles, duplicates), the CLI, the runtime |
//! | [`#[acquires]`](macro@acquires) | rustc (order of the list), the runtime (every call) |
//! | [`#[requires]`](macro@requires), [`#[excludes]`](macro@excludes) | the runtime (every call), the CLI |
//! | [`#[allow]`](macro@allow) | the CLI (suppression with a reason) |
//!
//! The user guide is `docs/macros.md` in the repository.
#![deny(missing_docs)]
// Defining an attribute macro called `allow` at the crate root shadows the
// built-in `#[allow]` here: code (and `quote!` repetitions, which expand
// to `#[allow(..)]`) that needs it lives in the modules.

mod diag;
mod expand;
mod model;
mod parse;
mod rules;
mod validate;

use diag::Errors;
use model::{HierarchyDecl, Kind};
use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{Attribute, Item, Meta};

/// Declares the lock hierarchy: `;`-separated chains of classes, outermost
/// first.
///
/// Each class becomes a unit struct (with the visibility of the first chain
/// that gives it one)
/// implementing `lockorder::LockClass`, with `RANK` its position in a
/// topological order of all chains and `AFTER` every class declared before
/// it. A class may appear in several chains; a name repeated within a chain
/// or a cycle across chains is a compile error at that name. Doc comments
/// before a chain document its first class; doc comments next to a `>`
/// (before or after it) document the class that follows. A class without
/// docs gets a generated doc comment, so `#![deny(missing_docs)]` crates
/// can declare `pub` classes.
///
/// The CLI (`lockorder check`) parses the same invocation from source, and
/// the runtime learns the order when a class is first used.
///
/// ```
/// lockorder::hierarchy! {
///     /// A semester row (`SELECT … FOR UPDATE` on `semesters`).
///     pub Semester > UserLicense > TournamentParticipation > TournamentBadge;
///     pub Bank > Account;
/// }
/// use lockorder::LockClass;
///
/// assert_eq!(Semester::NAME, "Semester");
/// assert_eq!(TournamentBadge::AFTER, ["Semester", "UserLicense", "TournamentParticipation"]);
/// assert!(lockorder::__private::declared_before::<Semester, TournamentBadge>());
/// assert!(!lockorder::__private::declared_before::<Account, Bank>());
/// ```
///
/// A cycle does not compile:
///
/// ```compile_fail
/// lockorder::hierarchy! {
///     A > B;
///     B > A; // error: cycle in the lock hierarchy
/// }
/// ```
#[proc_macro]
pub fn hierarchy(input: TokenStream) -> TokenStream {
    let input = proc_macro2::TokenStream::from(input);
    let mut errors = Errors::default();
    let classes = match syn::parse2::<HierarchyDecl>(input.clone()) {
        Ok(decl) => validate::hierarchy(&decl, &mut errors),
        Err(e) => {
            // Report the syntax error alone; emit what can be read so that
            // uses of the classes do not cascade into more errors.
            errors.push(e);
            let salvaged = parse::salvage_hierarchy(input);
            validate::hierarchy(&salvaged, &mut Errors::default())
        }
    };
    let errors = errors.to_compile_errors();
    let items = expand::hierarchy::emit(&classes);
    quote!(#errors #items).into()
}

/// The function takes these lock classes, in this order, for its whole
/// body.
///
/// Arguments: the classes (declared with [`hierarchy!`]), then optionally
/// `pipeline = "reward"` (default `"default"`), `entity_id = <expr>` (any
/// `Into<EntityId>`: an integer, a string, an `Option`; evaluated on entry,
/// default null) and `caller = "TournamentFinalizer.finalize"` (default
/// `Type::method` for a method, the module path of a free function).
///
/// On every call the body runs inside one runtime scope per class, entered
/// in the order listed and released in reverse however the body ends
/// (return, `?`, panic): each release is timed and logged as
/// `lock_released`, and each entry is order-checked against the locks
/// already held. An `async fn` keeps its scopes across `.await`s; they
/// belong to the task, not the thread.
///
/// Listing the classes against the declared order is a compile error at the
/// out-of-order name; an unknown class is rustc's "cannot find type" error.
/// `#[requires]` and `#[excludes]` on the same function are checked before
/// the scopes are entered, whatever the order of the attributes.
///
/// ```
/// use lockorder::acquires;
///
/// lockorder::hierarchy! { pub Semester > UserLicense; }
///
/// struct TournamentFinalizer;
///
/// impl TournamentFinalizer {
///     #[acquires(Semester, pipeline = "reward", entity_id = semester_id,
///                caller = "TournamentFinalizer.finalize")]
///     fn finalize(&self, semester_id: i64) -> Result<u32, String> {
///         let rewarded = distribute(semester_id)?; // `?` still releases and logs
///         Ok(rewarded)
///     }
/// }
///
/// #[acquires(UserLicense, pipeline = "skill")]
/// fn distribute(_semester: i64) -> Result<u32, String> {
///     Ok(64)
/// }
///
/// assert_eq!(TournamentFinalizer.finalize(42), Ok(64));
/// ```
///
/// ```compile_fail
/// lockorder::hierarchy! { Semester > UserLicense; }
/// #[lockorder::acquires(UserLicense, Semester)] // error at `Semester`
/// fn wrong_order() {}
/// ```
#[proc_macro_attribute]
pub fn acquires(args: TokenStream, item: TokenStream) -> TokenStream {
    lock_attribute(Kind::Acquires, args, item)
}

/// The caller must already hold these lock classes (Clang's `REQUIRES`).
///
/// Checked on every call at run time (reported as `requires-not-held`, per
/// the runtime's policy: panic in tests, log in production) and read by
/// `lockorder check` as a contract. Optional `caller = "…"` names the
/// function in reports.
///
/// ```
/// use lockorder::{acquires, requires};
///
/// lockorder::hierarchy! { pub Semester > UserLicense; }
///
/// #[requires(Semester)]
/// fn recompute_standings() {}
///
/// #[acquires(Semester)]
/// fn finalize() {
///     recompute_standings(); // Semester is held: the contract holds
/// }
///
/// finalize();
/// assert!(lockorder::check::findings().is_empty());
///
/// recompute_standings(); // called without Semester: reported
/// let found = lockorder::check::findings();
/// assert_eq!(found[0].rule, lockorder::Rule::RequiresNotHeld);
/// assert!(found[0].message.contains("requires Semester"));
/// ```
#[proc_macro_attribute]
pub fn requires(args: TokenStream, item: TokenStream) -> TokenStream {
    lock_attribute(Kind::Requires, args, item)
}

/// These lock classes must *not* be held when the function is called
/// (Clang's `EXCLUDES`), typically because it takes them itself.
///
/// Checked on every call at run time (reported as `excludes-held`) and read
/// by `lockorder check`.
///
/// ```
/// use lockorder::{acquires, excludes};
///
/// lockorder::hierarchy! { pub Semester > UserLicense; }
///
/// #[excludes(Semester)]
/// #[acquires(Semester)]
/// fn finalize() {}
///
/// #[acquires(Semester)]
/// fn reentrant_finalize() {
///     finalize(); // Semester is already held: reported
/// }
///
/// finalize(); // nothing held on entry: fine
/// assert!(lockorder::check::findings().is_empty());
/// reentrant_finalize();
/// assert_eq!(lockorder::check::findings()[0].rule, lockorder::Rule::ExcludesHeld);
/// ```
#[proc_macro_attribute]
pub fn excludes(args: TokenStream, item: TokenStream) -> TokenStream {
    lock_attribute(Kind::Excludes, args, item)
}

/// Suppresses a `lockorder check` finding on this item. Write it with the
/// `lockorder::` path (that is what the CLI looks for), one rule per
/// attribute as its bare kebab-case code (`lock-order-violation`,
/// `lock-order-cycle`, `double-lock`, `same-class-nesting`,
/// `unused-allow`, `requires-not-held`, `excludes-held`), and a non-empty
/// `reason = "…"`.
///
/// The item is emitted unchanged; the CLI reads the attribute from source,
/// keeps the suppressed finding visible (as suppressed) in JSON output and
/// reports a suppression that never fires.
///
/// ```
/// #[lockorder::allow(lock-order-cycle, reason = "both paths hold the global migration lock first")]
/// fn migrate() {}
/// # migrate();
/// ```
///
/// ```compile_fail
/// #[lockorder::allow(lock-order-cycle)] // error: a reason is required
/// fn migrate() {}
/// ```
#[proc_macro_attribute]
pub fn allow(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = parse::allow_args(args.into(), &mut errors);
    validate::allow(&parsed, Span::call_site(), &mut errors);
    let errors = errors.to_compile_errors();
    let item = proc_macro2::TokenStream::from(item);
    quote!(#errors #item).into()
}

/// The rule codes `#[allow]` accepts, as an array expression; used by the
/// facade's tests to prove they equal `Rule::ALL`.
#[doc(hidden)]
#[proc_macro]
pub fn __rule_codes(_input: TokenStream) -> TokenStream {
    rules::codes_array().into()
}

/// Shared by `acquires`, `requires` and `excludes`: parse every lockorder
/// lock attribute on the item (this one and its siblings), report every
/// mistake at once, and instrument the function when there were none. On
/// any error the item is still emitted, unchanged but for the lockorder
/// attributes, so one mistake does not cascade.
fn lock_attribute(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let first = parse::lock_attr(kind, args.into(), &mut errors);
    validate::lock_attr(&first, Span::call_site(), &mut errors);
    let item2 = proc_macro2::TokenStream::from(item);
    let mut f = match syn::parse2::<Item>(item2.clone()) {
        Ok(Item::Fn(f)) => f,
        Ok(other) => {
            errors.at(
                item_keyword_span(&other),
                format!(
                    "`#[{}]` can only be applied to a function with a body",
                    kind.name()
                ),
            );
            let errors = errors.to_compile_errors();
            return quote!(#errors #other).into();
        }
        Err(_) => {
            errors.at(
                Span::call_site(),
                format!(
                    "`#[{}]` can only be applied to a function with a body",
                    kind.name()
                ),
            );
            let errors = errors.to_compile_errors();
            return quote!(#errors #item2).into();
        }
    };
    if let Some(const_token) = &f.sig.constness {
        errors.at(
            const_token.span,
            format!(
                "`#[{}]` cannot be applied to a `const fn`: lock scopes are entered at run time",
                kind.name()
            ),
        );
    }
    let mut attrs = vec![first];
    f.attrs.retain(|attr| {
        let Some(kind) = sibling_kind(attr) else {
            return true;
        };
        match &attr.meta {
            Meta::List(list) => {
                let parsed = parse::lock_attr(kind, list.tokens.clone(), &mut errors);
                validate::lock_attr(&parsed, attr.span(), &mut errors);
                attrs.push(parsed);
            }
            _ => errors.at(
                attr.span(),
                format!("expected arguments: `#[{}(Class, …)]`", kind.name()),
            ),
        }
        false
    });
    if errors.is_empty() {
        if let Err(e) = expand::function::instrument(&mut f, &attrs) {
            errors.push(e);
        }
    }
    let errors = errors.to_compile_errors();
    let f = f.into_token_stream();
    quote!(#errors #f).into()
}

/// The kind of a lockorder lock attribute written on the same item
/// (`#[acquires]`, `#[lockorder::requires]`, `#[::lockorder::excludes]`).
fn sibling_kind(attr: &Attribute) -> Option<Kind> {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match segments.as_slice() {
        [name] => Kind::from_name(name),
        [krate, name] if krate == "lockorder" => Kind::from_name(name),
        _ => None,
    }
}

/// The span of the keyword that says what kind of item this is.
fn item_keyword_span(item: &Item) -> Span {
    match item {
        Item::Struct(i) => i.struct_token.span,
        Item::Enum(i) => i.enum_token.span,
        Item::Impl(i) => i.impl_token.span,
        Item::Trait(i) => i.trait_token.span,
        Item::Mod(i) => i.mod_token.span,
        Item::Static(i) => i.static_token.span,
        Item::Const(i) => i.const_token.span,
        Item::Type(i) => i.type_token.span,
        Item::Use(i) => i.use_token.span,
        other => other.span(),
    }
}
