#!/usr/bin/env Rscript
# Reference values for the interval methods of issue 13 (item 6), computed by base R from
# the published formulas (PropCIs, DescTools, exactci and ratesci are not installable here:
# not in Debian, CRAN unreachable). Independent of yoron's code: root finding by uniroot on
# pbinom/dbinom, closed forms written from the papers.
#
# Run from the repository root:
#     Rscript tests/reference/stats/make_reference_methods.R
# It rewrites r_methods_one_proportion.csv and r_methods_two_proportions.csv. The Rust tests
# (tests/stats/methods.rs) compare with an absolute tolerance of 1e-9 for the root-found
# bounds (uniroot is run to 1e-15; yoron bisects to machine precision) and a relative 1e-9
# for the closed forms, printing the `call` column on failure.
#
# One proportion, x of n (integers), z = qnorm(1 - alpha/2):
#   mid-p (Lancaster 1961; Newcombe 1998a method 6):
#       lower: P(X > x) + P(X = x)/2 = alpha/2   (0 if x = 0)
#       upper: P(X < x) + P(X = x)/2 = alpha/2   (1 if x = n)
#   wald-cc (Newcombe 1998a method 2): p +- (z sqrt(p (1 - p)/n) + 1/(2n)), cut to [0, 1]
# Difference of two independent proportions, d = p1 - p2:
#   wald-cc (Newcombe 1998b method 2): d +- (z sqrt(p1 q1/n1 + p2 q2/n2) + (1/n1 + 1/n2)/2)
#   hauck-anderson (Hauck & Anderson 1986): d +- (z sqrt(p1 q1/(n1 - 1) + p2 q2/(n2 - 1))
#       + 1/(2 min(n1, n2))); both cut to [-1, 1]
#   mee (Mee 1984; Newcombe 1998b method 8) and miettinen-nurminen (1985; method 9): the
#       Deltas with (d - Delta)^2 <= z^2 V(Delta), V = p1~ q1~/n1 + p2~ q2~/n2 (Mee), times
#       N/(N - 1), N = n1 + n2 (Miettinen-Nurminen); p1~, p2~ = p1~ - Delta are the maximum
#       likelihood estimates under p1 - p2 = Delta (Farrington & Manning 1990, closed form
#       of the cubic).

out_dir <- "tests/reference/stats"
f17 <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
write_rows <- function(df, file, header, tol) {
  path <- file.path(out_dir, file)
  con <- file(path, "w")
  writeLines(paste0("# ", header), con)
  writeLines(paste0("# tolerance: ", tol), con)
  close(con)
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- f17(df[[col]])
  suppressWarnings(write.table(df, path, sep = ",", row.names = FALSE, quote = TRUE,
                               append = TRUE, col.names = TRUE))
}
root <- function(f) uniroot(f, c(0, 1), tol = 1e-15, maxiter = 10000)$root
levels <- c(0.9, 0.95, 0.99)

# ---------------------------------------------------------------------------------------
grid <- list()
for (n in c(1, 2, 5, 10, 29, 30, 100, 263, 1010)) {
  xs <- unique(c(0, 1, 2, floor(n / 3), floor(n / 2), n - 1, n))
  for (x in xs[xs >= 0 & xs <= n]) grid[[length(grid) + 1]] <- c(x, n)
}
rows <- list()
for (g in grid) for (level in levels) {
  x <- g[1]; n <- g[2]; alpha <- 1 - level; z <- qnorm(1 - alpha / 2); p <- x / n
  lo <- if (x == 0) 0 else
    root(function(q) pbinom(x, n, q, lower.tail = FALSE) + dbinom(x, n, q) / 2 - alpha / 2)
  hi <- if (x == n) 1 else
    root(function(q) pbinom(x - 1, n, q) + dbinom(x, n, q) / 2 - alpha / 2)
  rows[[length(rows) + 1]] <- data.frame(method = "mid-p", x = x, n = n, level = level,
    low = lo, high = hi,
    call = sprintf("uniroot(function(q) pbinom(%s, %s, q, lower.tail = FALSE) + dbinom(%s, %s, q)/2 - %s, c(0, 1)); uniroot(function(q) pbinom(%s - 1, %s, q) + dbinom(%s, %s, q)/2 - %s, c(0, 1))",
                   x, n, x, n, alpha / 2, x, n, x, n, alpha / 2))
  h <- z * sqrt(p * (1 - p) / n) + 1 / (2 * n)
  rows[[length(rows) + 1]] <- data.frame(method = "wald-cc", x = x, n = n, level = level,
    low = max(0, p - h), high = min(1, p + h),
    call = sprintf("p <- %s/%s; p + c(-1, 1) * (qnorm(%s) * sqrt(p * (1 - p)/%s) + 1/(2 * %s)), cut to [0, 1]",
                   x, n, 1 - alpha / 2, n, n))
}
write_rows(do.call(rbind, rows), "r_methods_one_proportion.csv",
           "one proportion, mid-p and Wald with continuity correction, x of n",
           "absolute 1e-9 (mid-p, root found), relative 1e-9 (wald-cc)")

