//! The dictionary of category texts and the reading of one field's text: how a CSV field
//! or a DataFrame string becomes a missing value, a number or a category code. Shared by
//! the CSV block reader (`weight::csv`), the DataFrame conversion (`weight::data`) and the
//! design and raking (hashing of small keys); depends on nothing else in `weight`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: a fast hash for short keys (category texts); no HashDoS concern here.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// Dictionaries up to this many categories are searched linearly.
const SMALL: usize = 12;

/// A dictionary from category text to code, in order of first appearance.
#[derive(Default, Debug)]
pub(crate) struct Dict {
    map: HashMap<Box<[u8]>, u32, FxBuild>,
    pub(crate) categories: Vec<Box<[u8]>>,
    /// Categories of at most 15 bytes packed with their length, for the small path.
    packed: Vec<u128>,
    last: Option<(u128, u32)>,
}

/// A key of at most 15 bytes as one integer (bytes, then the length in the top byte), so
/// that comparing keys is comparing integers; `None` for longer keys.
fn pack(key: &[u8]) -> Option<u128> {
    if key.len() > 15 {
        return None;
    }
    // A shift loop: a variable-length copy would call memcpy for a few bytes.
    let mut v = (key.len() as u128) << 120;
    for (i, &b) in key.iter().enumerate() {
        v |= u128::from(b) << (8 * i);
    }
    Some(v)
}

impl Dict {
    pub(crate) fn code(&mut self, key: &[u8]) -> u32 {
        let packed = pack(key);
        // Respondent files are usually sorted by stratum and PSU: repeats are common.
        if let (Some(p), Some((lp, c))) = (packed, self.last)
            && p == lp
        {
            return c;
        }
        // Answers, sexes, age groups have a handful of short categories: comparing integers
        // beats hashing. The map takes over beyond that.
        let small = self.categories.len() <= SMALL && self.packed.len() == self.categories.len();
        let found = match (small, packed) {
            (true, Some(p)) => self.packed.iter().position(|&l| l == p).map(|i| i as u32),
            _ if self.categories.len() <= SMALL => self
                .categories
                .iter()
                .position(|l| **l == *key)
                .map(|i| i as u32),
            _ => self.map.get(key).copied(),
        };
        let c = match found {
            Some(c) => c,
            None => {
                let c = self.categories.len() as u32;
                self.categories.push(key.into());
                match packed {
                    Some(p) if self.packed.len() + 1 == self.categories.len() => {
                        self.packed.push(p)
                    }
                    _ => {}
                }
                if self.categories.len() == SMALL + 1 {
                    for (i, l) in self.categories.iter().enumerate() {
                        self.map.insert(l.clone(), i as u32);
                    }
                } else if self.categories.len() > SMALL + 1 {
                    self.map.insert(key.into(), c);
                }
                c
            }
        };
        if let Some(p) = packed {
            self.last = Some((p, c));
        }
        c
    }

    /// Categories as text; invalid UTF-8 is replaced (only used for data frames, whose text is
    /// UTF-8 already).
    pub(crate) fn into_categories_lossy(self) -> Vec<String> {
        self.categories
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }
}

/// An empty field or `NA` is missing.
pub(crate) fn is_missing(b: &[u8]) -> bool {
    b.is_empty() || b == b"NA"
}

/// Powers of ten that are exact doubles, for the fast path of [`parse_number`].
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Parses a number: plain decimals of at most 15 digits on a fast path, anything else
/// through `str::parse`. `None` for text that is not a number; missing values must be
/// checked before.
///
/// The fast path is exact: with at most 15 digits the digits form an integer m < 2⁵³ and
/// 10ᵏ (k ≤ 15) is a double, so m / 10ᵏ is one correctly rounded division — the same double
/// `str::parse` (and R's `strtod`) gives (Clinger 1990).
pub(crate) fn parse_number(b: &[u8]) -> Option<f64> {
    let t = b.trim_ascii();
    match plain_decimal(t, 0) {
        Some((v, end)) if end == t.len() => Some(v),
        _ => std::str::from_utf8(t).ok()?.parse::<f64>().ok(),
    }
}

