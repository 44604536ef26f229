//! `yoron compare`, `rank`, `change`, `mirror` and `claims`: the comparison tables.

use std::io::Write;

use yoron::compare::{
    ChangeTable, ClaimCheck, Claims, CompareOptions, GapTable, Mirror, RankTable,
};
use yoron::label::Lang;
use yoron::stats::{ConfidenceLevel, DiffMethod};

use crate::data::DataArgs;
use crate::table::Format;

/// Options every comparison takes.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// Confidence level of intervals; verdicts test at 1 − level (0.95, 95 or 95%).
    #[arg(long, default_value = "0.95")]
    level: ConfidenceLevel,
    /// Interval method for differences between independent samples.
    #[arg(long, default_value = "newcombe")]
    method: String,
    /// A sample size to assume where the source publishes none (flagged in the output).
    #[arg(long)]
    assume_n: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Language of the table's labels (questions, options): en, ja or ko. CSV and JSON keep ids.
    #[arg(long, default_value = "en")]
    lang: Lang,
    #[command(flatten)]
    data: DataArgs,
}

/// The comparison tables, printed alike: a table in the chosen language, or the library's
/// CSV or JSON.
trait Printed {
    fn text(&self, lang: Lang) -> String;
    fn csv(&self, out: &mut dyn Write) -> yoron::Result<()>;
    fn json(&self, out: &mut dyn Write) -> yoron::Result<()>;
}

macro_rules! printed {
    ($($t:ty),*) => {$(
        impl Printed for $t {
            fn text(&self, lang: Lang) -> String {
                self.in_lang(lang).to_string()
            }
            fn csv(&self, out: &mut dyn Write) -> yoron::Result<()> {
                self.write_csv(out)
            }
            fn json(&self, out: &mut dyn Write) -> yoron::Result<()> {
                self.write_json(out)
            }
        }
    )*};
}
printed!(GapTable, RankTable, ChangeTable, Mirror);

impl Common {
    fn print(&self, t: &dyn Printed, out: &mut dyn Write) -> anyhow::Result<()> {
        match self.format {
            Format::Table => writeln!(out, "{}", t.text(self.lang))?,
            Format::Csv => t.csv(out)?,
            Format::Json => t.json(out)?,
        }
        Ok(())
    }

    fn options(&self) -> anyhow::Result<CompareOptions> {
        let mut o = CompareOptions::new()
            .level(self.level)
            .method(self.method.parse::<DiffMethod>()?);
        if let Some(n) = self.assume_n {
            o = o.assume_n(n);
        }
        Ok(o)
    }
}

/// Japan vs Korea on one question and wave: gap per option with interval, p and verdict.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Series id.
    series: String,
    /// Question id.
    question: String,
    /// The wave: an id, a year or a date range.
    #[arg(long)]
    wave: String,
    #[command(flatten)]
    common: Common,
}

pub fn run_compare(args: &CompareArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = args.common.data.load()?;
    let q = ds.series(&args.series)?.question(&args.question)?;
    let t = GapTable::for_wave(&q, &args.wave, args.common.options()?)?;
    args.common.print(&t, out)
}

/// One sample's options in order, with statistical ties grouped.
#[derive(clap::Args, Debug)]
pub struct RankArgs {
    /// Series id.
    series: String,
    /// Question id.
    question: String,
    /// The wave: an id, a year or a date range.
    #[arg(long)]
    wave: String,
    /// The sample country (JP or KR).
    #[arg(long)]
    country: yoron::Country,
    #[command(flatten)]
    common: Common,
}

pub fn run_rank(args: &RankArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = args.common.data.load()?;
    let q = ds.series(&args.series)?.question(&args.question)?;
    let t = q.topline(&args.wave, args.country)?;
    let r = RankTable::new(&t, args.common.options()?)?;
    args.common.print(&r, out)
}

/// One country's answers in two waves: change, interval, p, and series breaks between.
#[derive(clap::Args, Debug)]
pub struct ChangeArgs {
    /// Series id.
    series: String,
    /// Question id.
    question: String,
    /// The sample country (JP or KR).
    #[arg(long)]
    country: yoron::Country,
    /// The earlier wave.
    #[arg(long)]
    from: String,
    /// The later wave.
    #[arg(long)]
    to: String,
    #[command(flatten)]
    common: Common,
}

pub fn run_change(args: &ChangeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = args.common.data.load()?;
    let q = ds.series(&args.series)?.question(&args.question)?;
    let a = q.topline(&args.from, args.country)?;
    let b = q.topline(&args.to, args.country)?;
    let t = ChangeTable::new(&a, &b, args.common.options()?)?;
    args.common.print(&t, out)
}

/// Japan's view of Korea next to Korea's view of Japan, wave by wave.
#[derive(clap::Args, Debug)]
pub struct MirrorArgs {
    /// Series id.
    series: String,
    /// Question id (asked in both countries about the other).
    question: String,
    /// The option to follow (e.g. good_total).
    #[arg(long)]
    option: String,
    #[command(flatten)]
    common: Common,
}

pub fn run_mirror(args: &MirrorArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let ds = args.common.data.load()?;
    let q = ds.series(&args.series)?.question(&args.question)?;
    let m = Mirror::new(&q, &args.option, args.common.options()?)?;
    args.common.print(&m, out)
}

/// The paper's claims checked against the bundled data (or, with --data and --with-bundled, the bundled data and yours).
#[derive(clap::Args, Debug)]
pub struct ClaimsArgs {
    #[command(flatten)]
    common: Common,
}

pub fn run_claims(args: &ClaimsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let claims = Claims::bundled()?;
    let checks = claims.evaluate(&*args.common.data.load()?, args.common.options()?);
    match args.common.format {
        Format::Table => {
            for c in &checks {
                writeln!(out, "{c}")?;
            }
        }
        Format::Json => ClaimCheck::write_json(&checks, &mut *out)?,
        Format::Csv => ClaimCheck::write_csv(&checks, &mut *out)?,
    }
    Ok(())
}
