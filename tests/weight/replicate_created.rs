//! Replicate weights created from a Taylor design (`Design::to_replicate`, R
//! `as.svrepdesign`) against R: the weights, scale, rscales and degf R creates for JK1,
//! JKn, BRR and Fay (tests/reference/survey/replicate/, make_reference.R and
//! make_created.R there) and the estimates R makes on them, at relative 1e-8; the
//! bootstrap types by their distribution; bad designs; `yoron replicate`.

use std::collections::HashMap;

use super::replicate::{dir, numbers, poll_csv, rows};
use yoron::weight::{
    Columns, CreateReplicates, CreatedType, Design, DesignCiMethod, DesignSpec, Estimand,
    ReplicateType, Respondents,
};

fn analysis_columns() -> Columns {
    Columns::new()
        .categories(["q5", "country"])
        .numbers(["age", "hh", "qbin"])
}

/// The Taylor design R converted: `svydesign(ids = ~psu, [strata = ~stratum,] weights = ~w)`.
fn taylor(stratified: bool, all: bool) -> Design {
    let mut spec = DesignSpec::new().weight("w").psu("psu");
    if stratified {
        spec = spec.strata("stratum");
    }
    let csv = poll_csv(all);
    let data =
        Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&analysis_columns()))
            .unwrap();
    spec.build(data).unwrap()
}

/// The design R created, as yoron creates it.
fn created(name: &str) -> Design {
    let (kind, stratified, all) = match name {
        "jk1" => (CreateReplicates::new(CreatedType::Jk1), false, true),
        "jkn" => (CreateReplicates::new(CreatedType::Jkn), true, true),
        "brr" => (CreateReplicates::new(CreatedType::Brr), true, false),
        "fay" => (
            CreateReplicates::new(CreatedType::Fay).fay_rho(0.3),
            true,
            false,
        ),
        _ => panic!("{name}"),
    };
    taylor(stratified, all).to_replicate(&kind).unwrap()
}

fn near(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-8 * want.abs().max(1e-12)
}

#[test]
fn created_weights_scale_rscales_and_degf_match_r() {
    let designs = rows(dir().join("designs.csv"));
    let mut checked = 0;
    for (name, kind) in [
        ("jk1", ReplicateType::Jk1),
        ("jkn", ReplicateType::Jkn),
        ("brr", ReplicateType::Brr),
        ("fay", ReplicateType::Fay),
    ] {
        let d = designs
            .iter()
            .find(|d| d["design"] == format!("created_{name}"))
            .unwrap();
        let des = created(name);
        let (k, columns) = des.replicates().unwrap();
        assert_eq!(k, kind, "{name}");
        let r: usize = d["replicates"].parse().unwrap();
        assert_eq!(columns.len(), r, "{name}: replicates");
        let (scale, rscales) = des.replicate_scales().unwrap();
        let want_scale: f64 = d["scale"].parse().unwrap();
        assert!(
            near(scale, want_scale),
            "{name}: scale {scale} vs R {want_scale}"
        );
        let want_rscales = numbers(&d["rscales"]);
        assert_eq!(rscales.len(), want_rscales.len(), "{name}");
        for (j, (a, b)) in rscales.iter().zip(&want_rscales).enumerate() {
            assert!(near(*a, *b), "{name}: rscales[{j}] {a} vs R {b}");
        }
        assert_eq!(des.df().to_string(), d["degf"], "{name}: degf");
        // Every weight, row by row in the data's order (R wrote id first).
        let text = std::fs::read_to_string(dir().join(&d["file"])).unwrap();
        let mut n = 0;
        for (i, line) in text.lines().skip(1).enumerate() {
            let values: Vec<f64> = line
                .split(',')
                .skip(1)
                .map(|x| x.parse().unwrap())
                .collect();
            assert_eq!(values.len(), r);
            for (rep, want) in values.iter().enumerate() {
                let got = des.replicate_weights(rep).unwrap()[i];
                assert!(
                    near(got, *want),
                    "{name}: row {} rep{}: yoron {got}, R {want}",
                    i + 1,
                    rep + 1
                );
                checked += 1;
            }
            n += 1;
        }
        assert_eq!(n, des.n_rows(), "{name}: rows");
    }
    assert_eq!(checked, 806 * 45 * 2 + 274 * 12 * 2);
}

