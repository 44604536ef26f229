//! `yoron describe`: the variables of a respondent file (name, label, type, value labels,
//! missing values by kind), the first command to run on a new file.

use std::io::Write;
use std::path::PathBuf;

use yoron::weight::FileDescription;

use crate::table::Format;

/// List the variables of a respondent file: CSV, Parquet, SPSS .sav/.zsav, Stata .dta, SAS .sas7bdat.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The respondent file (.csv; .parquet; .sav, .zsav, .dta, .sas7bdat with the readstat feature).
    #[arg(long)]
    data: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let d = FileDescription::read(&args.data)?;
    match args.format {
        Format::Table => {
            writeln!(out, "{}: {} rows", args.data.display(), d.n_rows())?;
            write!(out, "{}", d.text_table())?;
        }
        Format::Csv => d.write_csv(&mut *out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &d)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
