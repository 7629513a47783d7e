//! The default `caller` of an annotated function: `Type::method` for a
//! method (the impl's self type, generics and module path dropped) and the
//! module path of a free function (`my_crate::rewards::award_badge`).
//!
//! A proc macro cannot see the `impl` around a method, so the name is read
//! once at run time from the type name of a marker `fn` nested in the body
//! (`my_crate::TournamentFinalizer::finalize::__lockorder_fn`) and cached.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;
use syn::Ident;

/// An expression of type `&'static str`: the default caller of `fn_name`.
pub(crate) fn default_caller(fn_name: &Ident) -> TokenStream {
    let name = fn_name.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
    quote_spanned! {Span::mixed_site()=> {
        fn __lockorder_fn() {}
        static CALLER: ::std::sync::OnceLock<&'static str> = ::std::sync::OnceLock::new();
        *CALLER.get_or_init(|| {
            let path: &'static str = ::core::any::type_name_of_val(&__lockorder_fn);
            let path = path.strip_suffix("::__lockorder_fn").unwrap_or(path);
            // `<Type as Trait>::method` for trait impls, else relative to
            // the module: `Type::method`, `Trait::method` or `function`.
            let rest = if path.starts_with('<') {
                ::core::option::Option::Some(path)
            } else {
                path.strip_prefix(::core::module_path!())
                    .and_then(|rest| rest.strip_prefix("::"))
            };
            let self_ty = rest
                .and_then(|rest| rest.strip_suffix(#name))
                .and_then(|rest| rest.strip_suffix("::"));
            match self_ty {
                None => path,
                Some(ty) => {
                    let ty = ty
                        .strip_prefix('<')
                        .map_or(ty, |t| t.split(" as ").next().unwrap_or(t));
                    let ty = ty.split('<').next().unwrap_or(ty);
                    let ty = ty.rsplit("::").next().unwrap_or(ty);
                    let ty = ty.trim_start_matches('&').trim_start_matches("mut ");
                    ::std::boxed::Box::leak(::std::format!("{}::{}", ty, #name).into_boxed_str())
                }
            }
        })
    }}
}
