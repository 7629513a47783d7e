//! Parsing the macros' input: the hierarchy declaration and the arguments
//! of `#[acquires]`, `#[requires]`, `#[excludes]` and `#[lockorder::allow]`.
//!
//! Argument lists are parsed as comma-separated expressions first, so that
//! every argument can be judged (and every mistake reported) on its own.

use crate::diag::Errors;
use crate::model::{AllowArgs, Chain, HierarchyDecl, Kind, Link, LockAttr, RuleArg};
use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, BinOp, Expr, Ident, Lit, LitStr, Token, Visibility};

impl Parse for HierarchyDecl {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut chains = Vec::new();
        while !input.is_empty() {
            let attrs = input.call(Attribute::parse_outer)?;
            let vis: Visibility = input.parse()?;
            let mut links = vec![Link {
                attrs,
                name: class_name(input)?,
            }];
            loop {
                // Doc comments for the next class may sit before or after `>`.
                let mut attrs = input.call(Attribute::parse_outer)?;
                if input.is_empty() && attrs.is_empty() {
                    break;
                }
                let lookahead = input.lookahead1();
                if lookahead.peek(Token![;]) && attrs.is_empty() {
                    input.parse::<Token![;]>()?;
                    break;
                } else if lookahead.peek(Token![>]) {
                    input.parse::<Token![>]>()?;
                    attrs.extend(input.call(Attribute::parse_outer)?);
                    links.push(Link {
                        attrs,
                        name: class_name(input)?,
                    });
                } else if !attrs.is_empty() {
                    return Err(input.error("expected `>` and a lock class after this doc comment"));
                } else {
                    return Err(lookahead.error());
                }
            }
            chains.push(Chain { vis, links });
        }
        Ok(HierarchyDecl { chains })
    }
}

/// After a syntax error: the chains as best they can be read (the names
/// between `;`s, in order, with `pub` when the chain starts with it), so
/// the classes can still be emitted and uses elsewhere do not fail with
/// "cannot find type" on top of the syntax error.
pub(crate) fn salvage_hierarchy(tokens: TokenStream) -> HierarchyDecl {
    use proc_macro2::TokenTree;
    let mut chains = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    let mut vis = Visibility::Inherited;
    let mut at_start = true;
    for tt in tokens {
        match tt {
            TokenTree::Punct(p) if p.as_char() == ';' => {
                if !links.is_empty() {
                    chains.push(Chain {
                        vis: std::mem::replace(&mut vis, Visibility::Inherited),
                        links: std::mem::take(&mut links),
                    });
                }
                vis = Visibility::Inherited;
                at_start = true;
            }
            TokenTree::Ident(id) if id == "pub" && at_start => vis = syn::parse_quote!(pub),
            TokenTree::Ident(id) if ["pub", "crate", "super", "in"].iter().any(|k| id == k) => {}
            TokenTree::Ident(id) => {
                at_start = false;
                if !links.iter().any(|l| l.name == id) {
                    links.push(Link {
                        attrs: Vec::new(),
                        name: id,
                    });
                }
            }
            _ => {}
        }
    }
    if !links.is_empty() {
        chains.push(Chain { vis, links });
    }
    HierarchyDecl { chains }
}

fn class_name(input: ParseStream) -> syn::Result<Ident> {
    if input.peek(Ident) {
        input.parse()
    } else {
        Err(input.error("expected a lock class name (an identifier)"))
    }
}

