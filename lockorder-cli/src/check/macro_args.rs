//! The arguments of a function-like macro (`assert!`, `format!`, `info!`,
//! `select!`, …) as expressions to walk.
//!
//! A macro's top-level tokens are taken once as a list (nested groups are
//! not copied) and each top-level argument (separated by `,`, `;` or `=>`)
//! is scanned by reference to decide whether walking it can produce an event
//! at all: a call or method call (a parenthesised group), a block or closure
//! (`{…}`, `|`), a nested macro (`!`), an expression keyword or a local
//! closure named bare. Arguments made of literals, paths, field accesses and
//! operators are skipped unparsed: they cannot take a lock. A macro with no
//! such argument costs nothing more.
//!
//! Each acting argument's tokens are moved (not copied) into their own
//! stream and parsed by syn as one expression. When one of them is not a
//! whole expression (a closure with several parameters, a cast to a type
//! with several generic arguments: it holds a top-level comma), the macro is
//! read again the careful way: through one syn token buffer, each acting
//! argument parsed from where it starts, however far that goes, so such an
//! argument is read whole.
//!
//! `tracing`-style field syntax is understood: a `%` or `?` sigil before a
//! value (`?x`, `name = %x`) and a leading `target:` / `parent:` key are
//! skipped, and the value after them is parsed.

use proc_macro2::{Delimiter, Ident, Spacing, TokenStream, TokenTree};
use syn::Expr;
use syn::buffer::Cursor;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};

/// The expressions among a macro's arguments that may act, parsed.
/// `acts` says whether a bare identifier (not a keyword the scanner knows)
/// may act: an expression keyword, or a local closure run where it is
/// passed.
pub(super) fn acting_args(tokens: &TokenStream, acts: &mut dyn FnMut(&Ident) -> bool) -> Vec<Expr> {
    let toks: Vec<TokenTree> = tokens.clone().into_iter().collect();
    acting_args_of(&toks, acts)
}

/// [`acting_args`] on a macro's top-level tokens, read by reference: only
/// the acting arguments' tokens are copied (into the stream syn parses).
pub(super) fn acting_args_of(
    toks: &[TokenTree],
    acts: &mut dyn FnMut(&Ident) -> bool,
) -> Vec<Expr> {
    // (value start, end) of each acting argument, as token indices
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let arg = scan_tokens(&toks[i..], acts);
        if arg.acts {
            ranges.push((i + arg.value, i + arg.end));
        }
        i += arg.end;
        i += separator_len(&toks[i..]);
    }
    if ranges.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        let arg = &toks[start..end];
        // An argument with a top-level `|` or `<` may be an expression that
        // goes on past the comma (closure parameters, generic arguments):
        // read the macro the careful way. Without one, an argument that is
        // not a whole expression is not one either when followed by the
        // rest of the macro: skipped, as the careful way skips it.
        let may_go_on = arg.iter().any(may_hold_comma);
        if !may_go_on && never_an_expr(arg) {
            continue;
        }
        match syn::parse2::<Expr>(arg.iter().cloned().collect()) {
            Ok(e) => out.push(e),
            Err(_) if may_go_on => {
                return acting_args_buffered(toks.iter().cloned().collect(), acts);
            }
            Err(_) => {}
        }
    }
    out
}

/// A top-level `|` or `<`: a comma after it may belong to the same
/// expression (closure parameters, generic arguments).
fn may_hold_comma(t: &TokenTree) -> bool {
    matches!(t, TokenTree::Punct(p) if matches!(p.as_char(), '|' | '<'))
}

/// Tokens syn certainly does not read as one expression: a lone `else`
/// (a `select!` arm), or a block with a comma between its statements
/// (`tracing`'s `{ field = value, … }`) and no `|` or `<` that could own the
/// comma. Skipping them unparsed is what parsing them would do.
fn never_an_expr(arg: &[TokenTree]) -> bool {
    match arg {
        [TokenTree::Ident(id)] => id == "else",
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => {
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            inner
                .iter()
                .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                && !inner.iter().any(may_hold_comma)
        }
        _ => false,
    }
}

