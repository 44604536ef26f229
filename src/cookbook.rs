//! # Cookbook: recipes for the things you do with polls
//!
//! Each recipe starts with when you want it, gives a short example that runs as a doctest
//! and checks what it prints, and names the R (or Python statsmodels) call that does the same
//! where there is one; [`for_r_users`](crate::for_r_users) has the full table. The figures
//! asserted are the bundled ones, as published.
//!
//! Published figures (no feature needed):
//!
//! - [Compare two countries on one question](#compare-two-countries-on-one-question)
//! - [Rank one sample's options, ties grouped](#rank-one-samples-options-ties-grouped)
//! - [Change between two waves, series breaks flagged](#change-between-two-waves-series-breaks-flagged)
//! - [Mirror: Japan's view of Korea and Korea's view of Japan](#mirror-japans-view-of-korea-and-koreas-view-of-japan)
//! - [Check the paper's claims](#check-the-papers-claims)
//! - [Interval and margin of error of one published figure](#interval-and-margin-of-error-of-one-published-figure)
//! - [Difference of two figures: two samples or one](#difference-of-two-figures-two-samples-or-one)
//! - [Load your own poll figures and see every problem](#load-your-own-poll-figures-and-see-every-problem)
//!
//! Charts (feature `chart`, on by default):
//!
//! - [Chart a trend with intervals, save it as SVG and PNG](#chart-a-trend-with-intervals-save-it-as-svg-and-png)
//! - [Chart the mirror](#chart-the-mirror)
//!
//! Respondent files and DataFrames (feature `polars`, on by default):
//!
//! - [Weight a respondent file and estimate by domain](#weight-a-respondent-file-and-estimate-by-domain)
//! - [Crosstab with Rao–Scott tests](#crosstab-with-raoscott-tests)
//! - [To and from polars DataFrames](#to-and-from-polars-dataframes)
//!
//! Notebooks:
//!
//! - [Use yoron in a Jupyter notebook](#use-yoron-in-a-jupyter-notebook)
//!
//! # Compare two countries on one question
//!
//! When you want to know, option by option, whether Japanese and Korean respondents differ:
//! [`GapTable`](crate::compare::GapTable) gives each gap with its Newcombe interval, p-value,
//! Holm-adjusted p over the table's options, and a verdict.
//!
//! ```
//! use yoron::compare::{CompareOptions, GapTable, Verdict};
//!
//! let threat = yoron::datasets::genron_eai().question("military_threat")?;
//! let t = GapTable::for_wave(&threat, "2016", CompareOptions::new())?;
//! let china = t.row("china").unwrap();
//! assert_eq!((china.a(), china.b()), (Some("80"), Some("36"))); // JP, KR as published
//! assert_eq!(china.gap_points(), Some(44.0));
//! assert!(china.p_adjusted().unwrap() < 1e-80);
//! assert_eq!(china.verdict(), Verdict::AHigher);
//! let nk = t.row("north_korea").unwrap();
//! assert_eq!(nk.verdict(), Verdict::BHigher); // KR 84 > JP 73
//! // "japan" was asked of Korean respondents only: no test, and the verdict says why.
//! assert_eq!(t.row("japan").unwrap().verdict(), Verdict::OnlyInB);
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! R: `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)` per option, then
//! `p.adjust(p, "holm")`. statsmodels: `confint_proportions_2indep(..., method="newcomb")`,
//! `multipletests(p, method="holm")`. CLI: `yoron compare genron_eai military_threat --wave 2016`.
//!
//! # Rank one sample's options, ties grouped
//!
//! When you want the order of the answers in one sample, without claiming a difference the
//! sample cannot show: [`RankTable`](crate::compare::RankTable) tests each option against
//! the one above it (covariance of one sample, Holm-adjusted) and gives tied options the same
//! rank.
//!
//! ```
//! use yoron::compare::{CompareOptions, RankTable};
//!
//! let threat = yoron::datasets::genron_eai().question("military_threat")?;
//! let kr = threat.topline("2016", yoron::Country::KR)?;
//! let ranks = RankTable::new(&kr, CompareOptions::new())?;
//! let rows: Vec<(usize, &str, &str)> =
//!     ranks.rows().iter().map(|r| (r.rank(), r.option(), r.percent())).collect();
//! assert_eq!(rows, [(1, "north_korea", "84"), (2, "japan", "38"), (2, "china", "36")]);
//! assert!(ranks.rows()[2].is_tied_with_previous()); // 38 vs 36: p (Holm) 0.46
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! CLI: `yoron rank genron_eai military_threat --wave 2016 --country KR`.
//!
//! # Change between two waves, series breaks flagged
//!
//! When you want to know whether a figure moved between two waves, and whether the two
//! waves can be compared at all: [`ChangeTable`](crate::compare::ChangeTable) tests each
//! option's change and names any recorded series break in between.
//!
//! ```
//! use yoron::compare::{ChangeTable, CompareOptions};
//!
//! let q = yoron::datasets::cabinet_office().question("affinity_korea")?;
//! let from = q.topline("FY2019", yoron::Country::JP)?;
//! let to = q.topline("FY2020", yoron::Country::JP)?;
//! let t = ChangeTable::new(&from, &to, CompareOptions::new())?;
//! // FY2020 switched from face-to-face to postal interviews: the change may be the mode.
//! assert!(t.series_break().unwrap().contains("postal"));
//! let feel = t.rows().iter().find(|r| r.option() == "feel_total").unwrap();
//! assert_eq!((feel.from(), feel.to()), (Some("26.7"), Some("34.9")));
//! assert!((feel.points().unwrap() - 8.2).abs() < 1e-9);
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! R: `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`. CLI:
//! `yoron change cabinet_office affinity_korea --country JP --from FY2019 --to FY2020`.
//!
//! # Mirror: Japan's view of Korea and Korea's view of Japan
//!
//! When you want the two publics' views of each other side by side, wave by wave, with the
//! asymmetry tested and its change over time (a difference in differences):
//! [`Mirror`](crate::compare::Mirror).
//!
//! ```
//! use yoron::compare::{CompareOptions, Mirror};
//!
//! let q = yoron::datasets::genron_eai().question("impression_of_other")?;
//! let m = Mirror::new(&q, "good_total", CompareOptions::new())?;
//! let w = m.rows().iter().find(|r| r.wave() == "2023_11th").unwrap();
//! assert_eq!((w.jp(), w.kr()), (Some("37.4"), Some("28.9")));
//! assert!((w.asymmetry().unwrap().points() - 8.5).abs() < 1e-9);
//! // A wave without a published n is shown but not tested, and says so.
//! let w = m.rows().iter().find(|r| r.wave() == "2019_7th").unwrap();
//! assert!(w.asymmetry().is_none() && w.note().unwrap().contains("assumed n"));
//! // First to last tested wave: 2013 JP 31.1 vs KR 12.2, 2023 JP 37.4 vs KR 28.9.
//! let did = m.overall_change()?;
//! assert_eq!((did.from.as_str(), did.to.as_str()), ("2013_1st", "2023_11th"));
//! assert!((did.points - -10.4).abs() < 1e-9);
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! CLI: `yoron mirror genron_eai impression_of_other --option good_total`; add
//! `--assume-n 1000` to test the waves without a published n.
//!
//! # Check the paper's claims
//!
//! When you want each poll-based claim of the paper checked against the bundled data: the
//! quoted figure against the published one, and the comparison the claim makes tested.
//! [`Claims`](crate::compare::Claims) reads `data/claims.csv`.
//!
//! ```
//! use yoron::compare::{ClaimVerdict, Claims, CompareOptions};
//!
//! let claims = Claims::bundled()?;
//! let checks = claims.evaluate(yoron::datasets::bundled(), CompareOptions::new());
//! let check = |claim: &str, check: &str| {
//!     checks.iter().find(|c| c.claim.claim_id == claim && c.claim.check == check).unwrap()
//! };
//! // Japan FY2016: 59.1 % do not feel affinity toward Korea, a majority the sample shows…
//! assert_eq!(check("c03", "2").verdict, ClaimVerdict::Supported);
//! // …while Korea 2016, Japan 38 % vs China 36 %, is not established (and the Genron 2016
//! // figures were read in the paper itself, so the data cannot confirm the paper with them).
//! let c05 = check("c05", "5");
//! assert_eq!((c05.data_a.as_deref(), c05.data_b.as_deref()), (Some("38"), Some("36")));
//! assert_eq!(c05.verdict, ClaimVerdict::NotEstablished);
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! CLI: `yoron claims`.
//!
//! # Interval and margin of error of one published figure
//!
//! When you read "38 %, n = 1,010" and want its confidence interval and margin of error:
//! [`Estimate`](crate::stats::Estimate) keeps the figure's published precision, so the
//! interval also shows the range the rounding allows.
//!
//! ```
//! use yoron::stats::{CiMethod, ConfidenceLevel, Estimate, SampleSizeSource};
//!
//! let est = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?;
//! let ci = est.ci(CiMethod::Wilson, ConfidenceLevel::P95);
//! assert!((ci.low() - 0.350573278).abs() < 1e-9 && (ci.high() - 0.410336085).abs() < 1e-9);
//! assert_eq!(
//!     ci.to_string(),
//!     "38.0% [35.1, 41.0] (95% wilson, n = 1010); over rounding [34.6, 41.5]"
//! );
//! let moe = est.margin_of_error(ConfidenceLevel::P95);
//! assert_eq!(format!("±{:.1}", moe.points()), "±3.0");
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! R (383.8 is 38 % of 1,010): `prop.test(383.8, 1010, correct = FALSE)$conf.int`. statsmodels:
//! `proportion_confint(383.8, 1010, method="wilson")`. CLI:
//! `yoron interval --percent 38 --n 1010`.
//!
//! # Difference of two figures: two samples or one
//!
//! When you want to know whether two published figures differ. Two countries or two waves
//! are independent samples; two options of one question share one sample, and the test must
//! say so: for a multiple-response question whose overlap is not published the result is a
//! conservative bound.
//!
//! ```
//! use yoron::stats::{DiffOptions, Difference, Estimate, Joint, SampleSizeSource, Samples};
//!
//! let a = Estimate::parse_percent("38", SampleSizeSource::Published(1010))?;
//! let b = Estimate::parse_percent("36", SampleSizeSource::Published(1010))?;
//! // Two independent samples (say, two countries):
//! let two = Difference::new(&a, &b, DiffOptions::new())?;
//! assert!((two.points() - 2.0).abs() < 1e-9);
//! assert!((two.p_value() - 0.3519036).abs() < 1e-6);
//! // The same 1,010 respondents choosing among several threats (multiple response):
//! let same = DiffOptions::new().samples(Samples::SameMultiResponse(Joint::Unknown));
//! let one = Difference::new(&a, &b, same)?;
//! assert!((one.p_value() - 0.4599789).abs() < 1e-6);
//! assert!(one.low() < two.low()); // wider: the unknown overlap is taken at its worst
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! R: `prop.test(c(383.8, 363.6), c(1010, 1010), correct = FALSE)$p.value` for two samples.
//! CLI: `yoron diff --a 38 --na 1010 --b 36 --nb 1010`.
//!
//! # Load your own poll figures and see every problem
//!
//! When you have your own figures in the tidy format ([`COLUMNS`](crate::COLUMNS)) and want
//! every problem at once, each with its line and column, rather than the first one:
//!
//! ```
//! let csv = "series,publisher,wave,country,n,question,response,option,percent\n\
//!            my_poll,My Institute,2025-03,JP,1200,trust_korea,single,trust,41.5\n\
//!            my_poll,My Institute,2025-03,XX,1200,trust_korea,single,not_trust,52.0\n\
//!            my_poll,My Institute,2025-03,JP,1200,trust_korea,single,unsure,about 6\n";
//! let err = yoron::Dataset::from_csv_reader(csv.as_bytes()).unwrap_err();
//! let at: Vec<(Option<u64>, Option<&str>)> = err
//!     .problems()
//!     .iter()
//!     .map(|p| {
//!         let pos = p.position().unwrap();
//!         (pos.line(), pos.column_name())
//!     })
//!     .collect();
//! assert_eq!(at, [(Some(3), Some("country")), (Some(4), Some("percent"))]);
//! for p in err.problems() {
//!     println!("{p}"); // line, column and what was expected
//! }
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! CLI: `yoron validate my_polls.csv`; `yoron export` writes the bundled data in the same
//! format as a starting point.
//!
//! # Chart a trend with intervals, save it as SVG and PNG
//!
//! When you want a figure over time as a chart, each point with its Wilson interval, series
//! breaks marked and the source in the caption: [`TrendChart`](crate::chart::TrendChart)
//! (feature `chart`). Waves without a published n need an assumed one, and the chart says so.
//! English labels need any system font (DejaVu on most Linux systems); Japanese and Korean
//! labels need Noto Sans CJK, checked here with [`Font::find`](crate::chart::Font::find).
//!
//! ```
//! # use yoron::chart::Chart as _;
//! use yoron::Country;
//! use yoron::chart::{Font, Lang, TrendChart};
//! use yoron::compare::CompareOptions;
//!
//! let co = yoron::datasets::cabinet_office();
//! let trends = ["affinity_korea", "affinity_china", "affinity_us"]
//!     .iter()
//!     .map(|q| co.question(q)?.trend(Country::JP, "feel_total"))
//!     .collect::<Result<Vec<_>, _>>()?;
//! let chart = TrendChart::from_trends(&trends, &CompareOptions::new().assume_n(1800))?;
//! let svg = chart.to_svg()?;
//! assert!(svg.contains("series break")); // FY2020: face-to-face → postal
//! assert!(svg.contains("assume n"));
//!
//! let dir = tempfile::tempdir().unwrap();
//! chart.save_as(dir.path().join("affinity.svg"), yoron::chart::ImageFormat::Svg)?;
//! chart.clone().scale(1.0).save_as(dir.path().join("affinity.png"), yoron::chart::ImageFormat::Png)?;
//! assert!(std::fs::metadata(dir.path().join("affinity.png")).unwrap().len() > 1000);
//! if Font::find("日本").is_ok() {
//!     chart.lang(Lang::Ja).save_as(dir.path().join("affinity_ja.svg"), yoron::chart::ImageFormat::Svg)?;
//! }
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! R: `ggplot(d, aes(wave, p)) + geom_line() + geom_errorbar(aes(ymin = lo, ymax = hi))`.
//! The offline report with every chart: `yoron report`.
//!
//! # Chart the mirror
//!
//! When you want the mirror as a chart: two lines, Japan's view of Korea and Korea's view
//! of Japan, with intervals at the mirror's level.
//!
//! ```
//! # use yoron::chart::Chart as _;
//! use yoron::chart::{Lang, TrendChart};
//! use yoron::compare::{CompareOptions, Mirror};
//!
//! let q = yoron::datasets::genron_eai().question("impression_of_other")?;
//! let m = Mirror::new(&q, "good_total", CompareOptions::new().assume_n(1000))?;
//! let chart = TrendChart::from_mirror(&m)?;
//! assert_eq!(chart.lines()[0].label(Lang::En), "Japan's view of South Korea");
//! assert_eq!(chart.lines()[1].label(Lang::En), "South Korea's view of Japan");
//! assert!(chart.to_svg()?.starts_with("<svg"));
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! # Weight a respondent file and estimate by domain
//!
//! When you have respondent-level data (one row per respondent) and want design-based
//! estimates: declare the design (weight, strata, PSU), rake the weights to population
//! margins, and estimate a proportion by country with the Japan − Korea contrast
//! ([`yoron::weight`](crate::weight), feature `polars`). Only the columns the analysis names
//! are read; every bad value is reported with its line.
//!
//! ```
//! use yoron::weight::{DesignSpec, Estimand, Margins, Rake, Respondents};
//!
//! let csv = "w,stratum,psu,sex,country,q1\n\
//!            1.2,1,11,F,JP,agree\n0.8,1,11,M,JP,disagree\n1.0,1,12,F,JP,agree\n\
//!            1.1,1,12,M,JP,agree\n0.9,2,21,F,KR,disagree\n1.3,2,21,M,KR,agree\n\
//!            1.0,2,22,F,KR,disagree\n0.7,2,22,M,KR,disagree\n";
//! let spec = DesignSpec::new().weight("w").strata("stratum").psu("psu");
//! let q1 = Estimand::proportions("q1").by("country").contrast("JP", "KR");
//! let margins = Margins::new().shares("sex", [("F", 0.51), ("M", 0.49)]);
//! let columns = spec.columns().merge(&q1.columns()).merge(&margins.columns());
//! let design = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &columns)?)?;
//!
//! let raked = design.rake(&margins, &Rake::new())?;
//! assert!(raked.report().largest_error() < 1e-6);
//! let est = raked.design().estimate(&q1)?;
//! let jp = est.find(Some("JP"), "agree")?;
//! let gap = est.find(Some("JP-KR"), "agree")?;
//! // R survey 4.1-1 (see below): svyby 0.8038301456 (SE 0.2184185849); the svyglm
//! // coefficient of countryKR −0.4688722767 (SE 0.3409891599), of which JP − KR is minus.
//! assert!((jp.estimate() - 0.8038301456).abs() < 1e-9 && (jp.se() - 0.2184185849).abs() < 1e-9);
//! assert!((gap.estimate() - 0.4688722767).abs() < 1e-9 && (gap.se() - 0.3409891599).abs() < 1e-9);
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! R: `des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)`;
//! `raked <- rake(des, list(~sex), list(pop_sex))` with `pop_sex` the shares times
//! `sum(d$w)` (yoron rakes shares to the sum of the design weights);
//! `svyby(~q1, ~country, raked, svymean)`; the contrast is the
//! `svyglm(I(q1 == "agree") ~ country, raked)` coefficient. The script and its output:
//! `tests/reference/cookbook/`. CLI:
//! `yoron rake --data d.csv --margins margins.csv --out raked.csv --weight w`, then
//! `yoron estimate --data raked.csv --var q1 --weight raked_weight --strata stratum --psu psu
//! --by country --contrast JP,KR`.
//!
//! # Crosstab with Rao–Scott tests
//!
//! When you want a weighted two-way table and a test of independence that accounts for the
//! design: [`Design::crosstab`](crate::weight::Design::crosstab) gives the Rao–Scott
//! second-order F test and first-order chi-square.
//!
//! ```
//! use yoron::weight::{Crosstab, DesignSpec, Respondents};
//!
//! let csv = "w,country,q1\n1.2,JP,agree\n0.8,JP,disagree\n1.0,JP,agree\n1.1,JP,agree\n\
//!            0.9,KR,disagree\n1.3,KR,agree\n1.0,KR,disagree\n0.7,KR,disagree\n";
//! let spec = DesignSpec::new().weight("w");
//! let columns = spec.columns().merge(&Crosstab::columns("country", "q1"));
//! let design = spec.build(Respondents::from_csv_reader(csv.as_bytes(), &columns)?)?;
//! let t = design.crosstab("country", "q1")?;
//! assert_eq!(t.row_levels(), ["JP", "KR"]);
//! assert_eq!(t.col_levels(), ["agree", "disagree"]);
//! let f = t.f_test();
//! // R: svychisq(~country + q1, svydesign(ids = ~1, weights = ~w, data = d), statistic = "F")
//! // prints F = 1.61, ndf = 1, ddf = 7, p-value = 0.245.
//! assert_eq!(format!("{:.2} {:.3}", f.statistic(), f.p_value()), "1.61 0.245");
//! assert_eq!((f.df(), f.ddf()), (1.0, Some(7.0)));
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! R: `svychisq(~country + q1, des, statistic = "F")` (and `"Chisq"`). CLI:
//! `yoron crosstab --data d.csv --row country --col q1 --weight w`.
//!
//! # To and from polars DataFrames
//!
//! When you want to go on in polars: the whole dataset, a topline, a trend and a gap table
//! each become a DataFrame, and a DataFrame in the tidy columns becomes a validated
//! [`Dataset`](crate::Dataset) again (feature `polars`; yoron re-exports the polars it was
//! built with as [`yoron::polars`](crate::polars)).
//!
//! ```
//! use yoron::compare::{CompareOptions, GapTable};
//!
//! let df = yoron::datasets::bundled().to_frame()?;
//! assert_eq!(df.height(), 867); // 709 + 158 cited rows (data/README.md)
//! let back = yoron::Dataset::from_frame(&df)?;
//! assert_eq!(back.series("genron_eai")?.question("military_threat")?
//!     .topline("2016", yoron::Country::KR)?.figure("japan")?.percent().as_str(), "38");
//!
//! let threat = yoron::datasets::genron_eai().question("military_threat")?;
//! let gaps = GapTable::for_wave(&threat, "2016", CompareOptions::new())?.to_frame()?;
//! assert_eq!(gaps.height(), 3);
//! assert!(gaps.column("p_adjusted").is_ok());
//! # Ok::<(), yoron::Error>(())
//! ```
//!
//! Python: `pl.read_csv(...)` of `yoron export`, or `df.to_pandas()` for statsmodels.
//!
//! # Use yoron in a Jupyter notebook
//!
//! When you want to explore interactively: yoron runs in Jupyter with the
//! [evcxr](https://github.com/evcxr/evcxr) Rust kernel, and with the `evcxr` feature charts
//! and tables display inline. Install the kernel once (`cargo install evcxr_jupyter --locked`,
//! then `evcxr_jupyter --install`), and start a notebook with:
//!
//! ```text
//! :opt 0
//! :cache 4000
//! :dep yoron = { path = "../..", default-features = false, features = ["evcxr"] }   # add "polars" for respondent data
//! ```
//!
//! `:opt 0` builds without optimisation and `:cache` keeps compiled libraries between
//! sessions. Two evcxr rules: a variable kept between cells cannot hold a reference (wrap
//! such code in `{ }`), and one holding a polars type needs its type written out
//! (`let df: yoron::polars::prelude::DataFrame = …`). The notebooks in
//! `examples/notebooks/` are worked examples; the README has the details.
