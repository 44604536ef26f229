//! Cutting a block of CSV bytes at record boundaries, quote-aware, into one piece per core.

/// The end (after the newline) of the first record, quote-aware.
pub(super) fn first_boundary(buf: &[u8]) -> Option<usize> {
    let mut in_quotes = false;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        match buf[i] {
            b'"' => in_quotes = !in_quotes,
            _ if !in_quotes => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The end (after the newline) of the last record that ends before `limit`, quote-aware:
/// a newline inside a quoted field is not a boundary. Quotes inside quoted fields are
/// doubled (RFC 4180), so the parity of the quotes before a newline tells whether it is
/// inside a field.
///
/// `quoted` says whether `buf` may hold quotes (false only when it is known to hold none:
/// the reader searches each block once, while the one before is parsed).
pub(super) fn last_boundary(buf: &[u8], limit: usize, quoted: bool) -> Option<usize> {
    let buf = &buf[..limit];
    if !quoted {
        return memchr::memrchr(b'\n', buf).map(|i| i + 1);
    }
    let mut in_quotes = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        match buf[i] {
            b'"' => in_quotes = !in_quotes,
            _ if !in_quotes => last = Some(i + 1),
            _ => {}
        }
    }
    last
}

/// Where a quoted field that is never closed opens in the last block of a file: the
/// lines before it and its field's index. The csv crate would read such a field silently
/// to the end of the file, swallowing every later row.
pub(super) fn unclosed_quote(block: &[u8]) -> Option<(u64, usize)> {
    // Most respondent files have no quotes at all: skip the scan.
    memchr::memchr(b'"', block)?;
    let mut quoting = crate::csv_text::Quoting::default();
    let mut i = 0;
    while i < block.len() {
        i = quoting.step(block, i);
    }
    let (at, field) = quoting.open_quote()?;
    // Lines counted as this reader counts them, by `\n`.
    Some((
        memchr::memchr_iter(b'\n', &block[..at]).count() as u64,
        field,
    ))
}

/// Cuts a block that ends on a record boundary into about `parts` pieces at record
/// boundaries; returns the cut offsets including 0 and the end. `quoted` as in
/// [`last_boundary`].
pub(super) fn cut(block: &[u8], parts: usize, quoted: bool) -> Vec<usize> {
    let mut cuts = vec![0];
    // Small blocks are not worth a thread each.
    let parts = parts.min(block.len() / (1 << 20) + 1);
    if quoted {
        // One scan, recording the boundary nearest after each target.
        let targets: Vec<usize> = (1..parts).map(|k| block.len() * k / parts).collect();
        let mut t = 0;
        let mut in_quotes = false;
        for i in memchr::memchr2_iter(b'"', b'\n', block) {
            if t >= targets.len() {
                break;
            }
            match block[i] {
                b'"' => in_quotes = !in_quotes,
                _ if !in_quotes && i + 1 >= targets[t] && i + 1 < block.len() => {
                    cuts.push(i + 1);
                    while t < targets.len() && targets[t] <= i + 1 {
                        t += 1;
                    }
                }
                _ => {}
            }
        }
    } else {
        for k in 1..parts {
            let target = block.len() * k / parts;
            if let Some(j) = memchr::memchr(b'\n', &block[target..]) {
                let c = target + j + 1;
                if c < block.len() && c > *cuts.last().unwrap_or(&0) {
                    cuts.push(c);
                }
            }
        }
    }
    cuts.push(block.len());
    cuts.dedup();
    cuts
}
