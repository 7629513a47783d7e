//! Exact nearest-rank percentiles: the value at rank ⌈q·n⌉ (1-based) of the
//! ascending samples.

/// The percentiles a report shows, from ascending samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of samples.
    pub count: u64,
    /// P50.
    pub p50: f64,
    /// P95.
    pub p95: f64,
    /// P99.
    pub p99: f64,
    /// The largest sample.
    pub max: f64,
}

/// The 1-based nearest rank of quantile `q` (0 < q ≤ 1) among `n` samples.
pub fn rank(q: f64, n: usize) -> usize {
    // Work in integer per-mille to avoid 0.95 * 100 = 95.00000000000001.
    let permille = (q * 1000.0).round() as usize;
    (permille * n).div_ceil(1000).max(1)
}

/// The nearest-rank percentile of ascending `sorted` samples (`None` if empty).
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    Some(sorted[rank(q, sorted.len()) - 1])
}

/// Sorts samples ascending (total order; NaN never occurs in parsed logs).
pub fn sort(samples: &mut [f64]) {
    samples.sort_unstable_by(f64::total_cmp);
}

/// Merges two ascending (total order) sample lists into one.
pub fn merge_sorted(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j].total_cmp(&a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// P50/P95/P99/max/count of ascending samples (`None` if empty).
pub fn summarize(sorted: &[f64]) -> Option<Summary> {
    Some(Summary {
        count: sorted.len() as u64,
        p50: percentile(sorted, 0.50)?,
        p95: percentile(sorted, 0.95)?,
        p99: percentile(sorted, 0.99)?,
        max: *sorted.last()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, spelled out: the smallest sample v such that at
    /// least q·n samples are ≤ v.
    fn brute_force(samples: &[f64], q: f64) -> f64 {
        let n = samples.len() as f64;
        let mut candidates = samples.to_vec();
        candidates.sort_by(f64::total_cmp);
        *candidates
            .iter()
            .find(|&&v| {
                let at_most = samples.iter().filter(|&&s| s <= v).count() as f64;
                // q·n with the per-mille rounding the tool documents.
                at_most * 1000.0 >= (q * 1000.0).round() * n
            })
            .unwrap()
    }

    #[test]
    fn seed_like_examples() {
        let sorted: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&sorted, 0.95), Some(95.0));
        assert_eq!(percentile(&sorted, 0.50), Some(50.0));
        assert_eq!(percentile(&sorted, 0.99), Some(99.0));
        // 20 samples: rank ceil(0.95*20) = 19.
        let sorted: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&sorted, 0.95), Some(19.0));
        // One sample: every percentile is it.
        assert_eq!(percentile(&[7.0], 0.5), Some(7.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn rank_is_not_fooled_by_float_error() {
        // 0.95 * 100 is 95.00000000000001 in f64; the rank must still be 95.
        assert_eq!(rank(0.95, 100), 95);
        assert_eq!(rank(0.99, 100), 99);
        assert_eq!(rank(0.5, 3), 2);
    }

    proptest! {
        #[test]
        fn matches_brute_force(mut samples in proptest::collection::vec(0.0f64..5000.0, 1..300),
                               q in prop_oneof![Just(0.5), Just(0.95), Just(0.99), Just(1.0)]) {
            let expected = brute_force(&samples, q);
            sort(&mut samples);
            prop_assert_eq!(percentile(&samples, q), Some(expected));
        }

        /// Merging sorted lists gives exactly what sorting them together gives.
        #[test]
        fn merge_equals_sorting_together(
            mut a in proptest::collection::vec(prop_oneof![0.0f64..50.0, Just(-0.0), Just(0.0), (0u8..5).prop_map(f64::from)], 0..60),
            mut b in proptest::collection::vec(prop_oneof![0.0f64..50.0, Just(-0.0), Just(0.0), (0u8..5).prop_map(f64::from)], 0..60),
        ) {
            let mut expected: Vec<f64> = a.iter().chain(&b).copied().collect();
            sort(&mut expected);
            sort(&mut a);
            sort(&mut b);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&merge_sorted(&a, &b)), bits(&expected));
        }

        #[test]
        fn many_ties(mut samples in proptest::collection::vec(0u8..4, 1..200)
                         .prop_map(|v| v.into_iter().map(f64::from).collect::<Vec<_>>())) {
            let expected = brute_force(&samples, 0.95);
            sort(&mut samples);
            prop_assert_eq!(percentile(&samples, 0.95), Some(expected));
        }
    }
}
