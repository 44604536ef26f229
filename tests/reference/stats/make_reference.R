#!/usr/bin/env Rscript
# Reference values for yoron::stats, computed by R (base + stats only).
#
# Run from the repository root:
#     Rscript tests/reference/stats/make_reference.R
# It rewrites tests/reference/stats/r_*.csv and r_versions.txt. The Rust tests in
# tests/stats/reference.rs read these files and compare with a relative tolerance of 1e-9
# (absolute 1e-15 where the reference value is 0), printing the `call` column on failure.
#
# Where yoron deliberately departs from the bare formula (documented in src/stats), the
# value written here is yoron's documented rule, still computed by R, and the `call`
# column says so. Those places are:
#   * wald and logit at x = 0 or x = n: the exact Clopper-Pearson interval
#     (binom.test), because the formula gives a zero-width or undefined interval;
#   * jeffreys at x = 0 (x = n): lower (upper) bound set to 0 (1), as recommended by
#     Brown, Cai & DasGupta (2001), section 4.1.2;
#   * wilson-cc: the continuity correction is always 1/(2n) (Newcombe 1998, method 4).
#     prop.test(correct = TRUE) shrinks it to |x - n p| when that is smaller, where p is
#     the null value (0.5 by default); we pass p = 0.25 when x = n/2 so that R applies the
#     full correction. The unconditional correction is what Newcombe describes.

out_dir <- "tests/reference/stats"
f17 <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
write_rows <- function(df, file, header) {
  path <- file.path(out_dir, file)
  con <- file(path, "w")
  writeLines(paste0("# ", header), con)
  writeLines("# tolerance: relative 1e-9 (absolute 1e-15 where the reference is 0)", con)
  close(con)
  for (col in names(df)) if (is.numeric(df[[col]])) df[[col]] <- f17(df[[col]])
  suppressWarnings(write.table(df, path, sep = ",", row.names = FALSE, quote = TRUE,
                               append = TRUE, col.names = TRUE))
}

levels <- c(0.8, 0.9, 0.95, 0.99)

# ---------------------------------------------------------------------------------------
# One proportion: every method, on a grid of (x, n, level) with the edge cases.
grid <- list()
for (n in c(1, 2, 5, 10, 30, 100, 1010, 100000)) {
  xs <- unique(c(0, 1, 2, floor(n / 3), floor(n / 2), n - 1, n))
  xs <- xs[xs >= 0 & xs <= n]
  for (x in xs) grid[[length(grid) + 1]] <- c(x = x, n = n)
}
# Effective sample sizes from a design effect: non-integer n and x.
for (xn in list(c(0.38 * 1010 / 1.3, 1010 / 1.3), c(2.1, 10.5), c(0, 3.7), c(3.7, 3.7),
                c(0.5, 7.25))) {
  grid[[length(grid) + 1]] <- c(x = xn[1], n = xn[2])
}

