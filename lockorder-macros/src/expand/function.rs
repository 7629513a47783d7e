//! `#[acquires]`, `#[requires]` and `#[excludes]` on a function: the body
//! is wrapped so that, on entry, the `requires`/`excludes` contracts are
//! checked and one runtime scope per acquired class is entered (in the
//! order listed); the scopes are locals, so they are released in reverse
//! order however the body ends (return, `?`, panic) and each release is
//! timed and logged as `lock_released`.
//!
//! An `async fn` that acquires runs its body inside `__private::in_task`,
//! so the scopes belong to the task and stay held across `.await`s; its
//! contract checks run before that, against what the calling task holds.
//!
//! Each class path is named exactly once, in a local type alias spanned at
//! the class, so an unknown class is reported once, at its name.

use super::caller::default_caller;
use crate::model::{Kind, LockAttr};
use crate::validate::path_text;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Block, Ident, ItemFn, Path, ReturnType};

/// One class named by an attribute, with its local alias.
struct ClassRef<'a> {
    path: &'a Path,
    alias: Ident,
}

/// Rewrites `f`'s body for the (already validated) lock attributes.
pub(crate) fn instrument(f: &mut ItemFn, attrs: &[LockAttr]) -> syn::Result<()> {
    let classes: Vec<Vec<ClassRef>> = attrs
        .iter()
        .enumerate()
        .map(|(i, attr)| {
            attr.classes
                .iter()
                .enumerate()
                .map(|(j, path)| ClassRef {
                    path,
                    alias: Ident::new(&format!("__lockorder_class_{i}_{j}"), path.span()),
                })
                .collect()
        })
        .collect();
    let aliases = classes.iter().flatten().map(|c| {
        let ClassRef { path, alias } = c;
        quote_spanned! {path.span()=>
            #[allow(non_camel_case_types)]
            type #alias = #path;
        }
    });
    let checks = order_checks(attrs, &classes);
    let caller = Ident::new("__lockorder_caller", Span::mixed_site());
    let caller_let = if attrs.iter().any(|a| a.caller.is_none()) {
        let default = default_caller(&f.sig.ident);
        quote_spanned!(Span::mixed_site()=> let #caller: &'static str = #default;)
    } else {
        TokenStream::new()
    };
    let outer = quote! {
        #(#aliases)*
        #(#checks)*
        #caller_let
    };
    let Entry { checks, scopes } = entry(attrs, &classes, &caller);
    let body = std::mem::take(&mut f.block.stmts);
    let tokens = if f.sig.asyncness.is_some() && !scopes.is_empty() {
        // The contracts are checked before `in_task`, against what the
        // caller's task holds; the scopes are entered inside it.
        let fake_return = fake_return(&f.sig.output);
        quote_spanned! {Span::mixed_site()=>
            #outer
            #checks
            ::lockorder::__private::in_task(async move {
                #fake_return
                #scopes
                #(#body)*
            })
            .await
        }
    } else {
        // A sync function, or an async one that only checks contracts
        // (nothing of its own to keep per task): checks and scopes run at
        // entry (for an async fn, on its first poll, in the caller's task).
        quote! {
            #outer
            #checks
            #scopes
            #(#body)*
        }
    };
    f.block.stmts = syn::parse::Parser::parse2(Block::parse_within, tokens)?;
    Ok(())
}

/// `const` assertions that consecutive acquired classes are not declared
/// in the opposite order, each spanned at the later class so the compile
/// error points at the out-of-order name.
fn order_checks(attrs: &[LockAttr], classes: &[Vec<ClassRef>]) -> Vec<TokenStream> {
    let acquired: Vec<&ClassRef> = attrs
        .iter()
        .zip(classes)
        .filter(|(a, _)| a.kind == Kind::Acquires)
        .flat_map(|(_, c)| c)
        .collect();
    acquired
        .windows(2)
        .map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            let msg = format!(
                "lock order: `{b}` is declared before `{a}` in the lock hierarchy, so `#[acquires]` must list `{b}` first",
                a = path_text(a.path),
                b = path_text(b.path),
            );
            let (a, b) = (&a.alias, &b.alias);
            quote_spanned! {b.span()=>
                const _: () = ::core::assert!(
                    !::lockorder::__private::declared_before::<#b, #a>(),
                    #msg
                );
            }
        })
        .collect()
}

