//! Doc comments blanked before parsing.
//!
//! The lexer turns every `/// text` and `//! text` into a `#[doc = "text"]`
//! attribute: a string literal to escape, tokens to buffer, an attribute to
//! parse and later drop. On well-documented code that is a sixth of all the
//! work syn does for a file, for text the analysis never reads (it looks at
//! code and at `#[lockorder::…]` attributes only). [`blank_doc_comments`]
//! turns each doc comment into a plain comment by overwriting the one
//! character that makes it a doc comment (`///` → `// `, `//!` → `// `,
//! `/**` → `/* `, `/*!` → `/* `) with a space: the text keeps its length and
//! its lines, so every span, line and column syn reports is the original's.
//!
//! The scan follows the lexer as far as that needs: string, byte-string,
//! C-string and raw-string literals, character literals (told apart from
//! lifetimes and labels) and nested block comments, so that doc-comment
//! markers inside a literal or an ordinary comment are left alone. Only a
//! `/`, `!` or `*` that starts a doc comment is ever overwritten, and only
//! with a space, so the result is valid UTF-8 and lexes to the original's
//! tokens minus the doc attributes (tested against `proc_macro2`'s lexer).

use memchr::memchr3;

/// `text` with its doc comments turned into plain comments (same length,
/// same lines). Text without doc comments is returned as it is.
pub fn blank_doc_comments(text: String) -> String {
    let marks = doc_comment_marks(text.as_bytes());
    if marks.is_empty() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for at in marks {
        bytes[at] = b' ';
    }
    // An ASCII byte replaced by an ASCII byte: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The offsets of the characters that make a comment a doc comment.
fn doc_comment_marks(b: &[u8]) -> Vec<usize> {
    let mut marks = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr3(b'/', b'"', b'\'', &b[i..]) {
        i += off;
        i = match b[i] {
            b'/' => match b.get(i + 1) {
                Some(b'/') => line_comment(b, i, &mut marks),
                Some(b'*') => block_comment(b, i, &mut marks),
                _ => i + 1,
            },
            b'"' => string_end(b, i),
            _ => quote_end(b, i),
        };
    }
    marks
}

/// Past the line comment starting at `i` (`//`); marks it when it is a doc
/// comment (`///` but not `////`, or `//!`).
fn line_comment(b: &[u8], i: usize, marks: &mut Vec<usize>) -> usize {
    match (b.get(i + 2), b.get(i + 3)) {
        (Some(b'/'), next) if next != Some(&b'/') => marks.push(i + 2),
        (Some(b'!'), _) => marks.push(i + 2),
        _ => {}
    }
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n + 1)
}

