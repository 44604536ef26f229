//! Seeded synthetic pooled-poll data for the benchmarks: two countries, 20 strata (10 per
//! country), 2,000 PSUs (100 per stratum), a 5-category and a binary question, sex and age
//! group for raking. Rows are grouped by stratum and PSU, as respondent files usually are.
//!
//! With `replicates` R > 0, R combined replicate weights `rep1..repR` follow: a delete-a-group
//! jackknife (Kott's DAGJK; R `svrepdesign(type = "JK1")`, scale (R − 1)/R). The 2,000 PSUs
//! are dealt at random (seeded) into R groups of equal size; replicate r drops group r
//! (weight 0) and multiplies every other row's weight by R/(R − 1). The other columns are
//! the same as without replicates.
//!
//! With `glm` (`write_poll_glm`), six columns for a survey-weighted logistic regression
//! follow at the end of each row, after any replicates: `age` (18–90, inside the row's
//! `agegrp`), `educ` (`primary`, `secondary`, `tertiary`), `income` (thousands, 1 decimal),
//! `ideology` (0–10), `hhsize` (1–6) and the outcome `trust` (0/1), drawn from a logistic
//! model in those columns, `sex` and the PSU effect (see `GLM_TRUTH`). They come from their
//! own random stream, so every other column is the same with or without them.

use std::io::Write;

