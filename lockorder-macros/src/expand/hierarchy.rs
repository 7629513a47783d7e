//! `hierarchy!`: one unit struct per class and its `LockClass` impl.

use crate::model::ClassDecl;
use proc_macro2::TokenStream;
use quote::quote;

/// The structs and impls for the validated classes.
pub(crate) fn emit(classes: &[ClassDecl]) -> TokenStream {
    classes.iter().map(emit_class).collect()
}

fn emit_class(class: &ClassDecl) -> TokenStream {
    let ClassDecl {
        name,
        vis,
        attrs,
        rank,
        after,
    } = class;
    let name_str = name.to_string();
    let has_doc = attrs.iter().any(|a| a.path().is_ident("doc"));
    let default_doc = if has_doc {
        TokenStream::new()
    } else {
        let after_text = if after.is_empty() {
            "none (outermost)".to_owned()
        } else {
            after
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let doc = format!(
            "Lock class `{name_str}` (rank {rank} in the declared hierarchy; acquired after: {after_text})."
        );
        quote!(#[doc = #doc])
    };
    quote! {
        #(#attrs)*
        #default_doc
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        #vis struct #name;

        impl ::lockorder::__private::LockClass for #name {
            const NAME: &'static str = #name_str;
            const RANK: u32 = #rank;
            const AFTER: &'static [&'static str] = &[#(#after),*];
        }
    }
}
