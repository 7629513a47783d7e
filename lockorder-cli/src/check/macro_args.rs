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
//! Before any of that, the macro's source text (when known) is scanned as
//! bytes: most macros (`format!`, `debug!`, `assert_eq!` on plain values)
//! have no argument that can act, and then no token is copied at all. The
//! text scan skips string, character and raw-string literals and comments,
//! and answers "may act" whenever it is unsure, so it never hides an
//! argument the token scan would parse.
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

/// Whether the source text of a macro's arguments (between its
/// delimiters) may hold an argument that acts: `(`, `{`, `|`, `!`, or a
/// word `word_acts` accepts, outside literals and comments. `true` when the
/// text cannot be read (an unterminated literal or comment).
pub(super) fn text_may_act(text: &str, word_acts: &dyn Fn(&str) -> bool) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' | b'{' | b'|' | b'!' => return true,
            b'"' => match string_end(b, i + 1) {
                Some(end) => i = end,
                None => return true,
            },
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match block_comment_end(b, i + 2) {
                Some(end) => i = end,
                None => return true,
            },
            // a character literal, or the quote of a lifetime (whose name
            // is then read as a word)
            b'\'' => i = char_literal_end(text, i).unwrap_or(i + 1),
            b'0'..=b'9' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &text[start..i];
                if matches!(word, "r" | "br" | "cr") {
                    // a raw string: `r"…"`, `r#"…"#`, …
                    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
                    if b.get(i + hashes) == Some(&b'"') {
                        match raw_string_end(b, i + hashes + 1, hashes) {
                            Some(end) => {
                                i = end;
                                continue;
                            }
                            None => return true,
                        }
                    }
                }
                if word_acts(word) {
                    return true;
                }
            }
            _ => i += 1,
        }
    }
    false
}

/// Past the `"` closing a string whose contents start at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i += memchr::memchr2(b'"', b'\\', &b[i..])?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
        if i > b.len() {
            return None;
        }
    }
}

/// Past the `"` and `hashes` `#`s closing a raw string starting at `i`.
fn raw_string_end(b: &[u8], mut i: usize, hashes: usize) -> Option<usize> {
    loop {
        i += memchr::memchr(b'"', &b[i..])? + 1;
        if b[i..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
            return Some(i + hashes);
        }
    }
}

/// Past the `*/` closing a (nested) block comment whose contents start at `i`.
fn block_comment_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 1;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// Past a character literal starting with the quote at `i` (`'x'`,
/// `'\n'`, `'\u{1F600}'`), or `None` for the quote of a lifetime or label.
fn char_literal_end(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(i + 1) == Some(&b'\\') {
        // an escape: the literal ends at the next quote after the escaped
        // character
        let k = memchr::memchr(b'\'', b.get(i + 3..)?)?;
        return Some(i + 3 + k + 1);
    }
    let c = text.get(i + 1..)?.chars().next()?;
    let close = i + 1 + c.len_utf8();
    (c != '\'' && b.get(close) == Some(&b'\'')).then_some(close + 1)
}

/// A file's source text and where its lines start: maps spans back to
/// the text they came from.
pub(super) struct SourceText {
    text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Indexes `text` (the text syn parsed).
    pub(super) fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceText {
            text: text.to_owned(),
            line_starts,
        }
    }

    /// The text between a macro's delimiters, or `None` when the spans do
    /// not land on those delimiters in this text.
    pub(super) fn macro_args(&self, delimiter: &syn::MacroDelimiter) -> Option<&str> {
        let (span, open, close) = match delimiter {
            syn::MacroDelimiter::Paren(p) => (p.span, b'(', b')'),
            syn::MacroDelimiter::Brace(b) => (b.span, b'{', b'}'),
            syn::MacroDelimiter::Bracket(b) => (b.span, b'[', b']'),
        };
        let start = self.offset(span.open().start())?;
        let end = self.offset(span.close().start())?;
        let b = self.text.as_bytes();
        (start < end && b.get(start) == Some(&open) && b.get(end) == Some(&close))
            .then(|| self.text.get(start + 1..end))
            .flatten()
    }

    /// The byte offset of a line (1-based) and column (0-based, in chars).
    fn offset(&self, at: proc_macro2::LineColumn) -> Option<usize> {
        let line_start = *self.line_starts.get(at.line.checked_sub(1)?)?;
        let line = self.text.get(line_start..)?;
        if line.as_bytes().iter().take(at.column).all(u8::is_ascii) {
            return Some(line_start + at.column);
        }
        line.char_indices()
            .nth(at.column)
            .map(|(i, _)| line_start + i)
    }
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

    fn text(src: &str) -> bool {
        text_may_act(src, &|w| w == "run" || w == "await")
    }

    #[test]
    fn text_scan_finds_what_can_act() {
        for src in [
            "m.lock()",
            "x, {y}",
            "|a| a",
            "!x",
            "run",
            r#""{}", f.await"#,
            r#"r"\", m.lock()"#,
            r##"r#"a"b"#, g()"##,
            "'\\'', g()",
            "'a, g()",
            "x /* c */ g()",
            "\"unterminated",
            "x /* unterminated",
        ] {
            assert!(text(src), "{src}");
        }
    }

    #[test]
    fn text_scan_skips_literals_comments_and_passive_words() {
        for src in [
            r#""{} ({x}) |!", a, self.b.c, 1 + 2"#,
            r#""esc \" (", n"#,
            r##"r#"raw " ( "#, n"##,
            r#"br"x(", b'(', '{', '\'', 'é'"#,
            "x // f()\n, y",
            "x /* f() /* nested () */ {} */ y",
            "1usize, 0x1F, 2.5e3, x.0",
            "'a', v[i], runner",
        ] {
            assert!(!text(src), "{src}");
        }
    }

    #[test]
    fn text_scan_agrees_with_the_token_scan() {
        for src in [
            r#""{}", m.lock().unwrap(), k"#,
            r#""{} {}", a, self.b.c, 1 + 2"#,
            "v = rx.recv() => { m.lock(); }",
            r#"target: "t", n = %b.read(), "msg""#,
            "x; n",
            "[a, b], c",
            "run, other",
            "HashMap::<K, V>::new()",
        ] {
            assert_eq!(text(src), !args(src).is_empty(), "{src}");
        }
    }

    /// The argument text of every macro in `src`, found through the spans.
    fn macro_texts(src: &str) -> Vec<Option<String>> {
        struct V<'s>(&'s SourceText, Vec<Option<String>>);
        impl<'ast> syn::visit::Visit<'ast> for V<'_> {
            fn visit_macro(&mut self, m: &'ast syn::Macro) {
                self.1
                    .push(self.0.macro_args(&m.delimiter).map(str::to_owned));
            }
        }
        let source = SourceText::new(src);
        let mut v = V(&source, Vec::new());
        syn::visit::visit_file(&mut v, &syn::parse_file(src).unwrap());
        v.1
    }

    #[test]
    fn macro_text_is_found_through_the_spans() {
        let src = "fn f() {\r\n    let s = \"é→\"; info!(\"{s}\", a.b());\n    let v = vec![1, 2];\n    m! { x }\n}\n";
        assert_eq!(
            macro_texts(src),
            [
                Some(r#""{s}", a.b()"#.to_owned()),
                Some("1, 2".to_owned()),
                Some(" x ".to_owned())
            ]
        );
    }

    #[test]
    fn unparsable_arguments_are_dropped_and_the_rest_kept() {
        assert_eq!(args("x @ Some(_), f()"), ["f ()"]);
        assert_eq!(args("Some(v) if v.ok(), g()"), ["g ()"]);
    }
}
