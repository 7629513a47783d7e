//! The fast path for the commonest line: one flat JSON object, valid
//! UTF-8, no escapes, no nested values. It reads just the schema's keys (others are
//! checked for syntax and skipped) without building any value tree.
//!
//! Anything outside that shape returns `None`, and the caller falls back to
//! the full `serde_json` parse, so the result never depends on which path
//! ran (a property test checks this on random lines).

use super::line::Scalar;
use std::borrow::Cow;

/// The schema's keys, in the order of [`Flat::values`].
pub const KEYS: [&str; 9] = [
    "event",
    "message",
    "pipeline",
    "entity_type",
    "entity_id",
    "caller",
    "lock_released_at",
    "duration_ms",
    "timestamp",
];

/// The schema's values of one flat object (`Scalar::Missing` when absent).
#[derive(Debug, Default)]
pub struct Flat<'a> {
    /// Indexed like [`KEYS`].
    pub values: [Scalar<'a>; 9],
}

fn key_index(key: &str) -> Option<usize> {
    let i = match (key.len(), key.as_bytes().first()) {
        (5, _) => 0,
        (7, _) => 1,
        (8, _) => 2,
        (11, Some(b'e')) => 3,
        (9, Some(b'e')) => 4,
        (6, _) => 5,
        (16, _) => 6,
        (11, _) => 7,
        (9, _) => 8,
        _ => return None,
    };
    (KEYS[i] == key).then_some(i)
}

/// The first `"`, `\\` or control character (< 0x20), eight bytes at a
/// time (SWAR: a byte-wise "has zero / has less than" test on a u64; the
/// lowest flagged byte is always a true match).
fn find_special(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let mut i = 0;
    while let Some(chunk) = s.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().ok()?);
        let m = has_zero(w ^ (LO * u64::from(b'"')))
            | has_zero(w ^ (LO * u64::from(b'\\')))
            | (w.wrapping_sub(LO * 0x20) & !w & HI);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    s[i..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|p| i + p)
}

struct Cursor<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }
    /// A string without escapes; the cursor is on the opening quote.
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let rest = &self.s[self.i..];
        // Strings here are short: a plain loop beats a SIMD search's setup.
        // Control characters are invalid inside JSON strings: let serde say so.
        let end = find_special(rest)?;
        if rest[end] != b'"' {
            return None;
        }
        let start = self.i;
        self.i += end + 1;
        // Quotes are ASCII, so both ends are char boundaries.
        self.text.get(start..start + end)
    }
    /// A JSON number (strict grammar).
    fn number(&mut self) -> Option<f64> {
        let start = self.i;
        let s = self.s;
        let digits = |i: &mut usize| {
            let from = *i;
            while s.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        let mut i = self.i;
        if s.get(i) == Some(&b'-') {
            i += 1;
        }
        if s.get(i) == Some(&b'0') {
            i += 1;
        } else if !digits(&mut i) {
            return None;
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if matches!(s.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(s.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        self.i = i;
        self.text
            .get(start..i)?
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
    }
    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.s[self.i..]
            .starts_with(word)
            .then(|| self.i += word.len())
    }
}

/// Parses `line` (already trimmed, starting with `{`) if it has the fast
/// shape; `None` means "use the full parser", never "invalid".
pub fn parse(line: &[u8]) -> Option<Flat<'_>> {
    let text = std::str::from_utf8(line).ok()?;
    let mut c = Cursor {
        text,
        s: line,
        i: 0,
    };
    let mut out = Flat::default();
    c.eat(b'{')?;
    c.ws();
    if c.peek()? == b'}' {
        c.i += 1;
        return (c.i == line.len()).then_some(out);
    }
    loop {
        c.ws();
        let key = c.string()?;
        c.ws();
        c.eat(b':')?;
        c.ws();
        let value = match c.peek()? {
            b'"' => Scalar::Str(Cow::Borrowed(c.string()?)),
            b'-' | b'0'..=b'9' => Scalar::Num(c.number()?),
            b'n' => c.literal(b"null").map(|()| Scalar::Null)?,
            b't' => c.literal(b"true").map(|()| Scalar::Bool(true))?,
            b'f' => c.literal(b"false").map(|()| Scalar::Bool(false))?,
            _ => return None,
        };
        if key == "fields" {
            return None; // tracing-subscriber's nested form: the full parser
        }
        if let Some(k) = key_index(key) {
            if out.values[k] != Scalar::Missing {
                return None; // duplicate key: let serde report it
            }
            out.values[k] = value;
        }
        c.ws();
        match c.peek()? {
            b',' => c.i += 1,
            b'}' => {
                c.i += 1;
                return (c.i == line.len()).then_some(out);
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn find_special_matches_a_plain_search(s in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            let expected = s.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            proptest::prop_assert_eq!(find_special(&s), expected);
        }
    }

    #[test]
    fn every_key_is_found() {
        for (i, k) in KEYS.iter().enumerate() {
            assert_eq!(key_index(k), Some(i), "{k}");
        }
        assert_eq!(key_index("entity_ix"), None);
        assert_eq!(key_index("level"), None);
    }

    #[test]
    fn declines_what_it_does_not_handle() {
        for line in [
            r#"{"a":"x\"y"}"#,
            r#"{"fields":{"a":1}}"#,
            r#"{"a":[1]}"#,
            r#"{"event":"a","event":"b"}"#,
            r#"{"a":01}"#,
            "{\"a\":\"tab\there\"}",
            r#"{"a":1} trailing"#,
            r#"{"a":1"#,
        ] {
            assert!(parse(line.as_bytes()).is_none(), "{line}");
        }
        let flat =
            parse(r#"{"event":"lock_released","x":true,"duration_ms":-1.5e2}"#.as_bytes()).unwrap();
        assert_eq!(flat.values[7], Scalar::Num(-150.0));
    }
}
