//! Timestamps in log lines: RFC 3339 (`2026-02-24T10:15:32.456Z`) and the
//! common text-log variants, as nanoseconds since the Unix epoch.
//!
//! Accepted: `YYYY-MM-DD`, then `T`, `t` or a space, `HH:MM:SS`, an optional
//! fraction after `.` or `,` (any number of digits; beyond nanoseconds they
//! are ignored), then an optional zone: `Z`, `z`, ` UTC`, `±HH:MM` or
//! `±HHMM`. A time without a zone is taken as UTC. Leap seconds (`:60`) are
//! rejected.

use time::OffsetDateTime;

/// Nanoseconds since 1970-01-01T00:00:00Z.
pub type Nanos = i64;

/// Parses a whole string as a timestamp; `None` if anything is left over or
/// any part is out of range.
pub fn parse(s: &[u8]) -> Option<Nanos> {
    if let Ok(fixed) = <&[u8; 24]>::try_from(s)
        && is_millis_utc_shape(fixed)
    {
        return parse_millis_utc(fixed);
    }
    match parse_prefix(s) {
        Some((t, used)) if used == s.len() => Some(t),
        _ => None,
    }
}

/// Whether `s` has the separators of the schema's form,
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn is_millis_utc_shape(s: &[u8; 24]) -> bool {
    s[4] == b'-'
        && s[7] == b'-'
        && s[10] == b'T'
        && s[13] == b':'
        && s[16] == b':'
        && s[19] == b'.'
        && s[23] == b'Z'
}

/// The schema's form read at fixed positions (the commonest timestamp by
/// far); the same result as [`parse_prefix`] (property-tested).
fn parse_millis_utc(s: &[u8; 24]) -> Option<Nanos> {
    // Every digit position checked without branching, then combined.
    const DIGITS: [usize; 17] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
    let mut v = [0u32; 24];
    let mut bad = false;
    for p in DIGITS {
        let c = s[p].wrapping_sub(b'0');
        bad |= c > 9;
        v[p] = u32::from(c);
    }
    if bad {
        return None;
    }
    let year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    let (month, day) = (v[5] * 10 + v[6], v[8] * 10 + v[9]);
    let (hour, minute, second) = (v[11] * 10 + v[12], v[14] * 10 + v[15], v[17] * 10 + v[18]);
    let millis = v[20] * 100 + v[21] * 10 + v[22];
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day)?;
    let secs = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    secs.checked_mul(1_000_000_000)?
        .checked_add(i64::from(millis) * 1_000_000)
}