/// The plain decimal (`-12.5`, `+3`, `.25`, `2.`: an optional sign, at most 15 digits and
/// at most one point) that starts at `bytes[start]` and ends at a field or line end (`,`,
/// `\n`, `\r` or the end of `bytes`), with that end's position; `None` for anything else
/// (spaces, exponents, `NA`, an empty field, more digits), which [`parse_number`] then reads.
/// The CSV reader calls it on a whole line, so that finding the field's end and reading its
/// number are one pass over its bytes. Exact, as [`parse_number`]'s fast path.
#[inline(always)]
pub(crate) fn plain_decimal(bytes: &[u8], start: usize) -> Option<(f64, usize)> {
    if let Some(word) = bytes.get(start..start + 8)
        && let Ok(word) = <[u8; 8]>::try_from(word)
        && let Some((v, len)) = short_decimal(u64::from_le_bytes(word))
    {
        return Some((v, start + len));
    }
    plain_decimal_bytewise(bytes, start)
}

/// Bytes whose top bit marks a byte of a SWAR (one word, eight bytes) mask.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Each byte's top bit: set where the byte is at least `b` (ASCII bytes; the top bit of
/// each byte is forced on first, so no byte borrows from its neighbour).
#[inline]
fn at_least(x: u64, b: u8) -> u64 {
    ((x | HIGH).wrapping_sub(u64::from_le_bytes([b; 8]))) & HIGH
}

/// The unsigned plain decimal that fills the first bytes of `word` (eight bytes of a line,
/// the first in the lowest byte) and ends at a `,`, `\n` or `\r` within them — `0.4800,`,
/// `47,`, `70.1\n` — read without a loop over its bytes: masks of the digits and the point,
/// the digits (point removed) moved to the top of the word and summed in three
/// multiplications. `(value, length)`, or `None` for anything else (a sign, a longer
/// number, text), which [`plain_decimal_bytewise`] then reads. The same value as that
/// path: the same integer of digits divided by the same power of ten.
#[inline(always)]
fn short_decimal(x: u64) -> Option<(f64, usize)> {
    let ascii = !x & HIGH;
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1) & ascii;
    let other = HIGH & !digit;
    // The first byte that is not a digit: a point or the end.
    let first = (other.trailing_zeros() / 8) as usize;
    if first >= 8 {
        return None;
    }
    let byte = |i: usize| (x >> (8 * i)) as u8;
    let (end, point) = if byte(first) == b'.' {
        // The next byte after the point that is not a digit ends the number.
        // (Bytes 0..=first masked off; past the word's end when the point is its last
        // byte, and then `after` is empty.)
        let upto = ((1u64 << (8 * first)) << 8).wrapping_sub(1);
        let after = other & !upto;
        let end = (after.trailing_zeros() / 8) as usize;
        (end, Some(first))
    } else {
        (first, None)
    };
    if end >= 8 || !matches!(byte(end), b',' | b'\n' | b'\r') {
        return None;
    }
    // The digits without the point, the first in the lowest byte.
    let (digits, n) = match point {
        Some(p) => {
            let low = x & ((1u64 << (8 * p)) - 1);
            let high = (x >> (8 * (p + 1))) << (8 * p);
            (low | high, end - 1)
        }
        None => (x, end),
    };
    if n == 0 {
        return None;
    }
    // As digit values, moved up so that the last digit is in the top byte (the bytes
    // below are zeros, leading zeros of the number), then summed pairwise.
    let v = (digits.wrapping_sub(0x3030_3030_3030_3030) & ((1u64 << (8 * n)) - 1)) << (8 * (8 - n));
    let v = (v.wrapping_mul(10) + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    let v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    let m = (v.wrapping_mul(10_000) + (v >> 32)) & 0xFFFF_FFFF;
    let value = m as f64 / POW10[point.map_or(0, |p| end - p - 1)];
    Some((value, end))
}

