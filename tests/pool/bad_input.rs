//! Bad input: a clear error, or a result with a note saying what is weak — never NaN, never
//! a panic.

use yoron::pool::{KnownValue, Polls, PoolOptions, Pooled};

fn polls(rows: &[(&str, &str, f64)]) -> Polls {
    let mut p = Polls::new();
    let mut ids: Vec<&str> = vec![];
    for &(house, date, pct) in rows {
        let h = match ids.iter().position(|x| *x == house) {
            Some(i) => i,
            None => {
                ids.push(house);
                p.add_house(house).unwrap()
            }
        };
        p.add_poll(h, date.parse().unwrap(), pct, 1000).unwrap();
    }
    p
}

fn all_finite(r: &Pooled) {
    assert!(r.sigma().is_finite() && r.log_likelihood().is_finite());
    for t in r.trend() {
        assert!(t.estimate().is_finite() && t.se().is_finite(), "{t:?}");
    }
    for h in r.houses() {
        assert!(h.effect().is_finite() && h.se().is_finite(), "{h:?}");
    }
}

/// Two houses polling every quarter of 2020–2021, the second 3 points higher.
fn base() -> Vec<(&'static str, &'static str, f64)> {
    vec![
        ("a", "2020-01-15", 40.2),
        ("b", "2020-01-20", 43.5),
        ("a", "2020-04-15", 41.0),
        ("b", "2020-04-20", 43.9),
        ("a", "2020-07-15", 42.3),
        ("b", "2020-07-20", 45.1),
        ("a", "2020-10-15", 41.1),
        ("b", "2020-10-20", 44.0),
    ]
}

#[test]
fn one_house_only_is_an_error() {
    let p = polls(&[
        ("a", "2020-01-01", 40.0),
        ("a", "2020-02-01", 41.0),
        ("a", "2020-03-01", 42.0),
    ]);
    let err = p.fit(&PoolOptions::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "pooling the polls: only one house (a): there is nothing to pool and no house effect to estimate (draw it with `yoron chart trend`, or give --known values)"
    );
    // With a known value the one house's effect is estimable.
    let k: KnownValue = "2020-02-01=40".parse().unwrap();
    let r = p.fit(&PoolOptions::new().known(k)).unwrap();
    all_finite(&r);
    assert!((r.houses()[0].effect() - 1.0).abs() < 0.5);
}

#[test]
fn a_house_with_one_poll_is_flagged() {
    let mut rows = base();
    rows.push(("c", "2020-07-18", 38.0));
    let r = polls(&rows).fit(&PoolOptions::new()).unwrap();
    all_finite(&r);
    assert!(r.notes().iter().any(|n| n == "house c has one poll: its effect rests on the trend the other houses give at that date"), "{:?}", r.notes());
    let c = &r.houses()[2];
    assert_eq!(c.polls(), 1);
    // Its effect is far less certain than the others'.
    assert!(c.se() > r.houses()[0].se());
}

#[test]
fn all_polls_on_one_date_is_an_error() {
    let p = polls(&[
        ("a", "2020-01-01", 40.0),
        ("b", "2020-01-01", 43.0),
        ("a", "2020-01-01", 41.0),
    ]);
    let err = p.fit(&PoolOptions::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "pooling the polls: all polls are on one date (2020-01-01): a trend needs at least two dates"
    );
}

#[test]
fn a_house_that_never_overlaps_is_flagged() {
    let mut rows = base();
    rows.extend([("c", "2022-06-01", 47.0), ("c", "2022-09-01", 46.0)]);
    let r = polls(&rows).fit(&PoolOptions::new()).unwrap();
    all_finite(&r);
    assert!(
        r.notes()
            .iter()
            .any(|n| n.starts_with("house c never overlaps in time with another house")),
        "{:?}",
        r.notes()
    );
    assert!(!r.notes().iter().any(|n| n.starts_with("house a never")));
}

#[test]
fn sigma_at_the_boundary_zero_is_flagged() {
    // The truth is constant and the polls agree exactly with it: nothing moves.
    let rows: Vec<(&str, &str, f64)> = [
        "2020-01-01",
        "2020-03-01",
        "2020-05-01",
        "2020-07-01",
        "2020-09-01",
    ]
    .iter()
    .flat_map(|d| [("a", *d, 40.0), ("b", *d, 44.0)])
    .collect();
    let r = polls(&rows).fit(&PoolOptions::new()).unwrap();
    all_finite(&r);
    assert!(r.sigma_at_zero());
    assert_eq!(r.sigma(), 0.0);
    assert!(
        r.notes()[0].starts_with("σ is at its boundary 0"),
        "{:?}",
        r.notes()
    );
    for t in r.trend() {
        assert!((t.estimate() - 42.0).abs() < 1e-9);
    }
    assert!((r.houses()[1].effect() - 2.0).abs() < 1e-9);
}

#[test]
fn too_few_polls_for_sigma_is_an_error() {
    let p = polls(&[("a", "2020-01-01", 40.0), ("b", "2020-02-01", 43.0)]);
    let err = p.fit(&PoolOptions::new()).unwrap_err();
    assert!(
        err.to_string().contains("σ needs more polls than that"),
        "{err}"
    );
    // With σ given, the same data give a (wide) result.
    all_finite(&p.fit(&PoolOptions::new().sigma(0.2)).unwrap());
}

#[test]
fn impossible_figures_and_options_are_errors() {
    let mut p = Polls::new();
    let a = p.add_house("a").unwrap();
    let err = p
        .add_poll(a, "2020-01-01".parse().unwrap(), 100.0, 1000)
        .unwrap_err();
    assert!(
        err.to_string().contains("strictly between 0 and 100"),
        "{err}"
    );
    assert!(
        p.add_poll(5, "2020-01-01".parse().unwrap(), 50.0, 1000)
            .is_err()
    );
    assert!(p.add_house("a").is_err());
    let base = polls(&base());
    let k: KnownValue = "2020-02-01=40".parse().unwrap();
    let err = base
        .fit(&PoolOptions::new().anchor("a").known(k))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("either an anchor house or known values"),
        "{err}"
    );
    assert!(base.fit(&PoolOptions::new().sigma(f64::NAN)).is_err());
    assert!(base.fit(&PoolOptions::new().sigma(-1.0)).is_err());
    assert!(Polls::new().fit(&PoolOptions::new()).is_err());
    assert!("2020-02-01=140".parse::<KnownValue>().is_err());
}

#[test]
fn disagreeing_known_values_on_one_date_are_an_error() {
    let p = polls(&base());
    let opts = PoolOptions::new()
        .known("2020-02-01=40".parse().unwrap())
        .known("2020-02-01=41".parse().unwrap());
    let err = p.fit(&opts).unwrap_err();
    assert!(err.to_string().contains("disagree"), "{err}");
    let same = PoolOptions::new()
        .known("2020-02-01=40".parse().unwrap())
        .known("2020-02-01=40".parse().unwrap());
    all_finite(&p.fit(&same).unwrap());
}