/// Past the (nested) block comment starting at `i` (`/*`); marks it when it
/// is a doc comment (`/**` but not `/***` or the empty `/**/`, or `/*!`).
fn block_comment(b: &[u8], i: usize, marks: &mut Vec<usize>) -> usize {
    match (b.get(i + 2), b.get(i + 3)) {
        (Some(b'*'), next) if !matches!(next, Some(b'*' | b'/')) => marks.push(i + 2),
        (Some(b'!'), _) => marks.push(i + 2),
        _ => {}
    }
    let mut depth = 1usize;
    let mut j = i + 2;
    while j + 1 < b.len() {
        match (b[j], b[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    b.len()
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Past the string literal whose opening `"` is at `i`: raw (`r"…"`,
/// `br#"…"#`, `cr##"…"##`) when a raw prefix stands right before it, else
/// with backslash escapes (`"…"`, `b"…"`, `c"…"`).
fn string_end(b: &[u8], i: usize) -> usize {
    let hashes = b[..i].iter().rev().take_while(|&&c| c == b'#').count();
    let r = i - hashes;
    let raw = r >= 1 && b[r - 1] == b'r' && {
        let before = r - 1;
        match before.checked_sub(1).map(|p| b[p]) {
            None => true,
            Some(b'b' | b'c') => before < 2 || !is_ident_byte(b[before - 2]),
            Some(c) => !is_ident_byte(c),
        }
    };
    if raw {
        let mut j = i + 1;
        while let Some(n) = memchr::memchr(b'"', &b[j..]) {
            let close = j + n;
            let tail = &b[close + 1..];
            if tail.len() >= hashes && tail[..hashes].iter().all(|&c| c == b'#') {
                return close + 1 + hashes;
            }
            j = close + 1;
        }
        return b.len();
    }
    let mut j = i + 1;
    while let Some(n) = memchr::memchr2(b'"', b'\\', &b[j..]) {
        let at = j + n;
        if b[at] == b'\\' {
            j = at + 2;
            if j >= b.len() {
                return b.len();
            }
        } else {
            return at + 1;
        }
    }
    b.len()
}

/// Past the `'` at `i`: a character literal (`'x'`, `'\''`, `'\u{1F980}'`,
/// `b'x'`, a multi-byte `'é'`) is skipped whole; a lifetime or label
/// (`'a`, `'static`) only by its quote.
fn quote_end(b: &[u8], i: usize) -> usize {
    match b.get(i + 1) {
        Some(b'\\') => {
            // an escape: the literal ends at the next quote past it
            let from = (i + 3).min(b.len());
            memchr::memchr(b'\'', &b[from..]).map_or(b.len(), |n| from + n + 1)
        }
        Some(&c) => {
            let width = utf8_width(c);
            if b.get(i + 1 + width) == Some(&b'\'') {
                i + 2 + width
            } else {
                i + 1
            }
        }
        None => b.len(),
    }
}

/// The length of the UTF-8 sequence that starts with `lead`.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::{TokenStream, TokenTree};
    use std::str::FromStr;

    /// The tokens of `text` as text, doc attributes (`#[doc …]`,
    /// `#![doc …]`) left out, groups flattened with their delimiters.
    fn tokens_without_docs(text: &str) -> Vec<String> {
        fn walk(ts: TokenStream, out: &mut Vec<String>) {
            let toks: Vec<TokenTree> = ts.into_iter().collect();
            let mut i = 0;
            while i < toks.len() {
                let is_doc = |t: &TokenTree| {
                    matches!(t, TokenTree::Group(g)
                        if g.delimiter() == proc_macro2::Delimiter::Bracket
                            && g.stream().into_iter().next().is_some_and(|f| f.to_string() == "doc"))
                };
                if let TokenTree::Punct(p) = &toks[i] {
                    if p.as_char() == '#' {
                        let bang = matches!(toks.get(i + 1), Some(TokenTree::Punct(q)) if q.as_char() == '!');
                        let at = i + 1 + usize::from(bang);
                        if toks.get(at).is_some_and(is_doc) {
                            i = at + 1;
                            continue;
                        }
                    }
                }
                match &toks[i] {
                    TokenTree::Group(g) => {
                        out.push(format!("{:?}<", g.delimiter()));
                        walk(g.stream(), out);
                        out.push(">".into());
                    }
                    t => out.push(t.to_string()),
                }
                i += 1;
            }
        }
        let mut out = Vec::new();
        walk(TokenStream::from_str(text).expect("lexes"), &mut out);
        out
    }

    fn assert_same_code(text: &str) {
        let blanked = blank_doc_comments(text.to_owned());
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.lines().count(), text.lines().count());
        assert_eq!(
            tokens_without_docs(&blanked),
            tokens_without_docs(text),
            "{blanked}"
        );
        assert!(
            !blanked.contains("#[doc") || text.contains("#[doc"),
            "blanking made a doc attribute"
        );
        let docs_left = TokenStream::from_str(&blanked)
            .expect("lexes")
            .to_string()
            .contains("doc =");
        assert!(
            !docs_left || text.contains("doc ="),
            "a doc comment survived:\n{blanked}"
        );
    }

    const TRICKY: &str = r####"//! crate docs
/// outer doc
//// four slashes: a plain comment
/** block doc */
/*! inner block doc */
/**/ /***/ /* /* nested */ still comment /// not a doc */
fn f<'a>(x: &'a str) -> char {
    let s = "string with /// and //! and /** inside";
    let r = r#"raw "quoted" /// text"#;
    let rr = r##"two # "# hashes //! "##;
    let b = b"bytes // not a comment";
    let br = br"raw bytes /* not a comment";
    let c = c"c string ///";
    let e = "escaped \" quote /// still string";
    let bs = "backslash at end \\";
    let q = '"';
    let sl = '/';
    let esc = '\'';
    let uni = '\u{1F980}';
    let wide = 'é';
    let byte = b'"';
    let r#raw_ident = 1;
    'outer: loop { break 'outer; }
    /// doc on a statement
    let y = x.len(); // trailing /// comment
    '"'
}
"####;

    #[test]
    fn doc_comments_become_plain_comments_and_code_is_untouched() {
        assert_same_code(TRICKY);
        let blanked = blank_doc_comments(TRICKY.to_owned());
        assert!(blanked.starts_with("//  crate docs\n//  outer doc\n//// four"));
        assert!(blanked.contains("/*  block doc */\n/*  inner block doc */"));
        assert!(blanked.contains("/**/ /***/"));
        assert!(blanked.contains(r#""string with /// and //! and /** inside""#));
        assert!(blanked.contains(r##"r#"raw "quoted" /// text"#"##));
        assert!(blanked.contains("// trailing /// comment"));
    }

    #[test]
    fn text_without_doc_comments_is_returned_unchanged() {
        let text = "fn f() { let s = \"/// in a string\"; } // plain\n".to_owned();
        let ptr = text.as_ptr();
        let out = blank_doc_comments(text);
        assert_eq!(out.as_ptr(), ptr, "no copy when nothing changes");
        assert_eq!(out, "fn f() { let s = \"/// in a string\"; } // plain\n");
    }

    #[test]
    fn unterminated_literals_and_comments_do_not_panic() {
        for text in [
            "\"open string ///",
            "r#\"open raw",
            "/* open block /// ",
            "'",
            "'\\",
            "b'",
            "///",
            "//!",
            "/**",
            "\"\\",
        ] {
            let out = blank_doc_comments(text.to_owned());
            assert_eq!(out.len(), text.len(), "{text:?}");
        }
    }

    /// Every source file of this workspace (code, tests, fixtures) lexes to
    /// the same tokens, doc attributes aside, once blanked; and so does
    /// every file under `LOCKORDER_DOCS_CORPUS` when it is set (a large
    /// real tree, e.g. the bench corpus).
    #[test]
    fn workspace_sources_lex_the_same_once_blanked() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut walk = ignore::WalkBuilder::new(&root);
        if let Some(extra) = std::env::var_os("LOCKORDER_DOCS_CORPUS") {
            walk.add(extra);
        }
        let mut seen = 0;
        for entry in walk.build().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(path).expect("readable");
                if TokenStream::from_str(&text).is_ok() {
                    assert_same_code(&text);
                    seen += 1;
                }
            }
        }
        eprintln!("{seen} files lex the same once blanked");
        assert!(seen > 50, "only {seen} files checked");
    }
}
