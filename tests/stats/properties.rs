//! Laws every interval and difference must obey, checked with proptest on a fixed seed
//! (no regression files are written: nothing lands in the working tree).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use yoron::stats::{
    Adjustment, CiMethod, ConfidenceLevel, DiffMethod, DiffOptions, Difference, Estimate, Joint,
    PAdjust, SampleSizeSource, Samples,
};

fn config() -> Config {
    Config {
        cases: 512,
        rng_seed: RngSeed::Fixed(0x0079_6f72_6f6e),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Tolerance for comparing bounds computed from different inputs.
const EPS: f64 = 1e-12;

fn method() -> impl Strategy<Value = CiMethod> {
    prop::sample::select(CiMethod::ALL.to_vec())
}

fn diff_method() -> impl Strategy<Value = DiffMethod> {
    prop::sample::select(DiffMethod::ALL.to_vec())
}

/// x successes of n (n up to 5000), with an optional design effect in [0.5, 3].
fn estimate() -> impl Strategy<Value = Estimate> {
    (1u32..5000, any::<u32>(), prop::option::of(0.5f64..3.0)).prop_map(|(n, x, deff)| {
        let e = Estimate::from_count(x % (n + 1), SampleSizeSource::Published(n)).expect("count");
        match deff {
            Some(d) => e.with_deff(d).expect("deff"),
            None => e,
        }
    })
}

fn level() -> impl Strategy<Value = ConfidenceLevel> {
    (0.8f64..0.999).prop_map(|l| ConfidenceLevel::new(l).expect("level"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn interval_contains_the_estimate_and_lies_in_0_1(e in estimate(), m in method(), l in level()) {
        let ci = e.ci(m, l);
        prop_assert!(ci.low().is_finite() && ci.high().is_finite());
        prop_assert!(0.0 <= ci.low() && ci.high() <= 1.0, "{ci}");
        prop_assert!(ci.width() > 0.0, "zero width: {ci}");
        prop_assert!(ci.low() <= e.p() + EPS && e.p() <= ci.high() + EPS, "{ci}");
    }

    #[test]
    fn interval_widens_with_the_level(e in estimate(), m in method(), a in level(), b in level()) {
        let (lo, hi) = if a.value() <= b.value() { (a, b) } else { (b, a) };
        let narrow = e.ci(m, lo);
        let wide = e.ci(m, hi);
        prop_assert!(wide.low() <= narrow.low() + EPS, "{narrow} vs {wide}");
        prop_assert!(wide.high() >= narrow.high() - EPS, "{narrow} vs {wide}");
    }

    #[test]
    fn interval_narrows_with_n(n in 1u32..2000, x in any::<u32>(), k in 2u32..10, m in method(), l in level()) {
        // Same proportion x/n on k times the respondents.
        let x = x % (n + 1);
        let small = Estimate::from_count(x, SampleSizeSource::Published(n)).expect("count").ci(m, l);
        let large = Estimate::from_count(k * x, SampleSizeSource::Published(k * n)).expect("count").ci(m, l);
        prop_assert!(large.width() <= small.width() + EPS, "{small} vs {large}");
        if small.adjustment() != Adjustment::Clipped {
            prop_assert!(large.width() < small.width(), "{small} vs {large}");
        }
    }

    #[test]
    fn interval_over_rounding_holds_the_interval_and_the_whole_range(
        n in 10u32..5000, tenths in 0u32..1001, decimals in 0u8..2, m in method(), l in level()
    ) {
        // A figure as published with 0 or 1 decimals.
        let pct = if decimals == 0 { f64::from(tenths / 10) } else { f64::from(tenths) / 10.0 };
        let e = Estimate::from_percent(pct, SampleSizeSource::Published(n)).expect("pct").with_decimals(decimals);
        let ci = e.ci(m, l);
        let r = ci.over_rounding().expect("rounded figure");
        prop_assert!(r.low() <= ci.low() && ci.high() <= r.high());
        // The union at the two ends covers the interval of every true value in between.
        let range = e.rounding_range().expect("range");
        for i in 0..=20 {
            let p = range.low() + range.width() * f64::from(i) / 20.0;
            let inner = e.at_proportion(p).ci(m, l);
            prop_assert!(r.low() <= inner.low() + EPS && inner.high() <= r.high() + EPS,
                "{m} at p = {p}: {inner} outside {r:?}");
        }
    }

    #[test]
    fn difference_is_antisymmetric(a in estimate(), b in estimate(), m in diff_method(), l in level()) {
        let opts = DiffOptions::new().method(m).level(l);
        let ab = Difference::new(&a, &b, opts).expect("diff");
        let ba = Difference::new(&b, &a, opts).expect("diff");
        prop_assert_eq!(ab.estimate(), -ba.estimate());
        prop_assert_eq!(ab.low(), -ba.high());
        prop_assert_eq!(ab.high(), -ba.low());
        prop_assert_eq!(ab.z(), -ba.z());
        prop_assert_eq!(ab.p_value(), ba.p_value());
        prop_assert!((0.0..=1.0).contains(&ab.p_value()));
        prop_assert!(-1.0 <= ab.low() && ab.high() <= 1.0);
        prop_assert!(ab.high() > ab.low());
        if m != DiffMethod::AgrestiCaffo {
            // Agresti–Caffo is centred on the adjusted difference, not on a − b.
            prop_assert!(ab.low() <= ab.estimate() + EPS && ab.estimate() <= ab.high() + EPS);
        }
    }

    #[test]
    fn same_sample_difference_is_antisymmetric(
        n in 1u32..5000, x1 in any::<u32>(), x2 in any::<u32>(), multi in any::<bool>(), l in level()
    ) {
        let x1 = x1 % (n + 1);
        let x2 = if multi { x2 % (n + 1) } else { x2 % (n - x1 + 1) };
        let samples = if multi {
            Samples::SameMultiResponse(Joint::Unknown)
        } else {
            Samples::SameSingleResponse
        };
        let a = Estimate::from_count(x1, SampleSizeSource::Published(n)).expect("a");
        let b = Estimate::from_count(x2, SampleSizeSource::Published(n)).expect("b");
        let opts = DiffOptions::new().samples(samples).level(l);
        let ab = Difference::new(&a, &b, opts).expect("diff");
        let ba = Difference::new(&b, &a, opts).expect("diff");
        prop_assert_eq!(ab.low(), -ba.high());
        prop_assert_eq!(ab.high(), -ba.low());
        prop_assert_eq!(ab.p_value(), ba.p_value());
        prop_assert!(ab.low() <= ab.estimate() && ab.estimate() <= ab.high());
        prop_assert!(ab.high() > ab.low() || ab.adjustment() == Adjustment::ZeroWidth);
    }

    #[test]
    fn difference_over_rounding_holds_every_difference_in_the_box(
        na in 10u32..3000, nb in 10u32..3000, pa in 0u32..101, pb in 0u32..101, m in diff_method()
    ) {
        let a = Estimate::from_percent(f64::from(pa), SampleSizeSource::Published(na)).expect("a").with_decimals(0);
        let b = Estimate::from_percent(f64::from(pb), SampleSizeSource::Published(nb)).expect("b").with_decimals(0);
        let opts = DiffOptions::new().method(m);
        let d = Difference::new(&a, &b, opts).expect("diff");
        let r = d.rounding().expect("rounded").over_rounding();
        prop_assert_eq!(d.rounding().expect("rounded").is_within(), pa.abs_diff(pb) <= 1);
        let (ra, rb) = (a.rounding_range().expect("a"), b.rounding_range().expect("b"));
        for i in 0..=6 {
            for j in 0..=6 {
                let qa = ra.low() + ra.width() * f64::from(i) / 6.0;
                let qb = rb.low() + rb.width() * f64::from(j) / 6.0;
                let inner = Difference::new(&a.at_proportion(qa), &b.at_proportion(qb), opts).expect("diff");
                prop_assert!(r.low() <= inner.low() + EPS && inner.high() <= r.high() + EPS,
                    "{m} at ({qa}, {qb}): [{}, {}] outside {r:?}", inner.low(), inner.high());
            }
        }
    }

    #[test]
    fn adjusted_p_values_are_ordered(p in prop::collection::vec(0.0f64..=1.0, 0..30)) {
        let holm = PAdjust::Holm.adjust(&p).expect("holm");
        let bh = PAdjust::BenjaminiHochberg.adjust(&p).expect("bh");
        for ((raw, bh), holm) in p.iter().zip(bh.adjusted()).zip(holm.adjusted()) {
            prop_assert!(raw <= &(bh + EPS));
            prop_assert!(*bh <= holm + EPS);
            prop_assert!(*holm <= 1.0);
        }
    }
}
