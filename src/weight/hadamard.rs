//! R survey's Hadamard matrices (`survey:::hadamard`), for balanced repeated replication.
//!
//! BRR needs an H × H Hadamard matrix with H > number of strata; which one decides every
//! replicate weight, so yoron builds exactly R's (survey 4.1.1): the four stored matrices of
//! orders 4, 16, 28 and 36 (`survey:::hadamard.list`, copied below), Paley's construction
//! from a prime p ≡ 3 (mod 4) up to 7919 (`survey:::paley`), and Sylvester doubling
//! (`survey:::hadamard.doubler`), chosen by R's rules. The matrices are 0/1 (R's 0/1 style:
//! 1 is +1, 0 is −1). Checked against R for 1–64 strata (every entry) and 1–600 (the order):
//! `tests/reference/survey/replicate/hadamard.csv`.

/// `survey:::hadamard.list`, row by row.
const STORED: [&[&str]; 4] = [
    &["1111", "1010", "1100", "1001"],
    &[
        "1111111111111111",
        "1010101010101010",
        "1100110011001100",
        "1001100110011001",
        "1111000011110000",
        "1010010110100101",
        "1100001111000011",
        "1001011010010110",
        "1111111100000000",
        "1010101001010101",
        "1100110000110011",
        "1001100101100110",
        "1111000000001111",
        "1010010101011010",
        "1100001100111100",
        "1001011001101001",
    ],
    &[
        "1111111111111111111111111111",
        "1001110001110001110001111000",
        "1000001111001101001101111000",
        "1000001110110010111001100110",
        "1001101000001111100011010110",
        "1001010100101100010110101110",
        "1000110011010010001110011110",
        "0101100010101010011111110000",
        "0100010110110101100111010100",
        "0100011011001011110010101100",
        "0101011000010111011101001010",
        "0100101101100100111010011010",
        "0101100101011001101100100110",
        "0010110100011110101011101000",
        "0011011001100110101100110100",
        "0010101100111011010100011100",
        "0011000111010111010010110010",
        "0011001011111000100111001010",
        "0010110011101101011001000110",
        "1110101001010100010111100100",
        "1111000101100011001011001100",
        "1111000010011100111000011100",
        "1110010101001010110101010010",
        "1110011000111001001010110010",
        "1110100010100111100100101010",
        "1101111111111110000000000000",
        "1011111110000001111110000000",
        "0111111110000000000001111110",
    ],
    &[
        "111111111111111111111111111111111111",
        "010111000111110111001000010101100100",
        "101110001111101110010000101011001000",
        "011100011111011100100001010110010010",
        "111000111110111001000010101100100100",
        "110001111101110010000101011001001010",
        "100011111011100100001010110010010110",
        "000111110111001000010101100100101110",
        "001111101110010000101011001001011100",
        "011111011100100001010110010010111000",
        "111110111001000010101100100101110000",
        "111101110010000101011001001011100010",
        "111011100100001010110010010111000110",
        "110111001000010101100100101110001110",
        "101110010000101011001001011100011110",
        "011100100001010110010010111000111110",
        "111001000010101100100101110001111100",
        "110010000101011001001011100011111010",
        "100100001010110010010111000111110110",
        "001000010101100100101110001111101110",
        "010000101011001001011100011111011100",
        "100001010110010010111000111110111000",
        "000010101100100101110001111101110010",
        "000101011001001011100011111011100100",
        "001010110010010111000111110111001000",
        "010101100100101110001111101110010000",
        "101011001001011100011111011100100000",
        "010110010010111000111110111001000010",
        "101100100101110001111101110010000100",
        "011001001011100011111011100100001010",
        "110010010111000111110111001000010100",
        "100100101110001111101110010000101010",
        "001001011100011111011100100001010110",
        "010010111000111110111001000010101100",
        "100101110001111101110010000101011000",
        "001011100011111011100100001010110010",
    ],
];

/// The orders of [`STORED`] (`survey:::hadamard.sizes`).
const SIZES: [usize; 4] = [4, 16, 28, 36];

/// `small.primes` of `survey:::paley`: the primes p ≡ 3 (mod 4) from 3 to 7919.
fn small_primes() -> Vec<usize> {
    (3..=7919usize)
        .filter(|&p| p % 4 == 3 && (2..).take_while(|d| d * d <= p).all(|d| p % d != 0))
        .collect()
}

/// A square 0/1 matrix, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hadamard {
    pub(crate) order: usize,
    pub(crate) h: Vec<u8>,
}

impl Hadamard {
    /// Entry (row, column), 0-based.
    pub(crate) fn at(&self, row: usize, col: usize) -> u8 {
        self.h[row * self.order + col]
    }

    fn stored(k: usize) -> Hadamard {
        let rows = STORED[k];
        Hadamard {
            order: rows.len(),
            h: rows
                .iter()
                .flat_map(|r| r.bytes().map(|b| b - b'0'))
                .collect(),
        }
    }

    /// `rbind(cbind(H, H), cbind(H, 1 - H))`.
    fn doubled(&self) -> Hadamard {
        let n = self.order;
        let mut h = vec![0u8; 4 * n * n];
        for i in 0..n {
            for j in 0..n {
                let v = self.at(i, j);
                h[i * 2 * n + j] = v;
                h[i * 2 * n + n + j] = v;
                h[(n + i) * 2 * n + j] = v;
                h[(n + i) * 2 * n + n + j] = 1 - v;
            }
        }
        Hadamard { order: 2 * n, h }
    }