/// xorshift64*: small, fast, seeded.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, 1).
    pub fn unif(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub const Q5: [&str; 5] = [
    "agree",
    "lean_agree",
    "neutral",
    "lean_disagree",
    "disagree",
];
pub const AGE: [&str; 6] = ["18-29", "30-39", "40-49", "50-59", "60-69", "70+"];
pub const AGE_SHARES: [f64; 6] = [0.14, 0.15, 0.17, 0.17, 0.17, 0.20];
pub const SEX_SHARES: [(&str, f64); 2] = [("F", 0.51), ("M", 0.49)];

pub const EDUC: [&str; 3] = ["primary", "secondary", "tertiary"];
/// The age band of each `AGE` group, inclusive.
const AGE_BANDS: [(u32, u32); 6] = [(18, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, 90)];

/// The logistic model `trust` is drawn from: intercept, age, income, ideology, hhsize,
/// sex M (vs F), educ secondary and tertiary (vs primary); plus 1.2 × the PSU effect
/// (uniform on ±0.5, so the clustering matters) and +0.2 in JP, −0.2 in KR (the strata),
/// which the benchmark model leaves out.
pub const GLM_TRUTH: [f64; 8] = [-0.6, -0.012, 0.006, 0.09, -0.08, 0.25, 0.35, 0.7];

/// The number of PSUs.
pub const PSUS: usize = 2000;

/// The jackknife group of each PSU: a seeded shuffle of the PSUs dealt round-robin into
/// `replicates` groups (sizes differ by at most one).
fn jackknife_groups(replicates: usize, seed: u64) -> Vec<usize> {
    // Its own stream, so the respondents are the same with or without replicates.
    let mut rng = Rng::new(seed ^ 0x6a61_636b_6b6e_6966);
    let mut order: Vec<usize> = (0..PSUS).collect();
    for i in (1..PSUS).rev() {
        order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    let mut group = vec![0; PSUS];
    for (pos, &psu) in order.iter().enumerate() {
        group[psu] = pos % replicates.max(1);
    }
    group
}

/// Writes `n` respondents as CSV: id,country,stratum,psu,weight,sex,agegrp,q5,qbin, then
/// `replicates` jackknife replicate weights rep1..repR (none when 0; see the module docs).
pub fn write_poll(
    out: &mut dyn Write,
    n: usize,
    seed: u64,
    replicates: usize,
) -> std::io::Result<()> {
    write_rows(out, n, seed, replicates, false)
}

/// As `write_poll`, with the regression columns age,educ,income,ideology,hhsize,trust at
/// the end of each row (see the module docs).
pub fn write_poll_glm(
    out: &mut dyn Write,
    n: usize,
    seed: u64,
    replicates: usize,
) -> std::io::Result<()> {
    write_rows(out, n, seed, replicates, true)
}

/// Standard normal by Box–Muller (one of the pair).
fn normal(rng: &mut Rng) -> f64 {
    let u = 1.0 - rng.unif();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * rng.unif()).cos()
}

/// The regression columns of one respondent (leading comma included).
fn glm_fields(rng: &mut Rng, age_group: usize, male: bool, psu_effect: f64, jp: bool) -> String {
    let (lo, hi) = AGE_BANDS[age_group];
    let age = lo + ((rng.unif() * f64::from(hi - lo + 1)) as u32).min(hi - lo);
    // Younger respondents have more schooling.
    let a = f64::from(age - 18) / 72.0;
    let e = rng.unif();
    let educ = if e < 0.12 + 0.3 * a {
        0
    } else if e < 0.62 + 0.15 * a {
        1
    } else {
        2
    };
    let income = (3.2 + 0.3 * educ as f64 + 0.1 * f64::from(u8::from(male)) + 0.45 * normal(rng))
        .exp()
        .min(999.9);
    let income: f64 = format!("{income:.1}").parse().unwrap_or(f64::NAN);
    let ideology = ((rng.unif() * 11.0) as u32).min(10);
    let hhsize = 1 + ((rng.unif() * rng.unif() * 6.0) as u32).min(5);
    let b = GLM_TRUTH;
    let eta = b[0]
        + b[1] * f64::from(age)
        + b[2] * income
        + b[3] * f64::from(ideology)
        + b[4] * f64::from(hhsize)
        + b[5] * f64::from(u8::from(male))
        + if educ == 1 { b[6] } else { 0.0 }
        + if educ == 2 { b[7] } else { 0.0 }
        + 1.2 * psu_effect
        + if jp { 0.2 } else { -0.2 };
    let trust = u8::from(rng.unif() < 1.0 / (1.0 + (-eta).exp()));
    format!(
        ",{age},{},{income:.1},{ideology},{hhsize},{trust}",
        EDUC[educ]
    )
}

fn write_rows(
    out: &mut dyn Write,
    n: usize,
    seed: u64,
    replicates: usize,
    glm: bool,
) -> std::io::Result<()> {
    if replicates == 1 || replicates > PSUS {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("replicates: 0, or 2 to {PSUS} (one PSU group each), not {replicates}"),
        ));
    }
    let groups = jackknife_groups(replicates, seed);
    let factor = replicates as f64 / (replicates as f64 - 1.0);
    let mut rng = Rng::new(seed);
    let mut psu_effect = vec![0.0; PSUS];
    for e in psu_effect.iter_mut() {
        *e = rng.unif() - 0.5;
    }
    // Its own stream, so the other columns are the same with or without these.
    let mut glm_rng = Rng::new(seed ^ 0x676c_6d5f_636f_7673);
    let mut w = std::io::BufWriter::with_capacity(1 << 20, out);
    write!(w, "id,country,stratum,psu,weight,sex,agegrp,q5,qbin")?;
    for r in 1..=replicates {
        write!(w, ",rep{r}")?;
    }
    if glm {
        write!(w, ",age,educ,income,ideology,hhsize,trust")?;
    }
    writeln!(w)?;
    for i in 0..n {
        let stratum = i * 20 / n;
        let within = i - stratum * n / 20;
        let size = (stratum + 1) * n / 20 - stratum * n / 20;
        let psu = stratum * 100 + within * 100 / size.max(1);
        let country = if stratum < 10 { "JP" } else { "KR" };
        let u = rng.unif();
        let weight = 0.3 + 2.7 * u * u;
        let sex = if rng.unif() < 0.47 { "F" } else { "M" };
        let a = rng.unif();
        let age = ((a * a).sqrt() * 6.0).min(5.0) as usize;
        let shift = psu_effect[psu] + if country == "JP" { 0.15 } else { -0.1 };
        let q = ((rng.unif() + 0.5 * shift).clamp(0.0, 0.999_999) * 5.0) as usize;
        let qbin = u8::from(rng.unif() < 0.4 + 0.3 * shift);
        let weight = format!("{weight:.4}");
        write!(
            w,
            "{},{country},s{stratum},{psu},{weight},{sex},{},{},{qbin}",
            i + 1,
            AGE[age],
            Q5[q]
        )?;
        if replicates > 0 {
            // The weight as written (4 decimals) times R/(R − 1), also to 4 decimals: every
            // tool reads the same text, so none rounds differently.
            let written: f64 = weight.parse().unwrap_or(f64::NAN);
            let kept = format!(",{:.4}", written * factor);
            for r in 0..replicates {
                if groups[psu] == r {
                    w.write_all(b",0")?;
                } else {
                    w.write_all(kept.as_bytes())?;
                }
            }
        }
        if glm {
            let male = sex == "M";
            let fields = glm_fields(&mut glm_rng, age, male, psu_effect[psu], country == "JP");
            w.write_all(fields.as_bytes())?;
        }
        writeln!(w)?;
    }
    w.flush()
}

/// Writes the raking margins (shares) as CSV: variable,category,share.
pub fn write_margins(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "variable,category,share")?;
    for (l, s) in SEX_SHARES {
        writeln!(out, "sex,{l},{s}")?;
    }
    for (l, s) in AGE.iter().zip(AGE_SHARES) {
        writeln!(out, "agegrp,{l},{s}")?;
    }
    Ok(())
}