one <- function(method, x, n, level) {
  alpha <- 1 - level
  z <- qnorm(1 - alpha / 2)
  p <- x / n
  integer_x <- x == round(x) && n == round(n)
  cp_call <- if (integer_x) {
    sprintf("binom.test(%s, %s, conf.level = %s)$conf.int", x, n, level)
  } else {
    sprintf("c(qbeta(%s, %s, %s - %s + 1), qbeta(%s, %s + 1, %s - %s)) (0, 1 at the ends)",
            alpha / 2, x, n, x, 1 - alpha / 2, x, n, x)
  }
  cp <- function() {
    if (integer_x) return(as.numeric(binom.test(x, n, conf.level = level)$conf.int))
    lo <- if (x == 0) 0 else qbeta(alpha / 2, x, n - x + 1)
    hi <- if (x == n) 1 else qbeta(1 - alpha / 2, x + 1, n - x)
    c(lo, hi)
  }
  switch(method,
    "wald" = {
      if (p == 0 || p == 1) {
        list(ci = cp(), call = paste("boundary rule, exact:", cp_call))
      } else {
        h <- z * sqrt(p * (1 - p) / n)
        list(ci = c(max(0, p - h), min(1, p + h)),
             call = sprintf("p <- %s/%s; p + c(-1, 1) * qnorm(%s) * sqrt(p * (1 - p) / %s), clipped to [0, 1]",
                            x, n, 1 - alpha / 2, n))
      }
    },
    "wilson" = list(
      ci = as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level))$conf.int),
      call = sprintf("prop.test(%s, %s, correct = FALSE, conf.level = %s)$conf.int", x, n, level)),
    "wilson-cc" = {
      p0 <- if (abs(x - n / 2) >= 0.5) 0.5 else 0.25
      list(ci = as.numeric(suppressWarnings(
             prop.test(x, n, p = p0, correct = TRUE, conf.level = level))$conf.int),
           call = sprintf("prop.test(%s, %s, p = %s, correct = TRUE, conf.level = %s)$conf.int",
                          x, n, p0, level))
    },
    "agresti-coull" = {
      nt <- n + z^2
      pt <- (x + z^2 / 2) / nt
      h <- z * sqrt(pt * (1 - pt) / nt)
      list(ci = c(max(0, pt - h), min(1, pt + h)),
           call = sprintf("z <- qnorm(%s); nt <- %s + z^2; pt <- (%s + z^2/2)/nt; pt + c(-1, 1) * z * sqrt(pt * (1 - pt)/nt), clipped to [0, 1]",
                          1 - alpha / 2, n, x))
    },
    "clopper-pearson" = list(ci = cp(), call = cp_call),
    "jeffreys" = {
      lo <- if (x == 0) 0 else qbeta(alpha / 2, x + 0.5, n - x + 0.5)
      hi <- if (x == n) 1 else qbeta(1 - alpha / 2, x + 0.5, n - x + 0.5)
      list(ci = c(lo, hi),
           call = sprintf("qbeta(c(%s, %s), %s + 0.5, %s - %s + 0.5) (lower 0 if x = 0, upper 1 if x = n)",
                          alpha / 2, 1 - alpha / 2, x, n, x))
    },
    "logit" = {
      if (p == 0 || p == 1) {
        list(ci = cp(), call = paste("boundary rule, exact:", cp_call))
      } else {
        l <- log(x / (n - x))
        se <- sqrt(n / (x * (n - x)))
        list(ci = plogis(l + c(-1, 1) * z * se),
             call = sprintf("plogis(log(%s/(%s - %s)) + c(-1, 1) * qnorm(%s) * sqrt(%s/(%s * (%s - %s))))",
                            x, n, x, 1 - alpha / 2, n, x, n, x))
      }
    }
  )
}

methods <- c("wald", "wilson", "wilson-cc", "agresti-coull", "clopper-pearson", "jeffreys", "logit")
rows <- list()
for (g in grid) for (level in levels) for (m in methods) {
  r <- one(m, g[["x"]], g[["n"]], level)
  rows[[length(rows) + 1]] <- data.frame(method = m, x = g[["x"]], n = g[["n"]], level = level,
                                         low = r$ci[1], high = r$ci[2], call = r$call)
}
write_rows(do.call(rbind, rows), "r_one_proportion.csv",
           "one proportion: x successes of n (n may be an effective, non-integer n), two-sided interval")

# ---------------------------------------------------------------------------------------
# Margin of error at p = 0.5 and per figure, with a design effect: z * sqrt(p (1 - p) deff / n).
rows <- list()
for (n in c(100, 500, 1000, 1003, 1010, 1021, 3000)) for (deff in c(1, 1.3, 2)) for (level in levels) for (p in c(0.5, 0.38, 0.05)) {
  moe <- 100 * qnorm(1 - (1 - level) / 2) * sqrt(p * (1 - p) * deff / n)
  rows[[length(rows) + 1]] <- data.frame(n = n, deff = deff, level = level, p = p, moe_points = moe,
    call = sprintf("100 * qnorm(%s) * sqrt(%s * (1 - %s) * %s / %s)", 1 - (1 - level) / 2, p, p, deff, n))
}
write_rows(do.call(rbind, rows), "r_margin_of_error.csv", "margin of error in percentage points")

