//! `yoron chart`: a chart of the bundled data as SVG, PNG or (feature `pdf`) PDF.

use std::io::Write;
use std::path::PathBuf;
use yoron::chart::Chart as _;

use anyhow::{Context, bail};
use yoron::Country;
use yoron::chart::{ChangeChart, DistributionChart, Font, GapChart, Lang, OptionChart, TrendChart};
use yoron::compare::{ChangeTable, CompareOptions, GapTable};
use yoron::stats::ConfidenceLevel;

/// The kind of chart.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Each option's figure per country with intervals (one wave).
    Threat,
    /// The Japan − South Korea gap per option with its interval (one wave).
    Gap,
    /// Figures across waves with interval bands and series breaks (needs --option).
    Trend,
    /// 100 % stacked bars of a single-response question (one wave).
    Distribution,
    /// One country's figures in two waves, an arrow per option (needs --waves W1,W2).
    Change,
    /// Every option of a multiple-response question across waves in one country (needs
    /// --country unless the question was asked in one country only).
    ThreatTrend,
    /// All sources together: `chart pool CONCEPT --country C` (the pooled trend, see `yoron pool`).
    Pool,
}

/// Draw a chart of the bundled data (or of your --data files) as SVG, PNG or PDF (the format follows --out's extension).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of chart.
    #[arg(value_enum)]
    kind: Kind,
    /// Series id (e.g. genron_eai); for pool, the concept (e.g. positive_view_of_other).
    series: String,
    /// Question id; for trend, several may be given comma-separated (not for pool).
    #[arg(default_value = "")]
    question: String,
    /// The wave (an id, a year or a date range), for threat, gap and distribution.
    #[arg(long)]
    wave: Option<String>,
    /// Two waves, comma-separated, for change.
    #[arg(long, value_delimiter = ',')]
    waves: Vec<String>,
    /// The sample country (JP or KR): trend and change draw it; threat and distribution
    /// draw only it.
    #[arg(long)]
    country: Option<Country>,
    /// The option(s) of a trend, comma-separated (e.g. feel_total).
    #[arg(long, value_delimiter = ',')]
    option: Vec<String>,
    /// Language of the chart: en, ja or ko.
    #[arg(long, default_value = "en")]
    lang: Lang,
    /// A font file covering every label (default: a system font found at run time, or
    /// the file in YORON_FONT).
    #[arg(long)]
    font: Option<PathBuf>,
    /// A sample size to assume for waves that publish none (noted on the chart).
    #[arg(long)]
    assume_n: Option<u32>,
    /// Confidence level of the intervals (0.95, 95 or 95%).
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    /// Width in pixels (default 900).
    #[arg(long)]
    width: Option<u32>,
    /// Height in pixels (default: fit the content).
    #[arg(long)]
    height: Option<u32>,
    /// PNG pixels per chart pixel (default 2).
    #[arg(long)]
    scale: Option<f64>,
    /// The file to write: FILE.svg, FILE.png or FILE.pdf (PDF needs the `pdf` feature).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    data: crate::data::DataArgs,
}

/// Applies the drawing settings to any chart kind and writes it.
macro_rules! draw {
    ($chart:expr, $args:expr, $format:expr) => {{
        let a = $args;
        let mut chart = $chart.lang(a.lang);
        match (a.width, a.height) {
            (Some(w), Some(h)) => chart = chart.size(w, h),
            (Some(w), None) => chart = chart.width(w),
            (None, Some(h)) => chart = chart.size(900, h),
            (None, None) => {}
        }
        if let Some(s) = a.scale {
            chart = chart.scale(s);
        }
        if let Some(f) = &a.font {
            chart = chart.font(Font::from_path(f)?);
        }
        chart.save_as(&a.out, $format)?
    }};
}

fn need_wave(args: &Args) -> anyhow::Result<&str> {
    args.wave.as_deref().with_context(|| {
        let kind = format!("{:?}", args.kind).to_lowercase();
        format!("chart {kind} needs --wave W (an id, a year or a date range)")
    })
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    draw(args).map_err(|e| match e.downcast_ref::<yoron::Error>() {
        Some(y) if matches!(y.kind(), yoron::ErrorKind::UnknownSampleSize { .. }) => {
            anyhow::anyhow!("{y} (--assume-n N)")
        }
        _ => e,
    })?;
    writeln!(out, "{}", args.out.display())?;
    Ok(())
}