/// [`acting_args`] through one token buffer, each acting argument parsed
/// from where it starts (past a top-level comma when the expression goes
/// on: a closure's parameters, a generic type).
fn acting_args_buffered(tokens: TokenStream, acts: &mut dyn FnMut(&Ident) -> bool) -> Vec<Expr> {
    let parser = |input: ParseStream| Ok(parse_args(input, acts));
    parser.parse2(tokens).unwrap_or_default()
}

/// One top-level argument as scanned, as indices into its token list.
struct ArgIx {
    /// Whether walking it may produce an event.
    acts: bool,
    /// Where its value starts (after a sigil or a `key:`).
    value: usize,
    /// The separator after it, or the end of the tokens.
    end: usize,
}

/// The scan of one argument on a token list, read by reference (the
/// decisions are [`ArgScan`]'s, shared with [`scan_arg`]).
fn scan_tokens(toks: &[TokenTree], ident_acts: &mut dyn FnMut(&Ident) -> bool) -> ArgIx {
    let mut scan = ArgScan::default();
    let mut value = 0;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            TokenTree::Punct(p) if p.as_char() != '\'' => {
                match scan.punct(p, || is_fat_arrow_at(toks, i)) {
                    PunctStep::End => break,
                    PunctStep::ValueAfter => value = i + 1,
                    PunctStep::Go => {}
                }
            }
            TokenTree::Group(g) => scan.group(g.delimiter(), || {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                scan_tokens(&inner, ident_acts).acts
            }),
            TokenTree::Ident(id) => scan.ident(id, ident_acts),
            // a literal, or the `'` of a lifetime
            _ => scan.other(),
        }
        i += 1;
    }
    ArgIx {
        acts: scan.acts,
        value,
        end: i,
    }
}

/// The decisions of one top-level argument's scan, token by token: where it
/// ends, where its value starts, whether it may act. Fed by [`scan_tokens`]
/// (a token list) and [`scan_arg`] (a syn cursor).
#[derive(Default)]
struct ArgScan {
    /// Whether walking the argument may produce an event.
    acts: bool,
    /// Open `::<` / leading `<` generic brackets: their commas do not
    /// separate arguments.
    angle: u32,
    /// The previous token was `::`.
    after_path_sep: bool,
    /// The previous token was a `:` joined to the next (the first of `::`).
    after_colon_joint: bool,
    /// The previous token was `=`.
    after_eq: bool,
    /// The argument starts with an identifier.
    first_is_ident: bool,
    /// Tokens read so far.
    index: usize,
}

/// What a punctuation token means for the argument being scanned.
enum PunctStep {
    /// A separator: the argument ends before it.
    End,
    /// A sigil or `key:`: the value starts after it.
    ValueAfter,
    /// Part of the argument.
    Go,
}

impl ArgScan {
    /// A punctuation token; `fat_arrow` tells whether it starts `=>`.
    fn punct(&mut self, p: &proc_macro2::Punct, fat_arrow: impl FnOnce() -> bool) -> PunctStep {
        let ch = p.as_char();
        if self.angle == 0 && (ch == ',' || ch == ';' || fat_arrow()) {
            return PunctStep::End;
        }
        let mut step = PunctStep::Go;
        match ch {
            '|' | '!' => self.acts = true,
            '<' if self.after_path_sep || self.index == 0 => self.angle += 1,
            '>' if self.angle > 0 => self.angle -= 1,
            '%' | '?' if self.index == 0 || self.after_eq => step = PunctStep::ValueAfter,
            ':' if self.index == 1 && self.first_is_ident && p.spacing() == Spacing::Alone => {
                step = PunctStep::ValueAfter;
            }
            _ => {}
        }
        self.after_path_sep = ch == ':' && self.after_colon_joint;
        self.after_colon_joint = ch == ':' && p.spacing() == Spacing::Joint;
        self.after_eq = ch == '=' && p.spacing() == Spacing::Alone;
        self.index += 1;
        step
    }

