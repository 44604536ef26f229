//! Replicate-weight designs against R's survey package: every value in
//! tests/reference/survey/replicate/expected.csv (made by make_reference.R there) at
//! relative 1e-8, on supplied weights of every `svrepdesign` type and on the weights R's
//! `as.svrepdesign` creates; and the bad-input errors.

use std::collections::HashMap;
use std::path::PathBuf;

use yoron::weight::{
    Columns, Design, DesignCiMethod, DesignSpec, Estimand, Margins, Rake, ReplicateType,
    Replicates, Respondents,
};

pub(super) fn dir() -> PathBuf {
    crate::support::reference("survey/replicate")
}

pub(super) fn rows(path: PathBuf) -> Vec<HashMap<String, String>> {
    crate::support::reference_csv(path)
}

/// poll.csv, or its two-PSU-per-stratum subset (`psu_in <= 2`) R used for BRR and Fay.
pub(super) fn poll_csv(all: bool) -> String {
    let poll = std::fs::read_to_string(crate::support::reference("survey/poll.csv")).unwrap();
    let mut lines = poll.lines();
    let header = lines.next().unwrap();
    let psu_in = header
        .split(',')
        .position(|c| c.trim_matches('"') == "psu_in")
        .unwrap();
    let mut out = format!("{header}\n");
    for l in lines {
        if all || l.split(',').nth(psu_in).unwrap().parse::<u32>().unwrap() <= 2 {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// The respondent file of a design: poll.csv (or its two-PSU subset) with the replicate
/// columns beside it, joined on `id` (checked), or R's scd.
fn data_csv(design: &HashMap<String, String>) -> String {
    let file = &design["file"];
    if file == "scd.csv" {
        return std::fs::read_to_string(dir().join(file)).unwrap();
    }
    let poll = poll_csv(design["rows"] == "all");
    let reps = std::fs::read_to_string(dir().join(file)).unwrap();
    let mut poll_lines = poll.lines();
    let header = poll_lines.next().unwrap();
    let keep: Vec<&str> = poll_lines.collect();
    let mut rep_lines = reps.lines();
    let rep_header = rep_lines.next().unwrap();
    let mut out = format!("{header},{}\n", rep_header.split_once(',').unwrap().1);
    let rep_rows: Vec<&str> = rep_lines.collect();
    assert_eq!(keep.len(), rep_rows.len(), "{file}: rows");
    for (p, r) in keep.iter().zip(&rep_rows) {
        let (id, rest) = r.split_once(',').unwrap();
        assert_eq!(
            p.split(',').next().unwrap(),
            id,
            "{file}: ids in the same order"
        );
        out.push_str(&format!("{p},{rest}\n"));
    }
    out
}

pub(super) fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace().map(|x| x.parse().unwrap()).collect()
}

/// The design as R declared it: supplied designs with only what R was given (so R's
/// defaults are checked), created ones with R's scale and rscales.
fn design(d: &HashMap<String, String>) -> Design {
    let csv = data_csv(d);
    let header: Vec<String> = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(|s| s.trim_matches('"').to_string())
        .collect();
    let raked = d["source"] == "raked";
    let mut rep = if d["source"] == "created" {
        Replicates::matching(ReplicateType::Other, "^rep[0-9]+$")
            .scale(d["scale"].parse().unwrap())
            .rscales(numbers(&d["rscales"]))
    } else {
        let kind: ReplicateType = d["type"].parse().unwrap();
        let mut r = Replicates::matching(kind, "^rep[0-9]+$");
        match d["design"].as_str() {
            "jkn" | "raked_jkn" => r = r.rscales(numbers(&d["rscales"])),
            "other" => r = r.scale(0.5).rscales(numbers(&d["rscales"])),
            "fay" => r = r.rho(0.3),
            _ => {}
        }
        r
    };
    rep = rep.mse(d["mse"] == "TRUE");
    let scd = d["file"] == "scd.csv";
    if scd {
        rep = rep.combined_weights(false);
    }
    let mut spec = DesignSpec::new().replicates(rep.clone());
    let mut cols = Columns::new();
    if scd {
        cols = cols.numbers(["arrests", "alive"]);
    } else {
        spec = spec.weight("w");
        cols = cols
            .categories(["q5", "country"])
            .numbers(["age", "hh", "qbin"]);
    }
    for c in rep.columns_in(&header).unwrap() {
        cols = cols.number(c);
    }
    if !scd {
        cols = cols.category("sex").category("agegrp");
    }
    let data = Respondents::from_csv_reader(csv.as_bytes(), &spec.columns().merge(&cols)).unwrap();
    let design = spec.build(data).unwrap();
    if raked {
        // R: rake(des, list(~sex, ~agegrp), list(pop_sex, pop_age), control = list(maxit =
        // 1000, epsilon = 1e-12)): both converged far below 1e-8.
        let margins =
            Margins::from_csv_path(crate::support::reference("survey/margins_totals.csv")).unwrap();
        let options = Rake::new().tolerance(1e-10).max_iterations(1000);
        return design.rake(&margins, &options).unwrap().into_design();
    }
    design
}

fn close(failures: &mut Vec<String>, name: &str, got: f64, want: f64) {
    if (got - want).abs() > 1e-8 * want.abs().max(1e-12) {
        failures.push(format!("{name}: yoron {got:.17e}, R {want:.17e}"));
    }
}

#[test]
fn every_replicate_design_matches_r() {
    let designs = rows(dir().join("designs.csv"));
    let expected = rows(dir().join("expected.csv"));
    assert_eq!(designs.len(), 20, "designs.csv");
    let mut checked = 0;
    let mut failures = Vec::new();
    for d in &designs {
        let name = &d["design"];
        let des = design(d);
        if d["file"] == "scd.csv" {
            for e in expected.iter().filter(|e| &e["design"] == name) {
                let want: f64 = e["value"].parse().unwrap();
                let v = e["variable"].as_str();
                if v == "alive/arrests" {
                    continue; // svyratio: the survey-files issue.
                }
                let r = des.estimate(&Estimand::mean(v)).unwrap();
                let got = match e["quantity"].as_str() {
                    "estimate" => r.rows()[0].estimate(),
                    _ => r.rows()[0].se(),
                };
                close(
                    &mut failures,
                    &format!("{name} {} {v}", e["quantity"]),
                    got,
                    want,
                );
                checked += 1;
            }
            continue;
        }
        let est = |e: &Estimand| des.estimate(e).unwrap();
        let q5 = est(&Estimand::proportions("q5"));
        let age = est(&Estimand::mean("age"));
        let hh = est(&Estimand::total("hh"));
        let age_by = est(&Estimand::mean("age").by("country").contrast("JP", "KR"));
        let qbin_by = est(&Estimand::mean("qbin").by("country").contrast("JP", "KR"));
        let logit = est(&Estimand::indicators(["qbin"]).interval(DesignCiMethod::Logit));
        let beta = est(&Estimand::indicators(["qbin"]).interval(DesignCiMethod::Beta));
        let table = des.crosstab("q5", "sex").unwrap();
        for e in expected.iter().filter(|e| &e["design"] == name) {
            if e["quantity"].contains("likelihood") {
                // R gives NA for the likelihood interval on a replicate design; yoron
                // refuses it with an error that says so.
                assert_eq!(e["value"], "NA", "{name}: R's likelihood interval");
                let err = des
                    .estimate(&Estimand::indicators(["qbin"]).interval(DesignCiMethod::Likelihood))
                    .unwrap_err()
                    .to_string();
                assert!(err.contains("R gives NA"), "{err}");
                checked += 1;
                continue;
            }
            let want: f64 = e["value"].parse().unwrap();
            let label = format!(
                "{name} {} {} {} {}: {}",
                e["quantity"], e["variable"], e["domain"], e["category"], e["r_call"]
            );
            let domain = (!e["domain"].is_empty()).then_some(e["domain"].as_str());
            let pick = |set: &yoron::weight::DesignEstimates,
                        key: &str|
             -> (f64, f64, Option<yoron::stats::Bounds>) {
                let r = set.find(domain, key).unwrap();
                (r.estimate(), r.se(), r.ci())
            };
            let (value_est, value_se, ci) = match e["variable"].as_str() {
                "q5" => pick(&q5, &e["category"]),
                "age" if domain.is_none() => pick(&age, "age"),
                "age" => pick(&age_by, "age"),
                "hh_total" => pick(&hh, "hh"),
                "qbin" if e["quantity"].contains("logit") => pick(&logit, "1"),
                "qbin" if e["quantity"].contains("beta") => pick(&beta, "1"),
                "qbin" => pick(&qbin_by, "qbin"),
                "q5*sex" => {
                    let test = if e["quantity"] == "chisq_F" {
                        table.f_test()
                    } else {
                        table.chisq_test()
                    };
                    let got = match e["category"].as_str() {
                        "statistic" => test.statistic(),
                        "p_value" => test.p_value(),
                        "ndf" | "df" => test.df(),
                        "ddf" => test.ddf().unwrap(),
                        q => panic!("unknown {q}"),
                    };
                    close(&mut failures, &label, got, want);
                    checked += 1;
                    continue;
                }
                "" => {
                    assert_eq!(des.df() as f64, want, "{label}");
                    checked += 1;
                    continue;
                }
                v => panic!("unknown variable {v}"),
            };
            let got = match e["quantity"].as_str() {
                "estimate" => value_est,
                "se" => value_se,
                q if q.starts_with("ci_low") => ci.unwrap().low(),
                q if q.starts_with("ci_high") => ci.unwrap().high(),
                q => panic!("unknown quantity {q}"),
            };
            close(&mut failures, &label, got, want);
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} values differ from R:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 670, "checked {checked} values");
}

/// A replicate design on CSV text, every column read as a number.
fn build(csv: &str, spec: DesignSpec) -> yoron::Result<Design> {
    let mut cols = Columns::new();
    for h in csv.lines().next().unwrap().split(',') {
        cols = cols.number(h);
    }
    spec.build(Respondents::from_csv_reader(csv.as_bytes(), &cols)?)
}

fn error(csv: &str, rep: Replicates) -> String {
    build(csv, DesignSpec::new().weight("w").replicates(rep))
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_replicate_weights_are_clear_errors() {
    let brr = |cols: &[&str]| Replicates::new(ReplicateType::Brr, cols.iter().copied());
    // A missing and a negative replicate weight: the column and the line.
    let e = error("w,r1,r2\n1,2,\n1,0,2\n", brr(&["r1", "r2"]));
    assert!(
        e.contains("r2") && e.contains("line 2") && e.contains("replicate weight"),
        "{e}"
    );
    let e = error("w,r1,r2\n1,2,-1\n1,0,2\n", brr(&["r1", "r2"]));
    assert!(e.contains("r2") && e.contains("-1"), "{e}");
    // A pattern matching nothing lists the columns; no columns at all is an error.
    let e = error(
        "w,r1,r2\n1,2,0\n1,0,2\n",
        Replicates::matching(ReplicateType::Brr, "^rep"),
    );
    assert!(
        e.contains("matches no column") && e.contains("w, r1, r2"),
        "{e}"
    );
    let e = error("w,r1\n1,2\n1,0\n", brr(&[]));
    assert!(e.contains("at least one replicate weight column"), "{e}");
    // Replicate factors declared as combined weights when the weights are in the thousands.
    let e = error("w,r1,r2\n1000,2,0\n1000,0,2\n", brr(&["r1", "r2"]));
    assert!(
        e.contains("r1, r2") && e.contains("combined_weights(false)"),
        "{e}"
    );
    // Type-specific requirements, as R.
    let e = error(
        "w,r1,r2\n1,2,0\n1,0,2\n",
        Replicates::new(ReplicateType::Jkn, ["r1", "r2"]),
    );
    assert!(e.contains("rscales"), "{e}");
    let e = error(
        "w,r1,r2\n1,2,0\n1,0,2\n",
        Replicates::new(ReplicateType::Fay, ["r1", "r2"]),
    );
    assert!(e.contains("rho"), "{e}");
    let e = error(
        "w,r1,r2\n1,2,0\n1,0,2\n",
        brr(&["r1", "r2"]).rscales(vec![1.0, 1.0, 1.0]),
    );
    assert!(e.contains("rscales") && e.contains("3 values"), "{e}");
    // Replicates replace strata and PSUs.
    let e = build(
        "w,st,r1,r2\n1,1,2,0\n1,2,0,2\n",
        DesignSpec::new()
            .weight("w")
            .strata("st")
            .replicates(brr(&["r1", "r2"])),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("replicate weights or strata"), "{e}");
}

/// `yoron estimate --repweights … --rep-type JKn --rscales FILE` prints R's standard errors.
#[cfg(feature = "cli")]
#[test]
fn cli_estimates_on_supplied_replicate_weights_match_r() {
    let designs = rows(dir().join("designs.csv"));
    let jkn = designs.iter().find(|d| d["design"] == "jkn").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("poll_jkn.csv");
    std::fs::write(&data, data_csv(jkn)).unwrap();
    let rscales = tmp.path().join("rscales.txt");
    std::fs::write(&rscales, &jkn["rscales"]).unwrap();
    let o = crate::support::yoron(&[
        "estimate",
        "--data",
        data.to_str().unwrap(),
        "--weight",
        "w",
        "--repweights",
        "^rep[0-9]+$",
        "--rep-type",
        "JKn",
        "--rscales",
        rscales.to_str().unwrap(),
        "--var",
        "age",
        "--stat",
        "mean",
        "--by",
        "country",
        "--contrast",
        "JP,KR",
        "--format",
        "csv",
    ]);
    let out = crate::support::success_stdout(&o);
    let expected = rows(dir().join("expected.csv"));
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let mut seen = 0;
    for rec in rdr.deserialize::<HashMap<String, String>>() {
        let rec = rec.unwrap();
        let want: f64 = expected
            .iter()
            .find(|e| {
                e["design"] == "jkn"
                    && e["quantity"] == "se"
                    && e["variable"] == "age"
                    && e["domain"] == rec["group"]
            })
            .unwrap()["value"]
            .parse()
            .unwrap();
        let got: f64 = rec["se"].parse().unwrap();
        assert!(
            (got - want).abs() <= 1e-8 * want,
            "{}: {got} vs R {want}",
            rec["group"]
        );
        assert_eq!(rec["df"], jkn["degf"]);
        seen += 1;
    }
    assert_eq!(seen, 3, "{out}");
    // Without the rscales JKn needs, a clear error.
    let o = crate::support::yoron(&[
        "estimate",
        "--data",
        data.to_str().unwrap(),
        "--weight",
        "w",
        "--repweights",
        "^rep",
        "--rep-type",
        "JKn",
        "--var",
        "age",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(crate::support::stderr(&o).contains("rscales"));
}

/// `yoron rake --out` on a replicate design writes the raked replicates beside the raked
/// weight; `yoron estimate` on them gives R's SEs of `rake()` on the svrepdesign.
#[cfg(feature = "cli")]
#[test]
fn cli_rake_writes_raked_replicates_that_estimate_reads_as_r() {
    let designs = rows(dir().join("designs.csv"));
    let jk1 = designs.iter().find(|d| d["design"] == "jk1").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("poll_jk1.csv");
    std::fs::write(&data, data_csv(jk1)).unwrap();
    let out = tmp.path().join("raked.csv");
    let margins = crate::support::reference("survey/margins_totals.csv");
    let (d, o, m) = (
        data.to_str().unwrap(),
        out.to_str().unwrap(),
        margins.to_str().unwrap(),
    );
    let run = crate::support::yoron(&[
        "rake",
        "--data",
        d,
        "--weight",
        "w",
        "--repweights",
        "^rep[0-9]+$",
        "--rep-type",
        "JK1",
        "--margins",
        m,
        "--tolerance",
        "1e-10",
        "--max-iterations",
        "1000",
        "--out",
        o,
    ]);
    crate::support::success_stdout(&run);
    let est = crate::support::yoron(&[
        "estimate",
        "--data",
        o,
        "--weight",
        "raked_weight",
        "--repweights",
        "^raked_rep[0-9]+$",
        "--rep-type",
        "JK1",
        "--var",
        "q5",
        "--format",
        "csv",
    ]);
    let text = crate::support::success_stdout(&est);
    let expected = rows(dir().join("expected.csv"));
    let mut seen = 0;
    for rec in csv::Reader::from_reader(text.as_bytes()).deserialize::<HashMap<String, String>>() {
        let rec = rec.unwrap();
        let want: f64 = expected
            .iter()
            .find(|e| {
                e["design"] == "raked_jk1"
                    && e["quantity"] == "se"
                    && e["variable"] == "q5"
                    && e["category"] == rec["category"]
            })
            .unwrap()["value"]
            .parse()
            .unwrap();
        let got: f64 = rec["se"].parse().unwrap();
        // The raked weights went through CSV text (shortest round-trip decimals).
        assert!(
            (got - want).abs() <= 1e-8 * want,
            "{}: {got} vs R {want}",
            rec["category"]
        );
        seen += 1;
    }
    assert_eq!(seen, 5, "{text}");
}
