//! Unit tests of the pooling model with literal inputs.

use super::*;

fn two_houses() -> Polls {
    let mut polls = Polls::new();
    let a = polls.add_house("a").unwrap();
    let b = polls.add_house("b").unwrap();
    for (d, pa, pb) in [
        ("2020-01-01", 40.0, 44.0),
        ("2020-01-11", 42.0, 45.0),
        ("2020-01-21", 41.0, 46.0),
        ("2020-02-10", 45.0, 47.0),
    ] {
        polls.add_poll(a, d.parse().unwrap(), pa, 1000).unwrap();
        polls.add_poll(b, d.parse().unwrap(), pb, 1000).unwrap();
    }
    polls
}

#[test]
fn anchor_and_sum_to_zero_agree_on_differences() {
    let p = two_houses();
    let s = p.fit(&PoolOptions::new()).unwrap();
    let a = p.fit(&PoolOptions::new().anchor("a")).unwrap();
    let d1 = s.houses()[1].effect() - s.houses()[0].effect();
    let d2 = a.houses()[1].effect() - a.houses()[0].effect();
    assert!((d1 - d2).abs() < 1e-6, "{d1} vs {d2}");
    assert!((s.sigma() - a.sigma()).abs() < 1e-6 * (1.0 + s.sigma()));
    // The trend moves by the anchor's effect.
    let shift = s.trend()[0].estimate() - a.trend()[0].estimate();
    assert!((shift - a.houses()[0].effect() + s.houses()[0].effect()).abs() < 1e-6);
}

#[test]
fn known_value_pins_the_trend() {
    let p = two_houses();
    let k: KnownValue = "2020-01-11=43".parse().unwrap();
    let r = p.fit(&PoolOptions::new().known(k)).unwrap();
    let pt = r
        .trend()
        .iter()
        .find(|t| t.date().to_string() == "2020-01-11")
        .unwrap();
    assert!((pt.estimate() - 43.0).abs() < 1e-9);
    assert!(pt.se() < 1e-6);
}

#[test]
fn unknown_anchor_lists_houses() {
    let err = two_houses()
        .fit(&PoolOptions::new().anchor("c"))
        .unwrap_err();
    assert!(err.to_string().contains("unknown house \"c\""), "{err}");
}

#[test]
fn design_effect_widens_a_house_and_is_noted() {
    let p = two_houses();
    let plain = p.fit(&PoolOptions::new().sigma(0.2)).unwrap();
    let d = p
        .fit(&PoolOptions::new().sigma(0.2).design_effect("b", 2.0))
        .unwrap();
    assert!(d.trend()[0].se() > plain.trend()[0].se());
    assert!(
        d.notes()
            .iter()
            .any(|n| n.contains("design effect 2 applied"))
    );
    assert!(p.fit(&PoolOptions::new().design_effect("b", 0.0)).is_err());
    assert!(p.fit(&PoolOptions::new().design_effect("z", 1.5)).is_err());
}