    /// A delimited group; `inner_acts` scans its contents when that decides.
    fn group(&mut self, delim: Delimiter, inner_acts: impl FnOnce() -> bool) {
        self.other();
        if !self.acts {
            self.acts = match delim {
                Delimiter::Parenthesis | Delimiter::Brace => true,
                Delimiter::Bracket | Delimiter::None => inner_acts(),
            };
        }
    }

    /// An identifier.
    fn ident(&mut self, id: &Ident, ident_acts: &mut dyn FnMut(&Ident) -> bool) {
        self.first_is_ident |= self.index == 0;
        self.other();
        if !self.acts && ident_acts(id) {
            self.acts = true;
        }
    }

    /// Any token that is not punctuation (also a group or an identifier).
    fn other(&mut self) {
        (self.after_path_sep, self.after_colon_joint, self.after_eq) = (false, false, false);
        self.index += 1;
    }
}

/// At `=>` (a `=` joined to a `>`) at index `i`.
fn is_fat_arrow_at(toks: &[TokenTree], i: usize) -> bool {
    match (&toks[i], toks.get(i + 1)) {
        (TokenTree::Punct(p), Some(TokenTree::Punct(q))) => {
            p.as_char() == '=' && p.spacing() == Spacing::Joint && q.as_char() == '>'
        }
        _ => false,
    }
}

/// The length of the `,` `;` or `=>` at the start of `toks` (0 if none).
fn separator_len(toks: &[TokenTree]) -> usize {
    match toks.first() {
        Some(TokenTree::Punct(p)) if p.as_char() == ',' || p.as_char() == ';' => 1,
        Some(TokenTree::Punct(_)) if is_fat_arrow_at(toks, 0) => 2,
        _ => 0,
    }
}

fn parse_args(input: ParseStream, acts: &mut dyn FnMut(&Ident) -> bool) -> Vec<Expr> {
    let mut out = Vec::new();
    while !input.is_empty() {
        // Move to the argument's value if it may act, else past it.
        let Ok(acting) = input.step(|c| {
            let arg = scan_arg(*c, acts);
            Ok(if arg.acts {
                (true, arg.value)
            } else {
                (false, arg.end)
            })
        }) else {
            break;
        };
        if acting {
            let fork = input.fork();
            if let Ok(e) = fork.parse::<Expr>() {
                if at_separator(fork.cursor()) {
                    input.advance_to(&fork);
                    out.push(e);
                }
            }
            // Past whatever is left of the argument (nothing when parsed).
            if input
                .step(|c| Ok(((), scan_arg(*c, &mut |_| false).end)))
                .is_err()
            {
                break;
            }
        }
        if input.step(|c| Ok(((), skip_separator(*c)))).is_err() {
            break;
        }
    }
    out
}

/// One top-level argument as scanned.
struct Arg<'a> {
    /// Whether walking it may produce an event.
    acts: bool,
    /// Where its value starts (after a sigil or a `key:`).
    value: Cursor<'a>,
    /// The separator after it, or the end of the tokens.
    end: Cursor<'a>,
}

fn scan_arg<'a>(start: Cursor<'a>, ident_acts: &mut dyn FnMut(&Ident) -> bool) -> Arg<'a> {
    let mut scan = ArgScan::default();
    let mut value = start;
    let mut c = start;
    while !c.eof() {
        if let Some((p, next)) = c.punct() {
            match scan.punct(&p, || is_fat_arrow(c)) {
                PunctStep::End => break,
                PunctStep::ValueAfter => value = next,
                PunctStep::Go => {}
            }
            c = next;
        } else if let Some((inner, delim, _, next)) = c.any_group() {
            scan.group(delim, || scan_arg(inner, ident_acts).acts);
            c = next;
        } else if let Some((id, next)) = c.ident() {
            scan.ident(&id, ident_acts);
            c = next;
        } else if let Some((_, next)) = c.token_tree() {
            scan.other();
            c = next;
        } else {
            break;
        }
    }
    Arg {
        acts: scan.acts,
        value,
        end: c,
    }
}

