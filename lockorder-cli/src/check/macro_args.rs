//! The arguments of a function-like macro (`assert!`, `format!`, `info!`,
//! `select!`, …) as expressions to walk.
//!
//! A macro's tokens are read once through one syn token buffer. Each
//! top-level argument (separated by `,`, `;` or `=>`) is first scanned with a
//! cursor, without copying it, to decide whether walking it can produce an
//! event at all: a call or method call (a parenthesised group), a block or
//! closure (`{…}`, `|`), a nested macro (`!`), an expression keyword or a
//! local closure named bare. Only such arguments are parsed, each exactly
//! once, by syn from where it starts, so a closure with several parameters
//! or a turbofish with several types is read whole even though it holds a
//! top-level comma. Arguments made of literals, paths, field accesses and
//! operators are skipped unparsed: they cannot take a lock.
//!
//! `tracing`-style field syntax is understood: a `%` or `?` sigil before a
//! value (`?x`, `name = %x`) and a leading `target:` / `parent:` key are
//! skipped, and the value after them is parsed.

use proc_macro2::{Delimiter, Ident, Spacing, TokenStream};
use syn::Expr;
use syn::buffer::Cursor;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};

/// The expressions among a macro's arguments that may act, parsed.
/// `acts` says whether a bare identifier (not a keyword the scanner knows)
/// may act: an expression keyword, or a local closure run where it is
/// passed.
pub(super) fn acting_args(tokens: &TokenStream, acts: &dyn Fn(&Ident) -> bool) -> Vec<Expr> {
    let parser = |input: ParseStream| Ok(parse_args(input, acts));
    parser.parse2(tokens.clone()).unwrap_or_default()
}

fn parse_args(input: ParseStream, acts: &dyn Fn(&Ident) -> bool) -> Vec<Expr> {
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
                .step(|c| Ok(((), scan_arg(*c, &|_| false).end)))
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

fn scan_arg<'a>(start: Cursor<'a>, ident_acts: &dyn Fn(&Ident) -> bool) -> Arg<'a> {
    let mut arg = Arg {
        acts: false,
        value: start,
        end: start,
    };
    let mut c = start;
    // Open `::<` / leading `<` generic brackets: their commas do not
    // separate arguments.
    let mut angle = 0u32;
    // The previous token was `::` / `=`, and how many tokens were read.
    let (mut after_path_sep, mut after_eq, mut index) = (false, false, 0usize);
    // The previous token was a `:` joined to the next (the first of `::`).
    let mut after_colon_joint = false;
    let mut first_is_ident = false;
    while !c.eof() {
        if let Some((p, next)) = c.punct() {
            let ch = p.as_char();
            if angle == 0 && (ch == ',' || ch == ';' || is_fat_arrow(c)) {
                break;
            }
            match ch {
                '|' | '!' => arg.acts = true,
                '<' if after_path_sep || index == 0 => angle += 1,
                '>' if angle > 0 => angle -= 1,
                '%' | '?' if index == 0 || after_eq => arg.value = next,
                ':' if index == 1 && first_is_ident && p.spacing() == Spacing::Alone => {
                    arg.value = next;
                }
                _ => {}
            }
            after_path_sep = ch == ':' && after_colon_joint;
            after_colon_joint = ch == ':' && p.spacing() == Spacing::Joint;
            after_eq = ch == '=' && p.spacing() == Spacing::Alone;
            c = next;
        } else {
            (after_path_sep, after_colon_joint, after_eq) = (false, false, false);
            if let Some((inner, delim, _, next)) = c.any_group() {
                if !arg.acts {
                    arg.acts = match delim {
                        Delimiter::Parenthesis | Delimiter::Brace => true,
                        Delimiter::Bracket | Delimiter::None => scan_arg(inner, ident_acts).acts,
                    };
                }
                c = next;
            } else if let Some((id, next)) = c.ident() {
                first_is_ident |= index == 0;
                if !arg.acts && ident_acts(&id) {
                    arg.acts = true;
                }
                c = next;
            } else if let Some((_, next)) = c.token_tree() {
                c = next;
            } else {
                break;
            }
        }
        index += 1;
    }
    arg.end = c;
    arg
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
        acting_args(&tokens, &|id| id == "run")
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