/// Parses a timestamp at the start of `s` and returns it with the number of
/// bytes it took.
pub fn parse_prefix(s: &[u8]) -> Option<(Nanos, usize)> {
    let year = digits(s, 0, 4)? as i64;
    if s.get(4) != Some(&b'-') || s.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(s, 5, 2)?;
    let day = digits(s, 8, 2)?;
    if s.len() == 10 {
        // A date alone: midnight UTC.
        let days = days_from_civil(year, month, day)?;
        return Some((days.checked_mul(86_400_000_000_000)?, 10));
    }
    if !matches!(s.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(s, 11, 2)?;
    let minute = digits(s, 14, 2)?;
    let second = digits(s, 17, 2)?;
    if s.get(13) != Some(&b':') || s.get(16) != Some(&b':') {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut pos = 19;
    let mut frac_nanos: i64 = 0;
    if matches!(s.get(pos), Some(b'.' | b',')) {
        pos += 1;
        let start = pos;
        let mut scale = 100_000_000;
        while let Some(&c) = s.get(pos) {
            if !c.is_ascii_digit() {
                break;
            }
            frac_nanos += i64::from(c - b'0') * scale;
            scale /= 10;
            pos += 1;
        }
        if pos == start {
            return None;
        }
    }
    let mut offset_secs: i64 = 0;
    match s.get(pos) {
        Some(b'Z' | b'z') => pos += 1,
        Some(b' ') if s[pos..].starts_with(b" UTC") => pos += 4,
        Some(&sign @ (b'+' | b'-')) => {
            let oh = digits(s, pos + 1, 2)?;
            let (om, len) = if s.get(pos + 3) == Some(&b':') {
                (digits(s, pos + 4, 2)?, 6)
            } else {
                (digits(s, pos + 3, 2)?, 5)
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let off = i64::from(oh) * 3600 + i64::from(om) * 60;
            offset_secs = if sign == b'+' { off } else { -off };
            pos += len;
        }
        _ => {}
    }
    let days = days_from_civil(year, month, day)?;
    let secs = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
        - offset_secs;
    let nanos = secs.checked_mul(1_000_000_000)?.checked_add(frac_nanos)?;
    Some((nanos, pos))
}

/// Formats nanoseconds as RFC 3339 UTC with milliseconds (the schema's form).
pub fn format(t: Nanos) -> String {
    let dt = OffsetDateTime::from_unix_timestamp_nanos(i128::from(t))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    lockorder_runtime::event::format_timestamp(dt)
}

/// The current time.
pub fn now() -> Nanos {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos()).unwrap_or(i64::MAX)
}

fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = s.get(at..at + n)?;
    let mut v = 0u32;
    for &c in part {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`), `None` for an invalid date.
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = MONTH_DAYS[month as usize - 1] + u32::from(month == 2 && leap);
    if day > month_days {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::format_description::well_known::Rfc3339;

    #[test]
    fn seed_timestamp() {
        let t = parse(b"2026-02-24T10:15:32.456Z").unwrap();
        assert_eq!(format(t), "2026-02-24T10:15:32.456Z");
    }

    #[test]
    fn text_log_variants() {
        let utc = parse(b"2026-02-24T10:15:32.456Z").unwrap();
        assert_eq!(parse(b"2026-02-24 10:15:32,456"), Some(utc));
        assert_eq!(parse(b"2026-02-24 10:15:32.456 UTC"), Some(utc));
        assert_eq!(parse(b"2026-02-24T12:15:32.456+02:00"), Some(utc));
        assert_eq!(parse(b"2026-02-24T09:15:32.456-0100"), Some(utc));
        assert_eq!(parse(b"2026-02-24"), parse(b"2026-02-24T00:00:00Z"));
    }

    #[test]
    fn rejects_garbage_and_out_of_range() {
        for bad in [
            &b"2026-02-30T00:00:00Z"[..],
            b"2026-13-01T00:00:00Z",
            b"2026-02-24T24:00:00Z",
            b"2026-02-24T10:15:32.Z",
            b"2026-02-24T10:15:32Zjunk",
            b"yesterday",
            b"",
        ] {
            assert_eq!(parse(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    proptest! {
        /// The fixed-position reader agrees with the general one, also on
        /// near misses (a character replaced anywhere).
        #[test]
        fn fixed_form_agrees_with_the_general_reader(
            secs in -62_000_000_000i64..253_000_000_000i64,
            millis in 0u32..1000,
            hit in proptest::option::of((0usize..24, any::<u8>())),
            sep in 0usize..2,
        ) {
            let dt = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let mut text = format!(
                "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}.{millis:03}Z",
                dt.year(), u8::from(dt.month()), dt.day(), ["T", "t"][sep],
                dt.hour(), dt.minute(), dt.second()
            ).into_bytes();
            if let Some((at, byte)) = hit {
                text[at] = byte;
            }
            let general = match parse_prefix(&text) {
                Some((t, used)) if used == text.len() => Some(t),
                _ => None,
            };
            prop_assert_eq!(parse(&text), general, "{}", String::from_utf8_lossy(&text));
        }

        #[test]
        fn agrees_with_the_time_crate(secs in -2_000_000_000i64..8_000_000_000i64, nanos in 0u32..1_000_000_000, off_min in -1439i32..1439) {
            let off = time::UtcOffset::from_whole_seconds(off_min * 60).unwrap();
            let dt = OffsetDateTime::from_unix_timestamp(secs).unwrap()
                .replace_nanosecond(nanos).unwrap().to_offset(off);
            let text = dt.format(&Rfc3339).unwrap();
            let expected = i64::try_from(dt.unix_timestamp_nanos()).unwrap();
            prop_assert_eq!(parse(text.as_bytes()), Some(expected), "{}", text);
        }
    }
}