# ---------------------------------------------------------------------------------------
# Restricted MLE of (p1, p2) under p1 - p2 = delta (Farrington & Manning 1990, eq. (9)).
restricted <- function(x1, n1, x2, n2, delta) {
  theta <- n2 / n1
  a <- 1 + theta
  b <- -(1 + theta + x1 / n1 + theta * x2 / n2 + delta * (theta + 2))
  c <- delta^2 + delta * (2 * x1 / n1 + theta + 1) + x1 / n1 + theta * x2 / n2
  d <- -x1 / n1 * delta * (1 + delta)
  v <- b^3 / (27 * a^3) - b * c / (6 * a^2) + d / (2 * a)
  s <- b^2 / (9 * a^2) - c / (3 * a)
  u <- if (v == 0) sqrt(max(s, 0)) else sign(v) * sqrt(max(s, 0))
  w <- if (u == 0) pi / 2 else (pi + acos(max(-1, min(1, v / u^3)))) / 3
  p1 <- 2 * u * cos(w) - b / (3 * a)
  p1 <- max(0, min(1, p1))
  p2 <- max(0, min(1, p1 - delta))
  c(p1, p2)
}
score_bounds <- function(x1, n1, x2, n2, z, mn) {
  d <- x1 / n1 - x2 / n2
  k <- if (mn) (n1 + n2) / (n1 + n2 - 1) else 1
  g <- function(delta) {
    r <- restricted(x1, n1, x2, n2, delta)
    (d - delta)^2 - z^2 * k * (r[1] * (1 - r[1]) / n1 + r[2] * (1 - r[2]) / n2)
  }
  # g(d) = -z^2 V(d) is 0 when both figures are 0 or 1: search from 1e-9 beside d, where
  # g < 0, so that uniroot does not return d itself.
  side <- function(from, to) {
    if (abs(to - from) <= 1e-9 || g(from) > 0) return(from)
    uniroot(g, sort(c(from, to)), tol = 1e-15, maxiter = 10000)$root
  }
  lo <- if (d <= -1) -1 else side(d - 1e-9, -1)
  hi <- if (d >= 1) 1 else side(d + 1e-9, 1)
  c(lo, hi)
}

# Newcombe's (1998b) eight examples, then larger samples.
pairs <- list(c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29),
              c(0, 10, 0, 20), c(0, 10, 0, 10), c(10, 10, 0, 20), c(10, 10, 0, 10),
              c(384, 1010, 364, 1010), c(38, 100, 30, 90), c(800, 1000, 360, 1010),
              c(1, 1000, 3, 1000))
rows <- list()
for (pr in pairs) for (level in levels) {
  x1 <- pr[1]; n1 <- pr[2]; x2 <- pr[3]; n2 <- pr[4]
  alpha <- 1 - level; z <- qnorm(1 - alpha / 2)
  p1 <- x1 / n1; p2 <- x2 / n2; d <- p1 - p2
  cc <- z * sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2) + (1 / n1 + 1 / n2) / 2
  ha <- z * sqrt(p1 * (1 - p1) / (n1 - 1) + p2 * (1 - p2) / (n2 - 1)) + 1 / (2 * min(n1, n2))
  mn <- score_bounds(x1, n1, x2, n2, z, TRUE)
  mee <- score_bounds(x1, n1, x2, n2, z, FALSE)
  rows[[length(rows) + 1]] <- data.frame(x1 = x1, n1 = n1, x2 = x2, n2 = n2, level = level,
    wald_cc_low = max(-1, d - cc), wald_cc_high = min(1, d + cc),
    hauck_anderson_low = max(-1, d - ha), hauck_anderson_high = min(1, d + ha),
    mn_low = mn[1], mn_high = mn[2], mee_low = mee[1], mee_high = mee[2],
    call = sprintf("x = c(%s, %s), n = c(%s, %s), level %s: see the formulas in make_reference_methods.R (wald-cc, hauck-anderson closed; mee, miettinen-nurminen by uniroot on the restricted-MLE score)",
                   x1, x2, n1, n2, level))
}
write_rows(do.call(rbind, rows), "r_methods_two_proportions.csv",
           "difference of two independent proportions: wald-cc, hauck-anderson, mee, miettinen-nurminen",
           "relative 1e-9 (closed forms), absolute 1e-9 (mee, miettinen-nurminen, root found)")
