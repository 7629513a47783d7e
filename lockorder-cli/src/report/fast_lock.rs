//! The report's fast path for its dominant line: a flat JSON `lock_released`
//! object of printable ASCII (no escapes, no nesting) whose event is usable.
//! Keys may come in any order and other keys are allowed (checked for syntax
//! and skipped). It records where the schema's values are and parses only
//! what the report keeps, with no per-line allocation.
//!
//! It returns `Some` only when [`classify`](super::line::classify) would
//! return a usable `Line::LockReleased` with the same values; anything else
//! (`None`) goes to the general path, so the report never depends on which
//! path ran (property-tested against `classify`).

use super::flat_json::KEYS;
use super::line::trim;
use super::timestamp::{self, Nanos};
use lockorder_runtime::event::LOCK_RELEASED;

/// A usable `lock_released` event, borrowed from its line. The names are
/// printable ASCII (so also valid UTF-8), left as bytes: the report only
/// looks them up, and converts a name once when it first sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FastLock<'a> {
    /// `pipeline`.
    pub pipeline: &'a [u8],
    /// `entity_type`.
    pub entity_type: &'a [u8],
    /// `caller`.
    pub caller: &'a [u8],
    /// The release time.
    pub at: Nanos,
    /// `duration_ms`.
    pub duration_ms: f64,
}

/// A value as far as the fast path cares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Val {
    Missing,
    /// A string: byte range in the line.
    Str(usize, usize),
    Num(f64),
    /// `null`, `true`, `false`.
    Literal,
}

/// Whether every byte is printable ASCII (0x20..=0x7e) other than `\`:
/// then strings end at the next `"`, and every slice is valid UTF-8.
fn plain_ascii(s: &[u8]) -> bool {
    let bad = |b: u8| b.wrapping_sub(0x20) > 0x5e || b == b'\\';
    let chunks = s.chunks_exact(16);
    let rest = chunks.remainder();
    for chunk in chunks {
        // No early exit inside a chunk: the compiler vectorizes this.
        if chunk.iter().fold(false, |acc, &b| acc | bad(b)) {
            return false;
        }
    }
    !rest.iter().any(|&b| bad(b))
}

/// The first `"`, eight bytes at a time (SWAR "has zero byte" on the word
/// xor eight quotes; the lowest flagged byte is always a true match). Inline
/// and without set-up: the strings here are short.
fn find_quote(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let words = s.chunks_exact(8);
    let rest = words.remainder();
    let whole = words.len() * 8;
    for (n, word) in words.enumerate() {
        let word: [u8; 8] = word.try_into().ok()?;
        let w = u64::from_le_bytes(word) ^ (LO * u64::from(b'"'));
        let m = w.wrapping_sub(LO) & !w & HI;
        if m != 0 {
            return Some(n * 8 + (m.trailing_zeros() / 8) as usize);
        }
    }
    rest.iter().position(|&b| b == b'"').map(|p| whole + p)
}

fn key_index(key: &[u8]) -> Option<usize> {
    let i = match (key.len(), key.first()) {
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
    (KEYS[i].as_bytes() == key).then_some(i)
}

const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// A JSON number (strict grammar) at `s[*i..]`, finite. Plain decimals of at
/// most 15 significant digits are computed exactly (the mantissa and the
/// power of ten are exact doubles, so one division is correctly rounded:
/// the same value `str::parse` gives); anything else uses `str::parse`.
#[inline(always)]
fn number(s: &[u8], i: &mut usize) -> Option<f64> {
    let start = *i;
    let mut j = *i;
    let neg = s.get(j) == Some(&b'-');
    if neg {
        j += 1;
    }
    let mut mantissa: u64 = 0;
    let mut ndigits = 0usize;
    // Digits from `s[*j..]` into the mantissa; returns how many.
    let digits = |j: &mut usize, mantissa: &mut u64| {
        let from = *j;
        while let Some(&c) = s.get(*j) {
            if !c.is_ascii_digit() {
                break;
            }
            *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            *j += 1;
        }
        *j - from
    };
    if s.get(j) == Some(&b'0') {
        j += 1;
        ndigits += 1;
    } else {
        let n = digits(&mut j, &mut mantissa);
        if n == 0 {
            return None;
        }
        ndigits += n;
    }
    let mut frac = 0;
    if s.get(j) == Some(&b'.') {
        j += 1;
        frac = digits(&mut j, &mut mantissa);
        if frac == 0 {
            return None;
        }
        ndigits += frac;
    }
    let mut exponent = false;
    if matches!(s.get(j), Some(b'e' | b'E')) {
        exponent = true;
        j += 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let from = j;
        while s.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j == from {
            return None;
        }
    }
    *i = j;
    if !exponent && ndigits <= 15 {
        let v = mantissa as f64 / POW10[frac];
        return Some(if neg { -v } else { v });
    }
    std::str::from_utf8(&s[start..j])
        .ok()?
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
}

/// The usable `lock_released` event on `line`, if it has the fast shape.
/// `None` means "ask the general path", never "not an event".
pub fn parse(line: &[u8]) -> Option<FastLock<'_>> {
    let s = trim(line);
    seed_order(s).or_else(|| any_order(s))
}