# ---------------------------------------------------------------------------------------
# Two independent proportions: pooled z-test (= prop.test without continuity correction;
# z^2 is R's X-squared) and R's Wald interval for the difference.
pairs <- list(c(38, 100, 30, 90), c(384, 1010, 364, 1010), c(0, 10, 0, 10), c(10, 10, 10, 10),
              c(0, 10, 10, 10), c(10, 10, 0, 10), c(1, 2, 0, 1), c(5, 5, 0, 5), c(1, 1000, 3, 1000),
              c(41000, 100000, 40500, 100000), c(0, 30, 3, 30), c(29, 30, 30, 30), c(7, 13, 2, 9))
rows <- list()
for (pr in pairs) for (level in levels) {
  x1 <- pr[1]; n1 <- pr[2]; x2 <- pr[3]; n2 <- pr[4]
  t <- suppressWarnings(prop.test(c(x1, x2), c(n1, n2), correct = FALSE, conf.level = level))
  pooled <- (x1 + x2) / (n1 + n2)
  if (pooled == 0 || pooled == 1) {
    # yoron's rule: the two figures are equal and the pooled variance is zero: z = 0, p = 1.
    z <- 0; pv <- 1; tcall <- "pooled variance zero (R gives NaN): yoron returns z = 0, p = 1"
  } else {
    z <- sign(x1 / n1 - x2 / n2) * sqrt(unname(t$statistic)); pv <- t$p.value
    tcall <- sprintf("prop.test(c(%s, %s), c(%s, %s), correct = FALSE)", x1, x2, n1, n2)
  }
  rows[[length(rows) + 1]] <- data.frame(x1 = x1, n1 = n1, x2 = x2, n2 = n2, level = level,
    z = z, p_value = pv, wald_low = t$conf.int[1], wald_high = t$conf.int[2],
    test_call = tcall,
    wald_call = sprintf("prop.test(c(%s, %s), c(%s, %s), correct = FALSE, conf.level = %s)$conf.int",
                        x1, x2, n1, n2, level))
}
write_rows(do.call(rbind, rows), "r_two_proportions.csv",
           "two independent proportions: pooled z-test and Wald interval of p1 - p2")

# ---------------------------------------------------------------------------------------
# Two figures from one sample. p1 = x1/n and p2 = x2/n; q = P(both) (0 for a
# single-response question; for multi-response, the Frechet lower bound max(0, p1 + p2 - 1)
# gives the largest variance, or a known q).
#   Var(p1 - p2) = (p1 + p2 - 2 q - (p1 - p2)^2) / n
# Test of p1 = p2 (McNemar without correction on the discordant shares b = p1 - q,
# c = p2 - q): X^2 = n (p1 - p2)^2 / (p1 + p2 - 2 q).
same <- list(c(38, 36, 100, 0), c(384, 364, 1010, 0), c(500, 300, 1000, 0), c(0, 0, 50, 0),
             c(50, 0, 50, 0), c(0, 3, 20, 0), c(600, 700, 1000, NA), c(867, 478, 1004, NA),
             c(300, 200, 1000, NA), c(300, 200, 1000, 50), c(867, 478, 1004, 400), c(5, 5, 10, NA))
