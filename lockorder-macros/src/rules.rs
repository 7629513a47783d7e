//! The finding codes `#[lockorder::allow]` accepts.
//!
//! A proc-macro crate cannot depend on `lockorder-runtime` cheaply, so the
//! codes of `lockorder_runtime::model::Rule::ALL` are repeated here. The
//! facade's tests compare the two lists (through the hidden
//! `__rule_codes!` macro) so they cannot drift apart.

/// Every rule code, in the order of `Rule::ALL`.
pub(crate) const RULE_CODES: [&str; 7] = [
    "lock-order-violation",
    "lock-order-cycle",
    "double-lock",
    "same-class-nesting",
    "unused-allow",
    "requires-not-held",
    "excludes-held",
];

/// The rule code `written` names, accepting the kebab-case code itself or
/// its snake_case spelling (`lock_order_cycle`).
pub(crate) fn lookup(written: &str) -> Option<&'static str> {
    let kebab = written.replace('_', "-");
    RULE_CODES.iter().copied().find(|code| *code == kebab)
}

/// The codes as an array expression, `["lock-order-violation", …]`.
pub(crate) fn codes_array() -> proc_macro2::TokenStream {
    let codes = RULE_CODES;
    quote::quote!([#(#codes),*])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_and_snake_spellings_resolve() {
        assert_eq!(lookup("double-lock"), Some("double-lock"));
        assert_eq!(lookup("lock_order_cycle"), Some("lock-order-cycle"));
        assert_eq!(lookup("requires-not-held"), Some("requires-not-held"));
        assert_eq!(lookup("excludes_held"), Some("excludes-held"));
        assert_eq!(lookup("deadlock"), None);
    }
}
