#!/usr/bin/env Rscript
# Expected verdicts and key numbers of the 25 checks in data/claims.csv, computed by R
# (base + stats only) from the published figures, independently of yoron.
#
# Run from the repository root:
#     Rscript tests/reference/claims/make_reference.R
# It rewrites tests/reference/claims/expected.csv. tests/compare/claims.rs compares every
# row with yoron's ClaimCheck: the verdict exactly, the numbers with a relative tolerance of
# 1e-9, printing the `call` column on failure.
#
# Inputs: the bundled figures and n, copied by hand from data/*.csv (series, wave, country,
# option, percent, n). A wave without n gets the assumed n (1000 by default, 500 in the
# rows with assume_n = 500, which check that the user's value is used).
#
# Rules (yoron's documented rules, written again here from their definitions):
#   figure     supported when the paper's figure equals the data's after the paper's
#              rounding (half a unit of its last printed digit), contradicted otherwise
#   majority   Wilson interval (prop.test(x, n, correct = FALSE)) above the threshold:
#              supported; below: contradicted; else not established
#   ordering   difference of two options of one sample, p1 - p2 +- z sqrt(v), where
#              v = (p1 + p2 - 2 q - (p1 - p2)^2) / n, q = 0 (single response) or the
#              Frechet bound max(0, p1 + p2 - 1) (multiple response, covariance unknown);
#              p-value: mcnemar.test(correct = FALSE) on the discordant shares
#   plurality  the same difference against the next-largest option
#   near_tie   the same interval inside +- threshold: supported; wholly outside:
#              contradicted
#   gap        independent samples: Newcombe's hybrid score interval (method 10) from
#              two Wilson intervals; p-value prop.test(c(x1, x2), c(n1, n2), correct = FALSE)
# and, for every kind: a check that uses any figure read in the paper itself (source_kind
# secondary, seen at Nishino 2017) cannot be supported by it: supported becomes not
# established.

out <- "tests/reference/claims/expected.csv"
f17 <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
level <- 0.95
z <- qnorm(1 - (1 - level) / 2)

# figure key: series/question/wave/country/option -> percent, n (NA: not published),
# paper (TRUE: the bundled figure was read in the paper).
fig <- function(p, n, paper = FALSE) list(p = p / 100, n = n, paper = paper)
data <- list(
  "gallup_korea/cw_statue_relocation/2016-08-30/KR/must_not_relocate_regardless" = fig(76, 1009),
  "gallup_korea/cw_agreement_renegotiation/2017-02-14/KR/should_renegotiate" = fig(70, 1003),
  "cabinet_office/affinity_korea/FY2016/JP/not_feel_total" = fig(59.1, NA),
  "genron_eai/military_threat/2016_4th/JP/china" = fig(80, 1000, TRUE),
  "genron_eai/military_threat/2016_4th/JP/north_korea" = fig(73, 1000, TRUE),
  "genron_eai/military_threat/2016_4th/KR/north_korea" = fig(84, 1010, TRUE),
  "genron_eai/military_threat/2016_4th/KR/japan" = fig(38, 1010, TRUE),
  "genron_eai/military_threat/2016_4th/KR/china" = fig(36, 1010, TRUE),
  "yomiuri_hankook/us_or_china_importance/2016/KR/united_states" = fig(48.6, NA),
  "yomiuri_hankook/us_or_china_importance/2016/KR/china" = fig(44.3, NA),
  "yomiuri_hankook/us_or_china_importance/2016/JP/united_states" = fig(75, NA, TRUE),
  "yomiuri_hankook/us_or_china_importance/2016/JP/china" = fig(15, NA, TRUE)
)

wilson <- function(p, n) {
  c((p + z^2 / (2 * n) - z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))) / (1 + z^2 / n),
    (p + z^2 / (2 * n) + z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))) / (1 + z^2 / n))
}
# The formula above is prop.test's interval; check it where x is whole.
stopifnot(abs(wilson(0.7, 1003) -
  as.numeric(prop.test(702.1, 1003, correct = FALSE)$conf.int)) < 1e-12)

