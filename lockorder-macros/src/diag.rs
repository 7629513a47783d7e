//! Collecting every error of one macro invocation, so a user sees all of
//! them in one compile (`syn::Error::combine`).

use proc_macro2::{Span, TokenStream};
use std::fmt::Display;

/// An accumulator of spanned errors.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    /// Records `message` at `span`.
    pub(crate) fn at(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an existing error (possibly itself several).
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// `compile_error!` invocations for every recorded error (empty when
    /// there were none).
    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        self.0
            .as_ref()
            .map(syn::Error::to_compile_error)
            .unwrap_or_default()
    }

    /// `true` when nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}