rows <- list()
for (s in same) for (level in levels) {
  x1 <- s[1]; x2 <- s[2]; n <- s[3]
  p1 <- x1 / n; p2 <- x2 / n
  kind <- if (is.na(s[4])) "multi-unknown" else if (s[4] == 0) "single" else "multi-known"
  q <- if (is.na(s[4])) max(0, x1 + x2 - n) / n else s[4] / n
  d <- p1 - p2
  v <- (p1 + p2 - 2 * q - d^2) / n
  z <- qnorm(1 - (1 - level) / 2)
  b <- x1 - q * n; cc <- x2 - q * n; dd <- max(0, n - x1 - x2 + q * n)
  if (b + cc == 0) {
    pv <- 1; stat <- 0; tcall <- "no discordant answers (R gives NaN): yoron returns z = 0, p = 1"
  } else {
    m <- mcnemar.test(matrix(c(q * n, cc, b, dd), 2), correct = FALSE)
    pv <- m$p.value; stat <- sign(d) * sqrt(unname(m$statistic))
    tcall <- sprintf("mcnemar.test(matrix(c(%s, %s, %s, %s), 2), correct = FALSE)",
                     q * n, cc, b, dd)
  }
  rows[[length(rows) + 1]] <- data.frame(kind = kind, x1 = x1, x2 = x2, n = n, joint = q * n,
    level = level, low = max(-1, d - z * sqrt(v)), high = min(1, d + z * sqrt(v)), z = stat, p_value = pv,
    ci_call = sprintf("d <- %s/%s - %s/%s; d + c(-1, 1) * qnorm(%s) * sqrt((%s/%s + %s/%s - 2 * %s/%s - d^2)/%s)",
                      x1, n, x2, n, 1 - (1 - level) / 2, x1, n, x2, n, q * n, n, n),
    test_call = tcall)
}
write_rows(do.call(rbind, rows), "r_same_sample.csv",
           "difference of two figures from one sample (joint = count answering both)")

# ---------------------------------------------------------------------------------------
# Chi-square test of homogeneity of one question's distribution between two samples:
# counts = percent * n / 100 (not rounded).
dists <- list(
  list(a = c(38.4, 36.4, 25.2), na = 1010, b = c(40.1, 30.0, 29.9), nb = 1000),
  list(a = c(50, 50), na = 100, b = c(60, 40), nb = 100),
  list(a = c(12.5, 20.1, 33.3, 34.1), na = 1004, b = c(11.0, 24.9, 30.0, 34.1), nb = 1002),
  list(a = c(70, 20, 10), na = 30, b = c(10, 20, 70), nb = 25),
  list(a = c(33, 33, 34), na = 1000, b = c(33, 33, 34), nb = 1000),
  list(a = c(86.7, 13.3), na = 1004, b = c(47.8, 52.2), nb = 1000))
rows <- list()
for (i in seq_along(dists)) {
  d <- dists[[i]]
  tab <- rbind(d$a * d$na / 100, d$b * d$nb / 100)
  t <- suppressWarnings(chisq.test(tab, correct = FALSE))
  rows[[i]] <- data.frame(id = i, a = paste(d$a, collapse = ";"), na = d$na,
    b = paste(d$b, collapse = ";"), nb = d$nb, statistic = unname(t$statistic),
    df = unname(t$parameter), p_value = t$p.value,
    counts_a = paste(f17(tab[1, ]), collapse = ";"), counts_b = paste(f17(tab[2, ]), collapse = ";"),
    call = sprintf("chisq.test(rbind(c(%s) * %s / 100, c(%s) * %s / 100), correct = FALSE)",
                   paste(d$a, collapse = ", "), d$na, paste(d$b, collapse = ", "), d$nb))
}
write_rows(do.call(rbind, rows), "r_homogeneity.csv",
           "chi-square test of homogeneity, 2 x k table of reconstructed counts")

# ---------------------------------------------------------------------------------------
# Multiple comparisons: p.adjust, Holm and Benjamini-Hochberg.
fams <- list(c(0.01, 0.02, 0.03, 0.04, 0.05), c(0.5, 0.001, 0.2, 0.001, 0.04, 1, 0),
             c(0.049), c(0.3, 0.2, 0.1), c(1e-10, 0.8, 0.02, 0.03, 0.9, 0.011, 0.5, 0.04))
rows <- list()
for (i in seq_along(fams)) {
  p <- fams[[i]]
  rows[[i]] <- data.frame(id = i, p = p, index = seq_along(p) - 1,
    holm = p.adjust(p, "holm"), bh = p.adjust(p, "BH"),
    call = sprintf("p.adjust(c(%s), method = \"holm\" | \"BH\")", paste(p, collapse = ", ")))
}
write_rows(do.call(rbind, rows), "r_p_adjust.csv", "adjusted p-values, in input order")