/// Builds the chart and writes it; nothing is written when this fails.
fn draw(args: &Args) -> anyhow::Result<()> {
    // The format is checked before any data is read or drawn.
    let format = yoron::chart::ImageFormat::from_path(&args.out)?;
    if args.kind != Kind::Trend && !args.option.is_empty() {
        bail!(
            "--option is for trend charts (threat, gap, distribution, change and threat-trend draw every option)"
        );
    }
    if args.kind != Kind::Change && !args.waves.is_empty() {
        bail!("--waves is for change charts (use --wave W for one wave)");
    }
    let mut opts = CompareOptions::new().level(args.level);
    if let Some(n) = args.assume_n {
        opts = opts.assume_n(n);
    }
    let ds = args.data.load()?;
    if args.kind == Kind::Pool {
        let country = args
            .country
            .context("chart pool needs --country JP or KR (one public per chart)")?;
        let mut popts = yoron::pool::PoolOptions::new().level(args.level);
        if let Some(n) = args.assume_n {
            popts = popts.assume_n(n);
        }
        let chart = yoron::chart::PoolChart::for_concept(&ds, &args.series, country, &popts)?;
        draw!(chart, args, format);
        return Ok(());
    }
    let series = ds.series(&args.series)?;
    let questions: Vec<&str> = args.question.split(',').map(str::trim).collect();
    if args.kind != Kind::Trend && questions.len() > 1 {
        bail!(
            "only trend charts take several questions, found \"{}\"",
            args.question
        );
    }
    let question = series.question(questions[0])?;
    match args.kind {
        Kind::Threat => {
            let wave = need_wave(args)?;
            let chart = match args.country {
                Some(c) => OptionChart::from_toplines(&[question.topline(wave, c)?], &opts)?,
                None => OptionChart::for_wave(&question, wave, &opts)?,
            };
            draw!(chart, args, format);
        }
        Kind::Gap => {
            let wave = need_wave(args)?;
            if args.country.is_some() {
                bail!("--country: a gap chart compares Japan and South Korea; leave it out");
            }
            draw!(
                GapChart::new(&GapTable::for_wave(&question, wave, opts)?),
                args,
                format
            );
        }
        Kind::Distribution => {
            let wave = need_wave(args)?;
            let chart = match args.country {
                Some(c) => DistributionChart::from_toplines(&[question.topline(wave, c)?])?,
                None => DistributionChart::for_wave(&question, wave)?,
            };
            draw!(chart, args, format);
        }
        Kind::Trend => {
            if args.wave.is_some() {
                bail!("--wave: a trend chart draws every wave; leave it out");
            }
            if args.option.is_empty() {
                let known: Vec<String> = question.options().iter().map(|o| o.to_string()).collect();
                bail!(
                    "chart trend needs --option O (options of {}: {})",
                    questions[0],
                    known.join(", ")
                );
            }
            let mut trends = Vec::new();
            for q in &questions {
                let q = series.question(q)?;
                let countries = match args.country {
                    Some(c) => vec![c],
                    None => q.countries(),
                };
                for c in countries {
                    for o in &args.option {
                        trends.push(q.trend(c, o)?);
                    }
                }
            }
            draw!(TrendChart::from_trends(&trends, &opts)?, args, format);
        }
        Kind::ThreatTrend => {
            if args.wave.is_some() {
                bail!("--wave: a threat-trend chart draws every wave; leave it out");
            }
            let country = one_country(args, &question, questions[0], "threat-trend")?;
            draw!(
                TrendChart::threat_trend(&question, country, &opts)?,
                args,
                format
            );
        }
        Kind::Change => {
            let [w1, w2] = args.waves.as_slice() else {
                bail!(
                    "chart change needs --waves W1,W2 (two waves), found {}",
                    args.waves.len()
                );
            };
            let country = one_country(args, &question, questions[0], "change")?;
            let table = ChangeTable::new(
                &question.topline(w1, country)?,
                &question.topline(w2, country)?,
                opts,
            )?;
            draw!(ChangeChart::new(&table)?, args, format);
        }
        // Drawn above, before the series lookup.
        Kind::Pool => {}
    }
    Ok(())
}

/// The country a one-country chart draws: --country, or the only country asked.
fn one_country(
    args: &Args,
    question: &yoron::QuestionRef<'_>,
    question_id: &str,
    kind: &str,
) -> anyhow::Result<Country> {
    Ok(match (args.country, question.countries().as_slice()) {
        (Some(c), _) => c,
        (None, [only]) => *only,
        (None, several) => bail!(
            "chart {kind} needs --country C ({} {question_id} was asked in {})",
            args.series,
            several
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}