/// The end of a string's content: the first byte that is `"` (returned),
/// or `None` at a byte that is not printable ASCII or is `\` (eight bytes
/// at a time: SWAR byte tests whose lowest flagged byte is a true match).
#[inline(always)]
fn plain_string_end(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let words = s.chunks_exact(8);
    let rest = words.remainder();
    let whole = words.len() * 8;
    for (n, word) in words.enumerate() {
        let word: [u8; 8] = word.try_into().ok()?;
        let w = u64::from_le_bytes(word);
        let quote = zero(w ^ (LO * u64::from(b'"')));
        let other = zero(w ^ (LO * u64::from(b'\\')))
            | zero(w ^ (LO * 0x7f))
            | (w.wrapping_sub(LO * 0x20) & !w & HI)
            | (w & HI);
        if quote | other != 0 {
            let at = (quote | other).trailing_zeros();
            return ((quote >> at) & 1 == 1).then_some(n * 8 + (at / 8) as usize);
        }
    }
    let end = rest.iter().position(|&b| b == b'"')?;
    rest[..end]
        .iter()
        .all(|&b| (0x20..=0x7e).contains(&b) && b != b'\\')
        .then_some(whole + end)
}

/// A plain string's content at the start of `s` (after its opening quote),
/// and what follows the closing quote.
#[inline(always)]
fn plain_string(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = plain_string_end(s)?;
    Some((&s[..end], &s[end + 1..]))
}

