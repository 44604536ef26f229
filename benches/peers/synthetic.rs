//! Seeded synthetic pooled-poll data for the benchmarks: two countries, 20 strata (10 per
//! country), 2,000 PSUs (100 per stratum), a 5-category and a binary question, sex and age
//! group for raking. Rows are grouped by stratum and PSU, as respondent files usually are.

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

/// Writes `n` respondents as CSV: id,country,stratum,psu,weight,sex,agegrp,q5,qbin.
pub fn write_poll(out: &mut dyn Write, n: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    let mut psu_effect = vec![0.0; 2000];
    for e in psu_effect.iter_mut() {
        *e = rng.unif() - 0.5;
    }
    let mut w = std::io::BufWriter::with_capacity(1 << 20, out);
    writeln!(w, "id,country,stratum,psu,weight,sex,agegrp,q5,qbin")?;
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
        writeln!(
            w,
            "{},{country},s{stratum},{psu},{weight:.4},{sex},{},{},{qbin}",
            i + 1,
            AGE[age],
            Q5[q]
        )?;
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