/// The statements run on entry.
struct Entry {
    /// `check_requires` / `check_excludes` calls.
    checks: TokenStream,
    /// One `enter_scope` local per acquired class (and the entity ids).
    scopes: TokenStream,
}

/// Contract checks, then one scope per acquired class.
fn entry(attrs: &[LockAttr], classes: &[Vec<ClassRef>], default_caller: &Ident) -> Entry {
    let mut checks = TokenStream::new();
    let mut scopes = TokenStream::new();
    for (i, (attr, classes)) in attrs.iter().zip(classes).enumerate() {
        let caller = match &attr.caller {
            Some(lit) => lit.to_token_stream(),
            None => default_caller.to_token_stream(),
        };
        match attr.kind {
            Kind::Requires | Kind::Excludes => {
                let check = format_ident!("check_{}", attr.kind.name());
                for ClassRef { alias, .. } in classes {
                    checks.extend(quote_spanned! {alias.span()=>
                        ::lockorder::__private::#check(
                            <#alias as ::lockorder::__private::LockClass>::class(),
                            #caller,
                        );
                    });
                }
            }
            Kind::Acquires => {
                let pipeline = match &attr.pipeline {
                    Some(lit) => lit.to_token_stream(),
                    None => quote!("default"),
                };
                let entity = Ident::new(&format!("__lockorder_entity_{i}"), Span::mixed_site());
                let value = match &attr.entity_id {
                    Some(expr) => quote_spanned! {expr.span()=>
                        ::core::convert::Into::<::lockorder::__private::EntityId>::into(#expr)
                    },
                    None => quote!(::lockorder::__private::EntityId::Null),
                };
                scopes.extend(quote_spanned! {Span::mixed_site()=>
                    let #entity: ::lockorder::__private::EntityId = #value;
                });
                let last = classes.len().saturating_sub(1);
                for (j, ClassRef { alias, .. }) in classes.iter().enumerate() {
                    let scope =
                        Ident::new(&format!("__lockorder_scope_{i}_{j}"), Span::mixed_site());
                    let id = if j == last {
                        entity.to_token_stream()
                    } else {
                        quote_spanned!(Span::mixed_site()=> ::core::clone::Clone::clone(&#entity))
                    };
                    scopes.extend(quote_spanned! {alias.span()=>
                        let #scope = ::lockorder::__private::enter_scope(
                            <#alias as ::lockorder::__private::LockClass>::class(),
                            #pipeline,
                            #id,
                            #caller,
                        );
                    });
                }
            }
        }
    }
    Entry { checks, scopes }
}

/// Pins the async block's output type to the function's declared return
/// type, so `?` and `return` inside the body infer as they did in the
/// `async fn` (the technique tracing-attributes uses). Skipped for `()`
/// and for `impl Trait` outputs, which cannot be named in a `let`.
fn fake_return(output: &ReturnType) -> TokenStream {
    let ReturnType::Type(_, ty) = output else {
        return TokenStream::new();
    };
    if mentions_impl(ty.to_token_stream()) {
        return TokenStream::new();
    }
    quote_spanned! {Span::mixed_site()=>
        #[allow(unreachable_code, clippy::diverging_sub_expression, clippy::needless_return)]
        if false {
            let __lockorder_return: #ty = loop {};
            return __lockorder_return;
        }
    }
}

fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tt| match tt {
        proc_macro2::TokenTree::Ident(i) => i == "impl",
        proc_macro2::TokenTree::Group(g) => mentions_impl(g.stream()),
        _ => false,
    })
}