    /// Paley's construction from the prime `p` (order p + 1), as `survey:::paley(prime = p)`:
    /// entry (i, j) of the core is 0 when (i + j) mod p is 0 or a quadratic residue.
    fn paley_prime(p: usize) -> Hadamard {
        let mut residue = vec![false; p];
        residue[0] = true;
        residue[1 % p] = true;
        for i in 2..=((p - 1) / 2).max(2) {
            residue[(i * i) % p] = true;
        }
        let n = p + 1;
        let mut h = vec![1u8; n * n];
        for i in 0..p {
            for j in 0..p {
                h[(i + 1) * n + j + 1] = u8::from(!residue[(i + j) % p]);
            }
        }
        Hadamard { order: n, h }
    }
}

/// `survey:::paley(n, nmax)` with `prime = NULL`: `None` where R returns NULL.
fn paley(n: usize, nmax: usize, primes: &[usize]) -> Option<Hadamard> {
    let nceil = n + 4 - n % 4;
    let mut nn = nceil;
    if n % 4 + 4 == n % 8 {
        while nn.is_multiple_of(8) {
            nn /= 2;
        }
        if primes.contains(&(nn - 1)) {
            let mut m = Hadamard::paley_prime(nn - 1);
            while nn < nceil {
                m = m.doubled();
                nn *= 2;
            }
            return Some(m);
        }
    }
    let largest = *primes.last()?;
    if n > largest {
        return None;
    }
    let p = *primes.iter().find(|&&p| p >= n)?;
    if p + 1 > nceil + 4 && nceil + 4 < nmax {
        return paley(nceil + 3, 2 * (nceil + 3), primes);
    }
    if p > nmax {
        return None;
    }
    Some(Hadamard::paley_prime(p))
}

/// `survey:::hadamard(n)`: R's Hadamard matrix for `n` strata (its order exceeds `n`).
pub(crate) fn hadamard(n: usize) -> Hadamard {
    let m = n - n % 4;
    if let Some(k) = (0..SIZES.len()).find(|&k| m < SIZES[k] && m + 4 >= SIZES[k]) {
        return Hadamard::stored(k);
    }
    if SIZES.iter().all(|&s| m < s) {
        return Hadamard::stored(0);
    }
    // Each stored size doubled until it exceeds n; the closest wins (the first on a tie).
    let doublings: Vec<u32> = SIZES
        .iter()
        .map(|&s| {
            let ratio = (n as f64 + 1.0) / s as f64;
            ratio.log2().ceil().max(0.0) as u32
        })
        .collect();
    let sizes: Vec<usize> = SIZES
        .iter()
        .zip(&doublings)
        .map(|(&s, &d)| s << d)
        .collect();
    let mut best = 0;
    for k in 1..sizes.len() {
        if (sizes[k] as i64 - n as i64) < (sizes[best] as i64 - n as i64) {
            best = k;
        }
    }
    if sizes[best] - n > 4
        && let Some(h) = paley(n, sizes[best], &small_primes())
    {
        return h;
    }
    let mut h = Hadamard::stored(best);
    for _ in 0..doublings[best] {
        h = h.doubled();
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns orthogonal in ±1 form: HᵀH = order · I.
    fn is_hadamard(h: &Hadamard) -> bool {
        let n = h.order;
        (0..n).all(|a| {
            (0..n).all(|b| {
                let dot: i64 = (0..n)
                    .map(|i| {
                        let x = 2 * i64::from(h.at(i, a)) - 1;
                        let y = 2 * i64::from(h.at(i, b)) - 1;
                        x * y
                    })
                    .sum();
                dot == if a == b { n as i64 } else { 0 }
            })
        })
    }

    /// R's matrices (make_created.R): every entry for 1–64 strata, the order for 1–600.
    #[test]
    fn matrices_are_rs() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/reference/survey/replicate/hadamard.csv"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let mut checked = 0;
        for line in text.lines().skip(1) {
            let mut f = line.splitn(3, ',');
            let n: usize = f.next().unwrap().parse().unwrap();
            let order: usize = f.next().unwrap().parse().unwrap();
            let rows = f.next().unwrap().trim_matches('"');
            let h = hadamard(n);
            assert_eq!(h.order, order, "n = {n}");
            if !rows.is_empty() {
                let r: Vec<String> = (0..order)
                    .map(|i| {
                        (0..order / 4)
                            .map(|d| {
                                let v =
                                    (0..4).fold(0u32, |a, b| a * 2 + u32::from(h.at(i, 4 * d + b)));
                                char::from_digit(v, 16).unwrap()
                            })
                            .collect()
                    })
                    .collect();
                assert_eq!(r.join(" "), rows, "n = {n}");
            }
            checked += 1;
        }
        assert_eq!(checked, 600);
    }

    #[test]
    fn every_matrix_is_hadamard_and_larger_than_the_strata() {
        for n in 1..=130 {
            let h = hadamard(n);
            assert!(h.order > n, "n = {n}: order {}", h.order);
            assert!(is_hadamard(&h), "n = {n}: order {}", h.order);
        }
        for s in 0..4 {
            assert!(is_hadamard(&Hadamard::stored(s)));
        }
        assert_eq!(small_primes()[..4], [3, 7, 11, 19]);
        assert_eq!(small_primes().len(), 504);
    }
}