/// The line exactly as lockorder-runtime (and the seed) writes it:
/// `{"event":"lock_released","pipeline":…,"entity_type":…,"entity_id":…,
/// "caller":…,"lock_released_at":…,"duration_ms":…}` without spaces. The
/// keys are compared as constants; only the values are read.
fn seed_order(s: &[u8]) -> Option<FastLock<'_>> {
    let rest = s.strip_prefix(br#"{"event":"lock_released","pipeline":""#)?;
    let (pipeline, rest) = plain_string(rest)?;
    let rest = rest.strip_prefix(br#","entity_type":""#)?;
    let (entity_type, rest) = plain_string(rest)?;
    let rest = rest.strip_prefix(br#","entity_id":"#)?;
    let rest = match *rest.first()? {
        b'"' => plain_string(&rest[1..])?.1,
        b'-' | b'0'..=b'9' => {
            let mut i = 0;
            number(rest, &mut i)?;
            &rest[i..]
        }
        b'n' => rest.strip_prefix(b"null")?,
        b't' => rest.strip_prefix(b"true")?,
        b'f' => rest.strip_prefix(b"false")?,
        _ => return None,
    };
    let rest = rest.strip_prefix(br#","caller":""#)?;
    let (caller, rest) = plain_string(rest)?;
    let rest = rest.strip_prefix(br#","lock_released_at":""#)?;
    let (at, rest) = plain_string(rest)?;
    let rest = rest.strip_prefix(br#","duration_ms":"#)?;
    let mut i = 0;
    let duration_ms = number(rest, &mut i)?;
    if &rest[i..] != b"}"
        || duration_ms < 0.0
        || pipeline.is_empty()
        || entity_type.is_empty()
        || caller.is_empty()
    {
        return None;
    }
    Some(FastLock {
        pipeline,
        entity_type,
        caller,
        at: timestamp::parse(at)?,
        duration_ms,
    })
}

/// Any key order, spaces, other keys, and `tracing-subscriber`'s nested
/// `fields` object (one level, itself flat).
fn any_order(s: &[u8]) -> Option<FastLock<'_>> {
    if s.first() != Some(&b'{') || !plain_ascii(s) {
        return None;
    }
    let mut top = [Val::Missing; 9];
    let mut fields = None;
    let mut i = 0;
    object(s, &mut i, &mut top, Some(&mut fields))?;
    if i != s.len() {
        return None;
    }
    let f = fields.unwrap_or([Val::Missing; 9]);
    let text = |v: Val| match v {
        Val::Str(a, b) => Some(&s[a..b]),
        _ => None,
    };
    // Like `Scalar::or`: the first that is present.
    let or = |a: Val, b: Val| if a == Val::Missing { b } else { a };
    // The event name: the first of event, fields.event, fields.message,
    // message that names a known event.
    let known = |v: Val| text(v).filter(|n| super::line::is_known_event(n));
    let name = known(top[0])
        .or_else(|| known(f[0]))
        .or_else(|| known(f[1]))
        .or_else(|| known(top[1]))?;
    if name != LOCK_RELEASED.as_bytes() {
        return None;
    }
    let nonempty = |v: Val| text(v).filter(|t| !t.is_empty());
    let time = or(or(or(f[6], top[6]), top[8]), f[8]);
    let duration_ms = match or(f[7], top[7]) {
        Val::Num(d) if d >= 0.0 => d,
        _ => return None,
    };
    Some(FastLock {
        pipeline: nonempty(or(f[2], top[2]))?,
        entity_type: nonempty(or(f[3], top[3]))?,
        caller: nonempty(or(f[5], top[5]))?,
        at: timestamp::parse(text(time)?)?,
        duration_ms,
    })
}

/// One object at `s[*i]` (a `{`) of a plain-ASCII line; the schema's
/// values go to `vals`. At the top level (`fields` given) a `fields` key
/// must hold an object, read into `fields`; elsewhere values are scalars.
/// Returns with `*i` after the closing `}`.
fn object(
    s: &[u8],
    i: &mut usize,
    vals: &mut [Val; 9],
    mut fields: Option<&mut Option<[Val; 9]>>,
) -> Option<()> {
    let ws = |i: &mut usize| {
        while s.get(*i) == Some(&b' ') {
            *i += 1;
        }
    };
    let string = |i: &mut usize| -> Option<(usize, usize)> {
        if s.get(*i) != Some(&b'"') {
            return None;
        }
        let start = *i + 1;
        let len = find_quote(s.get(start..)?)?;
        *i = start + len + 1;
        Some((start, start + len))
    };
    if s.get(*i) != Some(&b'{') {
        return None;
    }
    *i += 1;
    ws(i);
    if s.get(*i) == Some(&b'}') {
        return None; // `{}`: not an event
    }
    loop {
        ws(i);
        let (ks, ke) = string(i)?;
        ws(i);
        if s.get(*i) != Some(&b':') {
            return None;
        }
        *i += 1;
        ws(i);
        let key = &s[ks..ke];
        if key == b"fields" {
            let slot = fields.as_deref_mut()?;
            if slot.is_some() {
                return None; // duplicate: the general path reports it
            }
            let mut inner = [Val::Missing; 9];
            object(s, i, &mut inner, None)?;
            *slot = Some(inner);
        } else {
            let value = match *s.get(*i)? {
                b'"' => {
                    let (a, b) = string(i)?;
                    Val::Str(a, b)
                }
                b'-' | b'0'..=b'9' => Val::Num(number(s, i)?),
                b'n' | b't' | b'f' => {
                    let word: &[u8] = match s[*i] {
                        b'n' => b"null",
                        b't' => b"true",
                        _ => b"false",
                    };
                    if !s[*i..].starts_with(word) {
                        return None;
                    }
                    *i += word.len();
                    Val::Literal
                }
                _ => return None,
            };
            if let Some(k) = key_index(key) {
                if vals[k] != Val::Missing {
                    return None; // duplicate: the general path reports it
                }
                vals[k] = value;
            }
        }
        ws(i);
        match s.get(*i)? {
            b',' => *i += 1,
            b'}' => {
                *i += 1;
                return Some(());
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::line::{Line, classify};
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;

    proptest! {
        #[test]
        fn plain_string_end_matches_a_plain_search(s in proptest::collection::vec(prop_oneof![Just(b'"'), Just(b'a'), Just(b'\\'), any::<u8>()], 0..40)) {
            let expected = s.iter().position(|&b| b == b'"').filter(|&e| {
                s[..e].iter().all(|&b| (0x20..=0x7e).contains(&b) && b != b'\\')
            });
            prop_assert_eq!(plain_string_end(&s), expected);
        }

        /// Lines in the runtime's key order (the template path) with
        /// values replaced: the template agrees with the any-order scanner
        /// and with `classify`.
        #[test]
        fn seed_order_agrees(replace in proptest::collection::vec((0usize..7, value()), 0..3)) {
            let mut values: Vec<String> = [
                "\"lock_released\"", "\"skill\"", "\"UserLicense\"", "123",
                "\"c.d\"", "\"2026-02-24T10:15:32.456Z\"", "187.3",
            ].iter().map(|v| (*v).to_owned()).collect();
            for (i, v) in replace {
                values[i] = v;
            }
            let keys = ["event", "pipeline", "entity_type", "entity_id", "caller", "lock_released_at", "duration_ms"];
            let body: Vec<String> = keys.iter().zip(&values).map(|(k, v)| format!("\"{k}\":{v}")).collect();
            let line = format!("{{{}}}", body.join(","));
            if let Some(fast) = seed_order(line.as_bytes()) {
                prop_assert_eq!(Some(fast), any_order(line.as_bytes()), "{}", line);
            }
            agrees(&line)?;
        }

        /// tracing-subscriber's shape: each field at the top level or in
        /// `fields`, the event name in `event` or `message` on either side.
        #[test]
        fn nested_fields_agree(
            nested in proptest::collection::vec(any::<bool>(), 9),
            replace in proptest::collection::vec((0usize..9, value()), 0..3),
            extra in proptest::collection::vec((key(), value(), any::<bool>()), 0..3),
            name_key in prop_oneof![Just("event"), Just("message")],
        ) {
            let mut fields: Vec<(&str, String)> = vec![
                (name_key, "\"lock_released\"".into()),
                ("pipeline", "\"skill\"".into()),
                ("entity_type", "\"UserLicense\"".into()),
                ("entity_id", "\"u-1\"".into()),
                ("caller", "\"c.d\"".into()),
                ("lock_released_at", "\"2026-02-24T10:15:32.456Z\"".into()),
                ("duration_ms", "187.3".into()),
                ("timestamp", "\"2026-02-24T10:15:33.000Z\"".into()),
                ("level", "\"INFO\"".into()),
            ];
            for (i, v) in replace {
                fields[i].1 = v;
            }
            let (mut top, mut inner) = (Vec::new(), Vec::new());
            for ((k, v), n) in fields.iter().zip(&nested) {
                (if *n { &mut inner } else { &mut top }).push(format!("\"{k}\":{v}"));
            }
            for (k, v, n) in extra {
                (if n { &mut inner } else { &mut top }).push(format!("\"{k}\":{v}"));
            }
            top.push(format!("\"fields\":{{{}}}", inner.join(",")));
            let line = format!("{{{}}}", top.join(","));
            agrees(&line)?;
        }

        #[test]
        fn find_quote_matches_a_plain_search(s in proptest::collection::vec(prop_oneof![Just(b'"'), any::<u8>()], 0..40)) {
            prop_assert_eq!(find_quote(&s), s.iter().position(|&b| b == b'"'));
        }

        #[test]
        fn plain_ascii_matches_a_plain_check(s in proptest::collection::vec(any::<u8>(), 0..70)) {
            let expected = s.iter().all(|&b| (0x20..=0x7e).contains(&b) && b != b'\\');
            prop_assert_eq!(plain_ascii(&s), expected);
        }

        /// The exact decimal path gives what `str::parse` gives.
        #[test]
        fn numbers_equal_std_parse(
            neg in any::<bool>(),
            int in prop_oneof![Just("0".to_owned()), "[1-9][0-9]{0,17}"],
            frac in proptest::option::of("[0-9]{1,18}"),
            exp in proptest::option::of(-330i32..330),
        ) {
            let mut text = format!("{}{int}", if neg { "-" } else { "" });
            if let Some(f) = &frac {
                text.push('.');
                text.push_str(f);
            }
            if let Some(e) = exp {
                text.push_str(&format!("e{e}"));
            }
            let mut i = 0;
            let got = number(text.as_bytes(), &mut i);
            let expected: f64 = text.parse().unwrap();
            if expected.is_finite() {
                let got = got.unwrap();
                prop_assert_eq!(got.to_bits(), expected.to_bits(), "{}", text);
                prop_assert_eq!(i, text.len());
            } else {
                prop_assert_eq!(got, None);
            }
        }
    }

    const SEED: &str = r#"{"event":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":null,"caller":"distribute_rewards_for_user.skill_writeback","lock_released_at":"2026-02-24T10:15:32.456Z","duration_ms":187.3}"#;

    /// Values for one key: mostly plausible, some wrong in each way the
    /// general path distinguishes.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just("\"lock_released\"".to_owned()),
            2 => "[a-zA-Z_.]{0,6}".prop_map(|s| format!("\"{s}\"")),
            2 => Just("\"2026-02-24T10:15:32.456Z\"".to_owned()),
            1 => Just("\"2026-02-24 10:15:32,456\"".to_owned()),
            1 => Just("\"2026-02-30T10:15:32.456Z\"".to_owned()),
            3 => (-100.0f64..5000.0).prop_map(|v| format!("{v:.1}")),
            1 => (0u32..100_000).prop_map(|v| v.to_string()),
            1 => Just("1e3".to_owned()),
            1 => Just("-0".to_owned()),
            1 => Just("01".to_owned()),
            1 => Just("null".to_owned()),
            1 => Just("true".to_owned()),
            1 => Just("nul".to_owned()),
            1 => Just("\"\"".to_owned()),
            1 => Just("\"deadlock_detected\"".to_owned()),
            1 => Just("\"a\\\"b\"".to_owned()),
            1 => Just("\"caf\u{e9}\"".to_owned()),
            1 => Just("{\"x\":1}".to_owned()),
        ]
    }

    fn key() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("event"),
            Just("message"),
            Just("pipeline"),
            Just("entity_type"),
            Just("entity_id"),
            Just("caller"),
            Just("lock_released_at"),
            Just("duration_ms"),
            Just("timestamp"),
            Just("other"),
            Just("fields")
        ]
    }

    /// The fast path only ever answers what the general path answers.
    fn agrees(line: &str) -> Result<bool, TestCaseError> {
        let Some(fast) = parse(line.as_bytes()) else {
            return Ok(false);
        };
        match classify(line.as_bytes(), false) {
            Line::LockReleased { lock: Some(l), .. } => {
                prop_assert_eq!(
                    (
                        l.pipeline.as_bytes(),
                        l.entity_type.as_bytes(),
                        l.caller.as_bytes(),
                        l.at,
                        l.duration_ms.to_bits()
                    ),
                    (
                        fast.pipeline,
                        fast.entity_type,
                        fast.caller,
                        fast.at,
                        fast.duration_ms.to_bits()
                    ),
                    "{}",
                    line
                );
            }
            other => prop_assert!(false, "{line}: fast {fast:?}, general {other:?}"),
        }
        Ok(true)
    }

    proptest! {
        /// Seed-shaped lines with fields replaced, dropped, added, reordered.
        #[test]
        fn agrees_with_classify_on_perturbed_seed_lines(
            replace in proptest::collection::vec((0usize..7, value()), 0..3),
            drop in proptest::option::of(0usize..7),
            extra in proptest::collection::vec((key(), value()), 0..3),
            order in Just((0usize..10).collect::<Vec<_>>()).prop_shuffle(),
            spaces in any::<bool>(),
            pad in any::<bool>(),
        ) {
            let mut fields: Vec<(String, String)> = vec![
                ("event".into(), "\"lock_released\"".into()),
                ("pipeline".into(), "\"skill\"".into()),
                ("entity_type".into(), "\"UserLicense\"".into()),
                ("entity_id".into(), "null".into()),
                ("caller".into(), "\"c.d\"".into()),
                ("lock_released_at".into(), "\"2026-02-24T10:15:32.456Z\"".into()),
                ("duration_ms".into(), "187.3".into()),
            ];
            for (i, v) in replace {
                fields[i].1 = v;
            }
            if let Some(i) = drop {
                fields.remove(i);
            }
            fields.extend(extra.into_iter().map(|(k, v)| (k.to_owned(), v)));
            let body: Vec<String> = order
                .iter()
                .filter_map(|&i| fields.get(i))
                .map(|(k, v)| if spaces { format!("\"{k}\" : {v}") } else { format!("\"{k}\":{v}") })
                .collect();
            let sep = if spaces { ", " } else { "," };
            let mut line = format!("{{{}}}", body.join(sep));
            if pad {
                line = format!("  {line} ");
            }
            agrees(&line)?;
        }
    }

    #[test]
    fn takes_the_seed_line_and_declines_the_rest() {
        assert!(seed_order(SEED.as_bytes()).is_some());
        let lock = parse(SEED.as_bytes()).unwrap();
        assert_eq!(
            (lock.pipeline, lock.entity_type, lock.duration_ms),
            (&b"skill"[..], &b"UserLicense"[..], 187.3)
        );
        assert_eq!(timestamp::format(lock.at), "2026-02-24T10:15:32.456Z");
        for line in [
            SEED.replace("skill_writeback", "skill\\u005fwriteback"),
            SEED.replace("\"skill\"", "\"sk\u{e9}ll\""),
            SEED.replace("null", "[1]"),
            SEED.replace("187.3", "-1"),
            SEED.replace("lock_released\"", "lock_order_violation\""),
            format!("2026-02-24 INFO x: {SEED}"),
            SEED.replace("\"pipeline\":\"skill\",", ""),
            SEED.replace("\"entity_id\":null", "\"event\":\"lock_released\""),
            format!("{SEED}x"),
        ] {
            assert_eq!(parse(line.as_bytes()), None, "{line}");
        }
        let nested = r#"{"timestamp":"2026-02-24T10:15:32.456Z","level":"INFO","fields":{"message":"lock_released","pipeline":"skill","entity_type":"UserLicense","entity_id":"u-7","caller":"c","lock_released_at":"2026-02-24T10:15:32.456Z","duration_ms":4.5},"target":"lockorder"}"#;
        assert_eq!(parse(nested.as_bytes()).map(|l| l.duration_ms), Some(4.5));
        assert!(agrees(nested).unwrap());
        for line in [
            nested.replace("\"fields\":{", "\"fields\":{\"fields\":1,"),
            nested.replace(",\"target\"", ",\"fields\":{},\"target\""),
            nested.replace("\"level\":\"INFO\"", "\"level\":{\"n\":1}"),
            nested.replace("\"entity_id\":\"u-7\"", "\"entity_id\":[7]"),
        ] {
            assert_eq!(parse(line.as_bytes()), None, "{line}");
        }
        // entity_id problems do not block the report: still fast.
        assert!(parse(SEED.replace("\"entity_id\":null,", "").as_bytes()).is_some());
        assert!(agrees(&SEED.replace("\"entity_id\":null,", "")).unwrap());
    }

    #[test]
    fn number_grammar_is_strict() {
        for bad in ["-", "1.", ".5", "1e", "1e+", "-x"] {
            let mut i = 0;
            assert_eq!(number(bad.as_bytes(), &mut i), None, "{bad}");
        }
        // A leading zero ends the number (`01` is then a syntax error).
        let mut i = 0;
        assert_eq!(number(b"01", &mut i), Some(0.0));
        assert_eq!(i, 1);
        let mut i = 0;
        assert_eq!(
            number(b"-0", &mut i).map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
    }

    #[test]
    fn every_key_is_found() {
        for (i, k) in KEYS.iter().enumerate() {
            assert_eq!(key_index(k.as_bytes()), Some(i), "{k}");
        }
        assert_eq!(key_index(b"entity_ix"), None);
        assert_eq!(key_index(b"level"), None);
    }
}