/// At `=>` (a `=` joined to a `>`).
fn is_fat_arrow(c: Cursor) -> bool {
    match c.punct() {
        Some((p, next)) if p.as_char() == '=' && p.spacing() == Spacing::Joint => {
            next.punct().is_some_and(|(q, _)| q.as_char() == '>')
        }
        _ => false,
    }
}

/// At the end of the tokens or at a separator.
fn at_separator(c: Cursor) -> bool {
    c.eof()
        || is_fat_arrow(c)
        || c.punct()
            .is_some_and(|(p, _)| p.as_char() == ',' || p.as_char() == ';')
}

/// Past a `,` `;` or `=>` (unchanged anywhere else).
fn skip_separator(c: Cursor) -> Cursor {
    if is_fat_arrow(c) {
        return c.punct().and_then(|(_, n)| n.punct()).map_or(c, |(_, n)| n);
    }
    match c.punct() {
        Some((p, next)) if p.as_char() == ',' || p.as_char() == ';' => next,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn args(src: &str) -> Vec<String> {
        let tokens: TokenStream = src.parse().unwrap();
        acting_args(&tokens, &mut |id| id == "run")
            .iter()
            .map(|e| e.to_token_stream().to_string())
            .collect()
    }

    #[test]
    fn passive_arguments_are_skipped() {
        assert!(args(r#""{} {}", a, self.b.c, 1 + 2"#).is_empty());
        assert!(args("x; n").is_empty());
        assert!(args("v , [a, b]").is_empty());
    }

    #[test]
    fn acting_arguments_are_parsed_once_each() {
        assert_eq!(
            args(r#""{}", m.lock().unwrap(), k, f(x)"#),
            ["m . lock () . unwrap ()", "f (x)"]
        );
        assert_eq!(args("m.lock(); n"), ["m . lock ()"]);
        assert_eq!(args("[g(), 1]"), ["[g () , 1]"]);
        assert_eq!(args("run, other"), ["run"]);
    }

    #[test]
    fn commas_inside_closure_heads_and_turbofish_do_not_split() {
        assert_eq!(args("|a, b| a.lock(), 3"), ["| a , b | a . lock ()"]);
        assert_eq!(
            args("HashMap::<K, V>::new(), x"),
            ["HashMap :: < K , V > :: new ()"]
        );
    }

    #[test]
    fn an_argument_going_on_past_a_comma_is_read_whole() {
        assert_eq!(
            args("f() as Foo<A, B>, g()"),
            ["f () as Foo < A , B >", "g ()"]
        );
        assert_eq!(args("k, |a, b| a.lock()"), ["| a , b | a . lock ()"]);
    }

    #[test]
    fn blocks_with_commas_and_a_lone_else_are_skipped() {
        assert_eq!(args("{ a = 1, b = f() }, g()"), ["g ()"]);
        assert_eq!(args("else => { m.lock(); }"), ["{ m . lock () ; }"]);
        assert_eq!(args("{ |a, b| a.lock() }"), ["{ | a , b | a . lock () }"]);
    }

    #[test]
    fn select_arms_split_at_fat_arrows() {
        assert_eq!(
            args("v = rx.recv() => { m.lock(); }, else => {}"),
            ["v = rx . recv ()", "{ m . lock () ; }", "{ }"]
        );
    }

    #[test]
    fn tracing_sigils_and_keys_are_skipped() {
        assert_eq!(
            args(r#"target: "t", ?a.lock(), n = %b.read(), "msg""#),
            ["a . lock ()", "b . read ()"]
        );
        assert_eq!(args("parent: span(), x"), ["span ()"]);
    }

    #[test]
    fn unparsable_arguments_are_dropped_and_the_rest_kept() {
        assert_eq!(args("x @ Some(_), f()"), ["f ()"]);
        assert_eq!(args("Some(v) if v.ok(), g()"), ["g ()"]);
    }
}
