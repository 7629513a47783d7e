//! Attribute macros for lockorder: declare the lock hierarchy once and
//! annotate lock-taking functions. Use them through the `lockorder` facade.
#![deny(missing_docs)]

use proc_macro::TokenStream;

/// Declares the lock hierarchy (outermost first).
#[proc_macro]
pub fn hierarchy(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