three <- function(lo, hi, low_bound, high_bound) {
  if (lo > low_bound) "supported" else if (hi < high_bound) "contradicted" else "not_established"
}

rows <- list()
add <- function(id, check, assume_n, verdict, estimate = NA, low = NA, high = NA, p = NA,
                call = "") {
  rows[[length(rows) + 1]] <<- data.frame(claim_id = id, check = check, assume_n = assume_n,
    verdict = verdict, estimate = estimate, low = low, high = high, p_value = p, call = call)
}
key <- function(s, q, w, c, o) data[[paste(s, q, w, c, o, sep = "/")]]
nn <- function(f, assume_n) if (is.na(f$n)) assume_n else f$n
demote <- function(v, paper) if (paper && v == "supported") "not_established" else v

# figure: quoted vs data; the paper prints whole numbers except 59.1.
figure <- function(id, check, f, quoted, decimals, assume_n) {
  half <- 0.5 * 10^(-decimals)
  v <- if (abs(quoted - 100 * f$p) <= half + 1e-9) "supported" else "contradicted"
  add(id, check, assume_n, demote(v, f$paper),
      call = sprintf("abs(%s - %s) <= %s", quoted, 100 * f$p, half))
}
majority <- function(id, check, f, threshold, assume_n) {
  n <- nn(f, assume_n)
  ci <- wilson(f$p, n)
  v <- three(100 * ci[1], 100 * ci[2], threshold, threshold)
  add(id, check, assume_n, demote(v, f$paper), 100 * f$p, 100 * ci[1], 100 * ci[2],
      call = sprintf("prop.test(%s * %s, %s, correct = FALSE)$conf.int", f$p, n, n))
}
same <- function(a, b, multi, assume_n) {
  n <- nn(a, assume_n)
  q <- if (multi) max(0, a$p + b$p - 1) else 0
  d <- a$p - b$p
  v <- (a$p + b$p - 2 * q - d^2) / n
  m <- matrix(c(q * n, b$p * n - q * n, a$p * n - q * n, max(0, n - a$p * n - b$p * n + q * n)), 2)
  pv <- mcnemar.test(m, correct = FALSE)$p.value
  list(d = d, low = d - z * sqrt(v), high = d + z * sqrt(v), p = pv,
       call = sprintf("d <- %s - %s; d + c(-1, 1) * qnorm(0.975) * sqrt((%s + %s - 2 * %s - d^2)/%s); mcnemar.test(matrix(c(%s), 2), correct = FALSE)",
                      a$p, b$p, a$p, b$p, q, n, paste(m, collapse = ", ")))
}
ordering <- function(id, check, a, b, multi, assume_n) {
  s <- same(a, b, multi, assume_n)
  v <- three(s$low, s$high, 0, 0)
  add(id, check, assume_n, demote(v, a$paper || b$paper), 100 * s$d, 100 * s$low,
      100 * s$high, s$p, s$call)
}
near_tie <- function(id, check, a, b, margin, assume_n) {
  s <- same(a, b, FALSE, assume_n)
  lo <- 100 * s$low; hi <- 100 * s$high
  v <- if (lo > -margin && hi < margin) "supported" else if (lo > margin || hi < -margin)
    "contradicted" else "not_established"
  add(id, check, assume_n, demote(v, a$paper || b$paper), 100 * s$d, lo, hi, s$p, s$call)
}
gap <- function(id, check, a, b, assume_n) {
  n1 <- nn(a, assume_n); n2 <- nn(b, assume_n)
  w1 <- wilson(a$p, n1); w2 <- wilson(b$p, n2)
  d <- a$p - b$p
  lo <- d - sqrt((a$p - w1[1])^2 + (w2[2] - b$p)^2)
  hi <- d + sqrt((w1[2] - a$p)^2 + (b$p - w2[1])^2)
  pv <- prop.test(c(a$p * n1, b$p * n2), c(n1, n2), correct = FALSE)$p.value
  v <- three(lo, hi, 0, 0)
  add(id, check, assume_n, demote(v, a$paper || b$paper), 100 * d, 100 * lo, 100 * hi, pv,
      sprintf("Newcombe hybrid score from prop.test(%s * %s, %s, correct = FALSE) and prop.test(%s * %s, %s, correct = FALSE); p: prop.test(c(%s, %s), c(%s, %s), correct = FALSE)$p.value",
              a$p, n1, n1, b$p, n2, n2, a$p * n1, b$p * n2, n1, n2))
}