# ---------------------------------------------------------------------------------------
# Weighted least-squares slope per year over a run of waves:
#   lm(percent ~ time, weights = 1 / var), var = 10^4 p (1 - p) / n_eff (points^2),
# with p replaced by (p n_eff + 0.5) / (n_eff + 1) for the weight only when p is 0 or 1.
# lm's standard error (se_residual) comes from the residuals; the sampling-only standard
# error is sqrt(1 / sum(w (t - tbar_w)^2)). yoron quotes se = max(se_residual, se_sampling)
# (figures cannot be more precise than their samples; this matters when the waves happen
# to lie almost on a line) and the interval slope +- qt(1 - alpha/2, k - 2) * se, which is
# confint(fit) whenever se_residual >= se_sampling (checked here with stopifnot).
runs <- list(
  list(t = c(2013.5, 2014.5, 2015.5, 2016.6, 2017.6), pct = c(37.3, 52.4, 52.8, 44.6, 48.1),
       n = c(1000, 1003, 1004, 1010, 1002)),
  list(t = c(2019.1, 2019.2, 2019.4, 2019.9), pct = c(61, 64, 58, 55), n = c(1001, 1004, 1002, 1000)),
  list(t = c(2000.0, 2001.0, 2002.5), pct = c(0, 2, 5), n = c(50, 60, 55)),
  list(t = c(2020.8, 2021.8, 2022.8, 2023.8, 2024.8, 2025.8), pct = c(34.9, 37.0, 45.9, 47.4, 52.8, 56.4),
       n = c(1803, 1705, 1650 / 1.2, 1742, 1710, 1680)),
  list(t = c(2001, 2002, 2003, 2004), pct = c(40, 41, 43, 44), n = c(1000, 1000, 1000, 1000)))
rows <- list()
for (i in seq_along(runs)) {
  r <- runs[[i]]
  p <- r$pct / 100
  pw <- ifelse(p == 0 | p == 1, (p * r$n + 0.5) / (r$n + 1), p)
  v <- 1e4 * pw * (1 - pw) / r$n
  w <- 1 / v
  fit <- lm(r$pct ~ r$t, weights = w)
  s <- summary(fit)$coefficients
  tb <- sum(w * r$t) / sum(w)
  se0 <- sqrt(1 / sum(w * (r$t - tb)^2))
  se_used <- max(s[2, 2], se0)
  for (level in levels) {
    ci <- unname(confint(fit, level = level)[2, ])
    used <- s[2, 1] + c(-1, 1) * qt(1 - (1 - level) / 2, fit$df.residual) * se_used
    if (s[2, 2] >= se0) stopifnot(isTRUE(all.equal(used, ci, tolerance = 1e-12)))
    rows[[length(rows) + 1]] <- data.frame(id = i, time = paste(r$t, collapse = ";"),
      percent = paste(r$pct, collapse = ";"), n_eff = paste(f17(r$n), collapse = ";"), level = level,
      slope = s[2, 1], se_residual = s[2, 2], se_sampling = se0, se = se_used, df = fit$df.residual,
      ci_low = used[1], ci_high = used[2], lm_ci_low = ci[1], lm_ci_high = ci[2],
      call = sprintf("fit <- lm(percent ~ time, weights = w), w = 1/(1e4 p (1-p) / n_eff); confint(fit, level = %s); se = max(se_residual, se_sampling); slope + c(-1, 1) * qt(%s, %s) * se",
                     level, 1 - (1 - level) / 2, fit$df.residual))
  }
}
write_rows(do.call(rbind, rows), "r_trend.csv", "weighted least-squares slope, points per year")

# ---------------------------------------------------------------------------------------
writeLines(c(R.version.string,
             paste("platform:", R.version$platform),
             paste("stats package:", as.character(packageVersion("stats"))),
             paste("generated:", format(Sys.Date()))),
           file.path(out_dir, "r_versions.txt"))