/// Parses the arguments of one lock attribute. Syntax errors and argument
/// mistakes go to `errors`; whatever could be understood is returned, so
/// the expansion can go on.
pub(crate) fn lock_attr(kind: Kind, tokens: TokenStream, errors: &mut Errors) -> LockAttr {
    let mut attr = LockAttr {
        kind,
        classes: Vec::new(),
        pipeline: None,
        entity_id: None,
        caller: None,
    };
    let args = match Punctuated::<Expr, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(args) => args,
        Err(e) => {
            errors.push(e);
            return attr;
        }
    };
    let mut seen: Vec<Ident> = Vec::new();
    for arg in args {
        match arg {
            Expr::Assign(assign) => {
                let Some(key) = plain_ident(&assign.left) else {
                    errors.at(assign.left.span(), expected_arg(kind));
                    continue;
                };
                let name = key.to_string();
                if !kind.keys().contains(&name.as_str()) {
                    errors.at(
                        key.span(),
                        format!(
                            "unknown argument `{name}` for `#[{}]`; {}",
                            kind.name(),
                            expected_arg(kind)
                        ),
                    );
                    continue;
                }
                if seen.contains(&key) {
                    errors.at(key.span(), format!("duplicate argument `{name}`"));
                    continue;
                }
                seen.push(key.clone());
                match name.as_str() {
                    "entity_id" => attr.entity_id = Some(*assign.right),
                    "pipeline" => attr.pipeline = string_value(&name, &assign.right, errors),
                    _ => attr.caller = string_value(&name, &assign.right, errors),
                }
            }
            Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => {
                attr.classes.push(path.path);
            }
            other => errors.at(other.span(), expected_arg(kind)),
        }
    }
    attr
}

fn expected_arg(kind: Kind) -> String {
    let keys: Vec<String> = kind
        .keys()
        .iter()
        .map(|k| match *k {
            "entity_id" => "`entity_id = <expr>`".to_owned(),
            k => format!("`{k} = \"…\"`"),
        })
        .collect();
    format!(
        "expected a lock class declared in `hierarchy!` or {}",
        keys.join(", ")
    )
}

fn plain_ident(expr: &Expr) -> Option<Ident> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => p.path.get_ident().cloned(),
        _ => None,
    }
}

fn string_value(key: &str, value: &Expr, errors: &mut Errors) -> Option<LitStr> {
    if let Expr::Lit(lit) = value
        && let Lit::Str(s) = &lit.lit
    {
        return Some(s.clone());
    }
    let example = match key {
        "pipeline" => "\"reward\"",
        "caller" => "\"TournamentFinalizer.finalize\"",
        _ => "\"…\"",
    };
    errors.at(
        value.span(),
        format!("`{key}` expects a string literal, e.g. `{key} = {example}`"),
    );
    None
}

/// Parses `#[lockorder::allow(rule, reason = "…")]`. The rule is written
/// as its bare kebab-case code (`lock-order-cycle`); other spellings are
/// parsed too, so validation can suggest the right one.
pub(crate) fn allow_args(tokens: TokenStream, errors: &mut Errors) -> AllowArgs {
    let mut out = AllowArgs {
        rules: Vec::new(),
        reason: None,
    };
    let args = match Punctuated::<Expr, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(args) => args,
        Err(e) => {
            errors.push(e);
            return out;
        }
    };
    for arg in args {
        if let Expr::Assign(assign) = &arg {
            match plain_ident(&assign.left) {
                Some(key) if key == "reason" => {
                    if out.reason.is_some() {
                        errors.at(key.span(), "duplicate argument `reason`");
                    } else {
                        out.reason = string_value("reason", &assign.right, errors);
                    }
                }
                Some(key) => errors.at(
                    key.span(),
                    format!("unknown argument `{key}`; expected rule codes and `reason = \"…\"`"),
                ),
                None => errors.at(assign.left.span(), "expected `reason = \"…\"`"),
            }
            continue;
        }
        match rule_text(&arg) {
            Some(text) => out.rules.push(RuleArg {
                text,
                span: arg.span(),
                bare: !matches!(arg, Expr::Lit(_)),
            }),
            None => errors.at(
                arg.span(),
                "expected a rule code such as `lock-order-cycle`",
            ),
        }
    }
    out
}

/// The text of a rule written as `"a-b"`, `a_b` or `a-b`.
fn rule_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        Expr::Path(_) => plain_ident(expr).map(|i| i.to_string()),
        Expr::Binary(bin) if matches!(bin.op, BinOp::Sub(_)) => Some(format!(
            "{}-{}",
            rule_text(&bin.left)?,
            rule_text(&bin.right)?
        )),
        _ => None,
    }
}