#[test]
fn estimates_on_created_designs_match_r() {
    let expected = rows(dir().join("expected.csv"));
    let mut checked = 0;
    let mut failures = Vec::new();
    for name in ["jk1", "jkn", "brr", "fay"] {
        let des = created(name);
        let est = |e: &Estimand| des.estimate(e).unwrap();
        let q5 = est(&Estimand::proportions("q5"));
        let age = est(&Estimand::mean("age"));
        let hh = est(&Estimand::total("hh"));
        let age_by = est(&Estimand::mean("age").by("country").contrast("JP", "KR"));
        let qbin_by = est(&Estimand::mean("qbin").by("country").contrast("JP", "KR"));
        let logit = est(&Estimand::indicators(["qbin"]).interval(DesignCiMethod::Logit));
        let beta = est(&Estimand::indicators(["qbin"]).interval(DesignCiMethod::Beta));
        let design = format!("created_{name}");
        for e in expected.iter().filter(|e| e["design"] == design) {
            if e["quantity"].contains("likelihood") {
                continue; // R gives NA there: tests/weight/replicate.rs
            }
            let want: f64 = e["value"].parse().unwrap();
            let domain = (!e["domain"].is_empty()).then_some(e["domain"].as_str());
            let (q, v) = (e["quantity"].as_str(), e["variable"].as_str());
            let set = match v {
                "q5" => &q5,
                "age" if domain.is_none() => &age,
                "age" => &age_by,
                "hh_total" => &hh,
                "qbin" if q.contains("logit") => &logit,
                "qbin" if q.contains("beta") => &beta,
                "qbin" => &qbin_by,
                "" => {
                    assert_eq!(des.df() as f64, want, "{design} degf");
                    checked += 1;
                    continue;
                }
                // The Rao–Scott tests on replicate designs: tests/weight/replicate.rs.
                "q5*sex" => continue,
                v => panic!("unknown variable {v}"),
            };
            let key = match v {
                "q5" => e["category"].as_str(),
                "hh_total" => "hh",
                "qbin" if q.starts_with("ci_") => "1",
                v => v,
            };
            let row = set.find(domain, key).unwrap();
            let got = match q {
                "estimate" => row.estimate(),
                "se" => row.se(),
                q if q.starts_with("ci_low") => row.ci().unwrap().low(),
                q if q.starts_with("ci_high") => row.ci().unwrap().high(),
                q => panic!("unknown quantity {q}"),
            };
            if !near(got, want) {
                failures.push(format!(
                    "{design} {q} {v} {:?} {}: yoron {got:.17e}, R {want:.17e}",
                    domain, e["category"]
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ from R:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, 4 * 27, "values checked");
}

/// R sorts BRR strata by name as text: with strata 1..11, stratum "10" takes the second
/// row of the Hadamard matrix (make_created.R, brr_strata11.csv, made-up data).
#[test]
fn brr_sorts_strata_by_name_as_r() {
    let path = dir().join("brr_strata11.csv");
    let spec = DesignSpec::new().weight("w").strata("stratum").psu("psu");
    let data = Respondents::read(&path, &spec.columns().number("rep1")).unwrap();
    let des = spec
        .build(data)
        .unwrap()
        .to_replicate(&CreateReplicates::new(CreatedType::Brr))
        .unwrap();
    let reference = rows(path);
    assert_eq!(reference.len(), 44);
    assert_eq!(des.replicates().unwrap().1.len(), 12);
    for (i, row) in reference.iter().enumerate() {
        for r in 0..12 {
            let want: f64 = row[&format!("rep{}", r + 1)].parse().unwrap();
            assert_eq!(
                des.replicate_weights(r).unwrap()[i],
                want,
                "row {} rep{}",
                i + 1,
                r + 1
            );
        }
    }
}

/// A large made-up design: 20 strata × 50 PSUs × 2 respondents, a 0/1 answer whose rate
/// varies by PSU (so the PSUs matter), weights varying by row. Deterministic.
fn big_design(fpc: bool) -> Design {
    let mut csv = String::from("st,psu,w,y,N\n");
    let mut state: u64 = 12345;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    for h in 0..20 {
        for p in 0..50 {
            let rate = 0.2 + 0.6 * next();
            for _ in 0..2 {
                let y = u8::from(next() < rate);
                let w = 1.0 + 3.0 * next();
                csv.push_str(&format!("s{h},{h}-{p},{w},{y},100\n"));
            }
        }
    }
    let mut spec = DesignSpec::new().weight("w").strata("st").psu("psu");
    if fpc {
        spec = spec.fpc("N");
    }
    let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().number("y")).unwrap();
    spec.build(data).unwrap()
}

/// The bootstrap cannot reproduce R's random draws; its variance must reproduce the Taylor
/// variance (both are unbiased for it on a linear statistic: R's scales undo the n/(n − 1)
/// of drawing n of n, or n − 1 of n rescaled). With R replicates the bootstrap variance is
/// about a scaled χ² with R − 1 df, relative SD √(2/(R − 1)); its square root, the SE, has
/// half that: √(1/(2 · 399)) = 3.5 % for 400 replicates. The tolerance is 4 SDs, 14 %: a
/// correct implementation misses with probability < 1e-4, while draws ignoring the strata
/// (SE up by the spread between strata), a scale for the wrong number of replicates or
/// draws of the wrong size (the subbootstrap without its n/(n − 1) loses 50 % of the
/// variance of one draw in n = 2, and here ≈ 2 % — too little to see: the scale is
/// checked exactly instead) are caught. The seed is fixed, so the test is deterministic.
#[test]
fn bootstrap_se_is_the_taylor_se_within_monte_carlo_error() {
    let design = big_design(false);
    let p = Estimand::mean("y");
    let taylor = design.estimate(&p).unwrap().rows()[0].se();
    for kind in [CreatedType::Bootstrap, CreatedType::Subbootstrap] {
        let how = CreateReplicates::new(kind).replicates(400).seed(20261206);
        let boot = design.to_replicate(&how).unwrap();
        let se = boot.estimate(&p).unwrap().rows()[0].se();
        let ratio = se / taylor;
        assert!(
            (ratio - 1.0).abs() < 4.0 * (1.0 / (2.0 * 399.0f64)).sqrt(),
            "{kind}: SE {se} vs Taylor {taylor} (ratio {ratio})"
        );
        // The scale is R's: bootstrap n̄/((n̄ − 1)(R − 1)) with n̄ = 50, subbootstrap 1/(R − 1).
        let (scale, _) = boot.replicate_scales().unwrap();
        let want = match kind {
            CreatedType::Bootstrap => 50.0 / (49.0 * 399.0),
            _ => 1.0 / 399.0,
        };
        assert!(near(scale, want), "{kind}: scale {scale}");
        // Each stratum's factors sum to its PSU count (n_h draws, or n_h − 1 × n_h/(n_h − 1)).
        let w0 = boot.replicate_weights(0).unwrap();
        let factor_sum: f64 = w0
            .iter()
            .zip(design.weights())
            .map(|(a, b)| a / b)
            .sum::<f64>()
            / 2.0;
        assert!((factor_sum - 1000.0).abs() < 1e-9, "{kind}: {factor_sum}");
        // Same seed, same weights; another seed, others.
        let again = design.to_replicate(&how).unwrap();
        assert_eq!(again.replicate_weights(7), boot.replicate_weights(7));
        let other = design.to_replicate(&how.clone().seed(1)).unwrap();
        assert_ne!(other.replicate_weights(7), boot.replicate_weights(7));
    }
}

fn create_error(csv: &str, spec: DesignSpec, how: CreateReplicates) -> String {
    let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns()).unwrap();
    spec.build(data)
        .unwrap()
        .to_replicate(&how)
        .unwrap_err()
        .to_string()
}

#[test]
fn designs_the_type_cannot_replicate_are_clear_errors() {
    let csv = "w,st,psu\n1,a,1\n1,a,2\n1,b,3\n1,b,4\n1,b,5\n1,c,6\n1,c,7\n";
    let strat = || DesignSpec::new().weight("w").strata("st").psu("psu");
    // JK1 ignores strata: refused on a stratified design, as R.
    let e = create_error(csv, strat(), CreateReplicates::new(CreatedType::Jk1));
    assert!(e.contains("JK1") && e.contains("stratified"), "{e}");
    // BRR needs two PSUs in every stratum: the stratum is named with its count.
    let e = create_error(csv, strat(), CreateReplicates::new(CreatedType::Brr));
    assert!(
        e.contains("stratum \"b\" with 3 PSUs") && e.contains("exactly 2 PSUs"),
        "{e}"
    );
    assert!(!e.contains("\"a\""), "{e}");
    // JKn, BRR and Fay need strata.
    let unstrat = || DesignSpec::new().weight("w").psu("psu");
    let e = create_error(csv, unstrat(), CreateReplicates::new(CreatedType::Jkn));
    assert!(e.contains("without strata"), "{e}");
    // Fay needs ρ in (0, 1); the bootstrap at least 2 replicates.
    let two = "w,st,psu\n1,a,1\n1,a,2\n1,b,3\n1,b,4\n";
    let e = create_error(two, strat(), CreateReplicates::new(CreatedType::Fay));
    assert!(e.contains("ρ"), "{e}");
    let e = create_error(
        two,
        strat(),
        CreateReplicates::new(CreatedType::Fay).fay_rho(1.0),
    );
    assert!(e.contains("(0, 1)"), "{e}");
    let e = create_error(
        two,
        strat(),
        CreateReplicates::new(CreatedType::Bootstrap).replicates(1),
    );
    assert!(e.contains("2 or more"), "{e}");
    // BRR cannot carry an FPC (R drops it with a warning).
    let e = create_error(
        "w,st,psu,N\n1,a,1,10\n1,a,2,10\n1,b,3,10\n1,b,4,10\n",
        strat().fpc("N"),
        CreateReplicates::new(CreatedType::Brr),
    );
    assert!(e.contains("FPC"), "{e}");
    // A subbootstrap stratum with one PSU would give R's NaN weights.
    let e = create_error(
        "w,st,psu\n1,a,1\n1,a,2\n1,b,3\n",
        strat().lonely_psu(yoron::weight::LonelyPsu::Certainty),
        CreateReplicates::new(CreatedType::Subbootstrap),
    );
    assert!(e.contains("stratum \"b\""), "{e}");
}

/// `yoron replicate` writes every row with rep1..rep45 equal to R's JKn weights, and
/// `yoron estimate` with the flags it prints gives the library's (and R's) SE.
#[cfg(feature = "cli")]
#[test]
fn cli_replicate_writes_r_weights_and_estimate_reproduces_the_se() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("poll.csv");
    std::fs::write(&data, poll_csv(true)).unwrap();
    let out = tmp.path().join("poll_jkn.csv");
    let args = [
        "replicate",
        "--data",
        data.to_str().unwrap(),
        "--weight",
        "w",
        "--strata",
        "stratum",
        "--psu",
        "psu",
        "--type",
        "JKn",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = crate::support::yoron(&args);
    let report = crate::support::success_stdout(&o);
    assert!(
        report.contains("806 rows with 45 replicate weight columns rep1..rep45"),
        "{report}"
    );
    // Every row, in order, the input's bytes then R's weights.
    let input = std::fs::read_to_string(&data).unwrap();
    let output = std::fs::read_to_string(&out).unwrap();
    assert_eq!(input.lines().count(), output.lines().count());
    let r_weights = std::fs::read_to_string(dir().join("repweights_jkn.csv")).unwrap();
    let header = output.lines().next().unwrap();
    let reps: Vec<String> = (1..=45).map(|r| format!("rep{r}")).collect();
    assert_eq!(
        header,
        format!("{},{}", input.lines().next().unwrap(), reps.join(","))
    );
    for ((a, b), r) in input
        .lines()
        .zip(output.lines())
        .zip(r_weights.lines())
        .skip(1)
    {
        let (head, tail) = b.split_at(a.len());
        assert_eq!(head, a);
        let got: Vec<f64> = tail[1..].split(',').map(|x| x.parse().unwrap()).collect();
        let want: Vec<f64> = r.split(',').skip(1).map(|x| x.parse().unwrap()).collect();
        assert_eq!(got.len(), 45);
        assert!(got.iter().zip(&want).all(|(g, w)| near(*g, *w)), "{}", a);
    }
    // The printed command, run: the SE of the library's created design (and R's).
    let line = report
        .lines()
        .find_map(|l| l.strip_prefix("to estimate from it: yoron "))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(line.contains("--rscales"), "{report}");
    let mut estimate: Vec<String> = line
        .trim_end_matches(" --var …")
        .split_whitespace()
        .map(|w| w.trim_matches('\'').to_string())
        .collect();
    estimate.extend(["--var", "age", "--stat", "mean", "--format", "csv"].map(String::from));
    let o = crate::support::yoron(&estimate);
    let csv_out = crate::support::success_stdout(&o);
    let mut rdr = csv::Reader::from_reader(csv_out.as_bytes());
    let rec: HashMap<String, String> = rdr.deserialize().next().unwrap().unwrap();
    let cli_se: f64 = rec["se"].parse().unwrap();
    let lib_se = created("jkn")
        .estimate(&Estimand::mean("age"))
        .unwrap()
        .rows()[0]
        .se();
    assert!(near(cli_se, lib_se), "CLI {cli_se} vs library {lib_se}");
    let r_se: f64 = rows(dir().join("expected.csv"))
        .iter()
        .find(|e| {
            e["design"] == "created_jkn"
                && e["quantity"] == "se"
                && e["variable"] == "age"
                && e["domain"].is_empty()
        })
        .unwrap()["value"]
        .parse()
        .unwrap();
    assert!(near(lib_se, r_se), "library {lib_se} vs R {r_se}");
    assert_eq!(rec["df"], "37");
    // Again on its own output: rep1 exists already, a clear error and the file untouched.
    let again = crate::support::yoron(&[
        "replicate",
        "--data",
        out.to_str().unwrap(),
        "--weight",
        "w",
        "--psu",
        "psu",
        "--type",
        "JK1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    let err = crate::support::stderr(&again);
    assert!(
        err.contains("rep1") && err.contains("does not have yet"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), output);
    // --replicates means nothing for the jackknife: an error rather than silence.
    let o = crate::support::yoron(&[
        "replicate",
        "--data",
        data.to_str().unwrap(),
        "--psu",
        "psu",
        "--type",
        "JK1",
        "--replicates",
        "20",
        "--out",
        tmp.path().join("x.csv").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(crate::support::stderr(&o).contains("--replicates"));
    assert!(!tmp.path().join("x.csv").exists());
}

/// With an FPC (50 of 100 PSUs per stratum) R's bootstrap draws 50 without replacement
/// from two copies of each PSU: its variance is the Taylor variance with the FPC times
/// N/(N − 1) = 1.0101 (SE 0.5 % more), well inside the Monte-Carlo tolerance of the test
/// above.
#[test]
fn bootstrap_with_fpc_is_the_taylor_se_with_fpc() {
    let design = big_design(true);
    let p = Estimand::mean("y");
    let taylor = design.estimate(&p).unwrap().rows()[0].se();
    let without = big_design(false).estimate(&p).unwrap().rows()[0].se();
    assert!((taylor / without - 0.5f64.sqrt()).abs() < 1e-9);
    let how = CreateReplicates::new(CreatedType::Bootstrap)
        .replicates(400)
        .seed(7);
    let boot = design.to_replicate(&how).unwrap();
    let se = boot.estimate(&p).unwrap().rows()[0].se();
    assert!(
        (se / taylor - 1.0).abs() < 4.0 * (1.0 / (2.0 * 399.0f64)).sqrt(),
        "SE {se} vs Taylor with FPC {taylor}"
    );
    // Without replacement: no PSU is drawn more than twice (it has two copies).
    let most = (0..400)
        .flat_map(|r| {
            boot.replicate_weights(r)
                .unwrap()
                .iter()
                .zip(design.weights())
                .map(|(a, b)| a / b)
                .collect::<Vec<_>>()
        })
        .fold(0.0, f64::max);
    assert!((most - 2.0).abs() < 1e-12, "{most}");
}

/// JKn with an FPC (rscales × (1 − f_h)) and under each lonely-PSU policy (R's
/// `survey.lonely.psu`) against R: created_extra.csv, from make_created.R.
#[test]
fn jkn_fpc_and_lonely_psus_match_r() {
    use yoron::weight::LonelyPsu;
    let extra = rows(dir().join("created_extra.csv"));
    assert_eq!(extra.len(), 5);
    let full = poll_csv(true);
    let mut lines = full.lines();
    let header = lines.next().unwrap();
    let col = |name: &str| {
        header
            .split(',')
            .position(|c| c.trim_matches('"') == name)
            .unwrap()
    };
    let (st, psu_in) = (col("stratum"), col("psu_in"));
    let mut lonely = format!("{header}\n");
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        if !(f[st] == "3" && f[psu_in].parse::<u32>().unwrap() > 1) {
            lonely.push_str(l);
            lonely.push('\n');
        }
    }
    for d in &extra {
        let name = d["design"].as_str();
        let mut spec = DesignSpec::new().weight("w").strata("stratum").psu("psu");
        let csv = if name == "jkn_fpc" {
            spec = spec.fpc("fpc_n");
            &full
        } else {
            let policy: LonelyPsu = name.trim_start_matches("jkn_lonely_").parse().unwrap();
            spec = spec.lonely_psu(policy);
            &lonely
        };
        let data = Respondents::from_csv_reader(
            csv.as_bytes(),
            &spec.columns().merge(&analysis_columns()),
        )
        .unwrap();
        let des = spec
            .build(data)
            .unwrap()
            .to_replicate(&CreateReplicates::new(CreatedType::Jkn))
            .unwrap();
        let (scale, rscales) = des.replicate_scales().unwrap();
        assert_eq!(rscales.len().to_string(), d["replicates"], "{name}");
        assert!(
            near(scale, d["scale"].parse().unwrap()),
            "{name}: scale {scale}"
        );
        for (a, b) in rscales.iter().zip(numbers(&d["rscales"])) {
            assert!(near(*a, b), "{name}: rscales {a} vs R {b}");
        }
        assert_eq!(des.df().to_string(), d["degf"], "{name}: degf");
        let se = des.estimate(&Estimand::mean("age")).unwrap().rows()[0].se();
        let want: f64 = d["se_age"].parse().unwrap();
        assert!(near(se, want), "{name}: SE {se} vs R {want}");
    }
}