G <- function(c, o) key("genron_eai", "military_threat", "2016_4th", c, o)
Y <- function(c, o) key("yomiuri_hankook", "us_or_china_importance", "2016", c, o)
for (an in c(1000, 500)) {
  statue <- key("gallup_korea", "cw_statue_relocation", "2016-08-30", "KR", "must_not_relocate_regardless")
  reneg <- key("gallup_korea", "cw_agreement_renegotiation", "2017-02-14", "KR", "should_renegotiate")
  affinity <- key("cabinet_office", "affinity_korea", "FY2016", "JP", "not_feel_total")
  figure("c01", "1", statue, 76, 0, an)
  majority("c01", "2", statue, 50, an)
  figure("c02", "1", reneg, 70, 0, an)
  majority("c02", "2", reneg, 50, an)
  figure("c03", "1", affinity, 59.1, 1, an)
  majority("c03", "2", affinity, 50, an)
  figure("c04", "1", G("JP", "china"), 80, 0, an)
  figure("c04", "2", G("JP", "north_korea"), 73, 0, an)
  ordering("c04", "3", G("JP", "china"), G("JP", "north_korea"), TRUE, an)
  # plurality: the next-largest JP option bundled for this wave is north_korea.
  ordering("c04", "4", G("JP", "china"), G("JP", "north_korea"), TRUE, an)
  figure("c05", "1", G("KR", "north_korea"), 84, 0, an)
  figure("c05", "2", G("KR", "japan"), 38, 0, an)
  figure("c05", "3", G("KR", "china"), 36, 0, an)
  ordering("c05", "4", G("KR", "north_korea"), G("KR", "japan"), TRUE, an)
  ordering("c05", "5", G("KR", "japan"), G("KR", "china"), TRUE, an)
  # plurality: the next-largest KR option is japan (38).
  ordering("c05", "6", G("KR", "north_korea"), G("KR", "japan"), TRUE, an)
  figure("c06", "1", Y("JP", "united_states"), 75, 0, an)
  figure("c06", "2", Y("JP", "china"), 15, 0, an)
  ordering("c06", "3", Y("JP", "united_states"), Y("JP", "china"), FALSE, an)
  figure("c06", "4", Y("KR", "united_states"), 49, 0, an)
  figure("c06", "5", Y("KR", "china"), 44, 0, an)
  near_tie("c06", "6", Y("KR", "united_states"), Y("KR", "china"), 5, an)
  gap("c07", "1", G("JP", "china"), G("KR", "china"), an)
  gap("c07", "2", Y("JP", "united_states"), Y("KR", "united_states"), an)
  gap("c07", "3", Y("KR", "china"), Y("JP", "china"), an)
}

df <- do.call(rbind, rows)
for (col in c("estimate", "low", "high", "p_value")) df[[col]] <- f17(df[[col]])
con <- file(out, "w")
writeLines("# the 25 checks of data/claims.csv at 95 %: verdict, estimate and interval in points, p-value", con)
writeLines("# tolerance: relative 1e-9; verdicts exact. assume_n: the n assumed where the wave publishes none", con)
close(con)
suppressWarnings(write.table(df, out, sep = ",", row.names = FALSE, quote = TRUE, append = TRUE))
writeLines(c(R.version.string), "tests/reference/claims/versions.txt")