/// [`plain_decimal`] a byte at a time: signs, up to 15 digits, a field ending the buffer.
/// Kept out of line: the word path is the hot one.
#[inline(never)]
fn plain_decimal_bytewise(bytes: &[u8], start: usize) -> Option<(f64, usize)> {
    let mut q = start;
    let neg = match bytes.get(q) {
        Some(b'-') => {
            q += 1;
            true
        }
        Some(b'+') => {
            q += 1;
            false
        }
        _ => false,
    };
    let mut m = 0u64;
    let mut digits = 0usize;
    let mut point: Option<usize> = None;
    while let Some(&c) = bytes.get(q) {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            // Wrapping: more than 15 digits are refused below before m is used.
            m = m.wrapping_mul(10).wrapping_add(u64::from(d));
            digits += 1;
        } else if c == b'.' && point.is_none() {
            point = Some(q + 1);
        } else {
            break;
        }
        q += 1;
    }
    if !matches!(bytes.get(q), None | Some(b',' | b'\n' | b'\r')) || digits == 0 || digits > 15 {
        return None;
    }
    let v = m as f64 / POW10[point.map_or(0, |p| q - p)];
    Some((if neg { -v } else { v }, q))
}

#[cfg(test)]
mod decimal_tests {
    use super::{plain_decimal, plain_decimal_bytewise};

    /// Every short field the word-at-a-time path may take, and its neighbours it must
    /// leave to the bytewise path, read as that path reads them.
    #[test]
    fn word_and_bytewise_paths_agree() {
        let mut fields: Vec<String> = vec![
            "0.4800", "47", "70.1", ".5", "2.", "0", "1234567", "123456.7", "12345678", "1.2.3",
            "", ".", "-1.5", "+3", "1e3", "NA", " 1", "1 ", "9.999999", "0000000", "1,2", "５",
            "1\u{e9}",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        // Every string of up to 7 characters from digits, a point and a letter.
        let alphabet = ['0', '7', '9', '.', 'x'];
        let mut frontier = vec![String::new()];
        for _ in 0..7 {
            let mut next = Vec::new();
            for f in &frontier {
                for c in alphabet {
                    next.push(format!("{f}{c}"));
                }
            }
            fields.extend(next.iter().cloned());
            frontier = next;
        }
        for f in &fields {
            for end in [",", "\n", "\r\n", ",rest,of,line", ""] {
                for pad in ["", "\n"] {
                    let line = format!("{f}{end}{pad}");
                    let b = line.as_bytes();
                    assert_eq!(
                        plain_decimal(b, 0),
                        plain_decimal_bytewise(b, 0),
                        "{line:?}"
                    );
                    let shifted = format!("ab,{line}");
                    assert_eq!(
                        plain_decimal(shifted.as_bytes(), 3),
                        plain_decimal_bytewise(shifted.as_bytes(), 3),
                        "{shifted:?}"
                    );
                }
            }
        }
        assert_eq!(plain_decimal(b"0.4800,0.4800", 0), Some((0.48, 6)));
        assert_eq!(plain_decimal(b"70.1\n12345678", 0), Some((70.1, 4)));
    }
}

#[cfg(test)]
mod dict_tests {
    use super::Dict;

    #[test]
    fn codes_are_stable_across_the_small_to_map_switch() {
        let mut d = Dict::default();
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        let first: Vec<u32> = keys.iter().map(|k| d.code(k.as_bytes())).collect();
        let again: Vec<u32> = keys.iter().rev().map(|k| d.code(k.as_bytes())).collect();
        assert_eq!(first, (0..40).collect::<Vec<u32>>());
        assert_eq!(again, (0..40).rev().collect::<Vec<u32>>());
    }
}
