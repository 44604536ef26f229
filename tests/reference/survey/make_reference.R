# Reference values for yoron::weight, from R's survey package.
#
# Run from the repository root:
#   Rscript tests/reference/survey/make_reference.R
# It (1) builds the seeded test datasets poll.csv and lonely.csv, (2) reads them back (so R
# and yoron see the same numbers), (3) writes expected.csv (one value per row, with the R
# call that produced it), raked_weights.csv and versions.txt. designs.csv (how each design is
# declared) and tolerances.csv are written by hand and read by the Rust tests too.
suppressMessages(library(survey))
dir <- "tests/reference/survey"
options(survey.lonely.psu = "fail")

## ---------------------------------------------------------------- datasets
set.seed(20261127)
strata_psus <- c(5, 6, 4, 7, 5, 6, 8, 4)
rows <- list()
for (h in seq_along(strata_psus)) {
  for (j in seq_len(strata_psus[h])) {
    m <- sample(8:30, 1)
    rows[[length(rows) + 1]] <- data.frame(stratum = h, psu = h * 100 + j, psu_in = j, m = m)
  }
}
psus <- do.call(rbind, rows)
d <- psus[rep(seq_len(nrow(psus)), psus$m), c("stratum", "psu", "psu_in")]
n <- nrow(d)
d$id <- seq_len(n)
d$country <- ifelse(d$stratum <= 4, "JP", "KR")
npsu <- tapply(psus$psu, psus$stratum, length)
popmult <- c(3, 5, 4, 8, 6, 3, 5, 7)
d$fpc_n <- (npsu * popmult)[d$stratum]
d$fpc_f <- 1 / popmult[d$stratum]
d$pop_n <- as.vector(table(d$stratum)[as.character(d$stratum)]) * popmult[d$stratum] * 10
psu_effect <- rnorm(max(d$psu))[d$psu]
d$w <- round(exp(rnorm(n, 0, 0.35)) * popmult[d$stratum] * 100, 3)
d$sex <- ifelse(runif(n) < 0.52 + 0.05 * (d$stratum %% 2), "F", "M")
d$agegrp <- sample(c("18-34", "35-54", "55+"), n, TRUE, prob = c(0.28, 0.34, 0.38))
island_psus <- c(102, 305, 503, 707)
d$region <- ifelse(d$psu %in% island_psus & runif(n) < 0.7, "island",
                   ifelse(d$stratum %% 2 == 0, "north", "south"))
lev <- c("agree", "lean_agree", "neutral", "lean_disagree", "disagree")
score <- 0.8 * psu_effect + ifelse(d$country == "JP", 0.4, -0.3) + ifelse(d$sex == "F", 0.2, 0) + rnorm(n)
d$q5 <- lev[cut(score, c(-Inf, -0.9, -0.2, 0.4, 1.1, Inf), labels = FALSE)]
d$q5[d$region == "island" & d$q5 == "disagree"] <- "lean_disagree"   # a domain with a zero proportion
d$qbin <- as.integer(score + rnorm(n, 0, 0.5) > 0.3)
d$m1 <- as.integer(runif(n) < plogis(-0.5 + 0.6 * psu_effect))
d$m2 <- as.integer(runif(n) < ifelse(d$country == "JP", 0.35, 0.55))
d$m3 <- as.integer(runif(n) < 0.12)
d$age <- pmin(90, pmax(18, round(48 + 14 * rnorm(n) + 3 * psu_effect)))
d$hh <- pmin(6, 1 + rpois(n, 1.6))
d$q5_na <- ifelse(runif(n) < 0.06, NA, d$q5)
d <- d[, c("id", "country", "stratum", "psu", "psu_in", "fpc_n", "fpc_f", "pop_n", "w", "sex",
           "agegrp", "region", "q5", "qbin", "m1", "m2", "m3", "age", "hh", "q5_na")]
write.csv(d, file.path(dir, "poll.csv"), row.names = FALSE)

# A design with lonely PSUs: stratum 3 has one PSU, stratum 5 one PSU in a certainty stratum.
set.seed(7)
lp <- data.frame(stratum = c(rep(1, 3), rep(2, 4), 3, rep(4, 3), 5), psu = 1:12)
lp$m <- sample(10:25, nrow(lp), TRUE)
l <- lp[rep(seq_len(nrow(lp)), lp$m), c("stratum", "psu")]
l$w <- round(runif(nrow(l), 1, 4), 2)
l$g <- ifelse(runif(nrow(l)) < 0.5, "a", "b")
l$q <- sample(c("x", "y", "z"), nrow(l), TRUE)
l$x <- round(rnorm(nrow(l), 10, 3), 1)
l$popn <- c(6, 9, 5, 7, 1)[l$stratum]
write.csv(l, file.path(dir, "lonely.csv"), row.names = FALSE)

## ---------------------------------------------------------------- designs
d <- read.csv(file.path(dir, "poll.csv"), stringsAsFactors = FALSE)
l <- read.csv(file.path(dir, "lonely.csv"), stringsAsFactors = FALSE)
# Categories as factors with every level of the whole file, so that a domain without a
# level gets a proportion of 0 for it (as yoron does), not a shorter result.
for (v in c("country", "sex", "agegrp", "region", "q5", "q5_na")) d[[v]] <- factor(d[[v]])
l$q <- factor(l$q)
margins <- read.csv(file.path(dir, "margins_totals.csv"), stringsAsFactors = FALSE)
pop_sex <- data.frame(sex = margins$level[margins$variable == "sex"],
                      Freq = margins$total[margins$variable == "sex"])
pop_age <- data.frame(agegrp = margins$level[margins$variable == "agegrp"],
                      Freq = margins$total[margins$variable == "agegrp"])
shares <- read.csv(file.path(dir, "margins_shares.csv"), stringsAsFactors = FALSE)
tight <- list(maxit = 1000, epsilon = 1e-14)

mk <- list(
  weights = quote(svydesign(ids = ~1, weights = ~w, data = d)),
  strata = quote(svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = d)),
  strata_fpc = quote(svydesign(ids = ~1, strata = ~stratum, weights = ~w, fpc = ~pop_n, data = d)),
  cluster = quote(svydesign(ids = ~psu, weights = ~w, data = d)),
  strat_clus = quote(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)),
  strat_clus_fpc = quote(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_n, data = d)),
  strat_clus_fpcfrac = quote(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_f, data = d)),
  nested = quote(svydesign(ids = ~psu_in, strata = ~stratum, weights = ~w, nest = TRUE, data = d)),
  raked = quote(rake(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d),
                     list(~sex, ~agegrp), list(pop_sex, pop_age), control = tight)),
  raked_fpc = quote(rake(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_n, data = d),
                         list(~sex, ~agegrp), list(pop_sex, pop_age), control = tight)),
  raked_srs = quote(rake(svydesign(ids = ~1, weights = ~w, data = d),
                         list(~sex, ~agegrp), list(pop_sex, pop_age), control = tight)),
  raked_shares = quote({
    base <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
    tot <- sum(weights(base))
    rake(base, list(~agegrp, ~sex),
         list(data.frame(agegrp = shares$level[shares$variable == "agegrp"],
                         Freq = shares$share[shares$variable == "agegrp"] * tot),
              data.frame(sex = shares$level[shares$variable == "sex"],
                         Freq = shares$share[shares$variable == "sex"] * tot)),
         control = tight)
  })
)
lonely_mk <- function(policy) {
  bquote({
    options(survey.lonely.psu = .(policy))
    svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~popn, data = l)
  })
}
for (p in c("adjust", "average", "certainty", "remove")) mk[[paste0("lonely_", p)]] <- lonely_mk(p)

## ---------------------------------------------------------------- output helpers
out <- list()
emit <- function(design, kind, var, by, group, category, quantity, value, call, method = "", conf = 0.95) {
  value <- unname(as.numeric(value))
  if (length(value) != 1) stop("no value for ", design, " ", kind, " ", var, " ", by, " ", group, " ", category, " ", quantity, " ", method)
  out[[length(out) + 1]] <<- data.frame(
    design = design, kind = kind, var = var, by = by, group = group, category = category,
    quantity = quantity, method = method, conf = conf,
    value = ifelse(is.na(value) | !is.finite(value), "NA", sprintf("%.17g", value)),
    call = call, stringsAsFactors = FALSE)
}
dcall <- function(name) paste(deparse(mk[[name]], width.cutoff = 500), collapse = " ")
deparse1l <- function(e) paste(deparse(e, width.cutoff = 500), collapse = " ")
methods <- c("logit", "likelihood", "asin", "beta", "mean", "xlogit")

# svyciprop() itself for every method, except that for "logit" and "likelihood" (which fit
# svyglm(y ~ 1, family = quasibinomial)) the glm is fitted to convergence: with glm's
# default tolerance (1e-8 on the deviance) the intercept of some raked domains is up to
# 1e-7 from the maximum, so svyciprop's own interval ends move in the 8th digit. The code is
# svyciprop's (survey 4.1.1), with control = glm.control(epsilon = 1e-14, maxit = 100) and a
# refit started at the converged intercept.
svyciprop_converged <- function(formula, design, method, level = 0.95, df = degf(design)) {
  if (!(method %in% c("logit", "likelihood"))) {
    return(attr(svyciprop(formula, design, method = method, level = level, df = df), "ci"))
  }
  m <- eval(bquote(svyglm(.(formula[[2]]) ~ 1, design, family = quasibinomial,
                          control = glm.control(epsilon = 1e-14, maxit = 100))))
  # Refit from the converged intercept, so that the IRLS weights behind naive.cov (taken
  # from the iteration before the last) are those of the maximum too.
  m <- eval(bquote(svyglm(.(formula[[2]]) ~ 1, design, family = quasibinomial, start = .(unname(coef(m))),
                          control = glm.control(epsilon = 1e-14, maxit = 100))))
  cimethod <- switch(method, logit = "Wald", likelihood = "likelihood")
  suppressMessages(as.numeric(survey:::expit(confint(m, 1, level = level, method = cimethod, ddf = df))))
}

run_design <- function(name) {
  options(survey.lonely.psu = "fail")
  des <- eval(mk[[name]])
  is_lonely <- grepl("^lonely_", name)
  dfull <- degf(des)
  emit(name, "design", "", "", "", "", "df", dfull, "degf(des)")
  if (is_lonely) {
    run_lonely(name, des)
    return(invisible())
  }
  cl <- function(expr) deparse1l(expr)

  ## proportions of q5, overall
  for (dt in list(list("replace", "deff"), list(TRUE, "deff_wor"))) {
    e <- bquote(svymean(~q5, des, deff = .(dt[[1]])))
    m <- eval(e)
    lv <- sub("^q5", "", names(coef(m)))
    for (i in seq_along(lv)) {
      if (dt[[2]] == "deff") {
        emit(name, "prop", "q5", "", "", lv[i], "estimate", coef(m)[i], cl(e))
        emit(name, "prop", "q5", "", "", lv[i], "se", SE(m)[i], cl(e))
      }
      emit(name, "prop", "q5", "", "", lv[i], dt[[2]], deff(m)[i], cl(e))
    }
  }
  ## svyciprop for every level and method (and qbin)
  for (lvl in sort(unique(d$q5))) {
    for (meth in methods) {
      e <- bquote(svyciprop_converged(~I(q5 == .(lvl)), des, method = .(meth)))
      ci <- eval(e)
      emit(name, "prop", "q5", "", "", lvl, "ci_low", ci[1], cl(e), meth)
      emit(name, "prop", "q5", "", "", lvl, "ci_high", ci[2], cl(e), meth)
    }
  }
  if (name %in% c("strat_clus", "raked")) {
    for (meth in methods) {
      e <- bquote(svyciprop_converged(~I(q5 == "agree"), des, method = .(meth), level = 0.9))
      ci <- eval(e)
      emit(name, "prop", "q5", "", "", "agree", "ci_low", ci[1], cl(e), meth, 0.9)
      emit(name, "prop", "q5", "", "", "agree", "ci_high", ci[2], cl(e), meth, 0.9)
    }
  }
  ## domains: country (strata nested) and region (crosses PSUs, a zero proportion)
  for (by in c("country", "region")) {
    fb <- as.formula(paste0("~", by))
    for (dt in list(list("replace", "deff"), list(TRUE, "deff_wor"))) {
      e <- bquote(svyby(~q5, .(fb), des, svymean, deff = .(dt[[1]])))
      b <- eval(e)
      for (g in rownames(b)) {
        for (lvl in sort(unique(d$q5))) {
          col <- paste0("q5", lvl)
          if (dt[[2]] == "deff") {
            emit(name, "prop", "q5", by, g, lvl, "estimate", b[g, col], cl(e))
            emit(name, "prop", "q5", by, g, lvl, "se", b[g, paste0("se.", col)], cl(e))
          }
          emit(name, "prop", "q5", by, g, lvl, dt[[2]], b[g, paste0("DEff.", col)], cl(e))
        }
      }
    }
    for (g in sort(unique(d[[by]]))) {
      e <- bquote(degf(subset(des, .(as.name(by)) == .(g))))
      emit(name, "prop", "q5", by, g, "", "df", eval(e), cl(e))
    }
    lvls <- if (by == "region") c("agree", "disagree") else c("agree", "neutral")
    for (lvl in lvls) for (meth in methods) {
      # One domain at a time: R stops for some methods where p = 0 (yoron: no interval).
      for (g in sort(unique(as.character(d[[by]])))) {
        e <- bquote(svyciprop_converged(~I(q5 == .(lvl)), subset(des, .(as.name(by)) == .(g)), method = .(meth)))
        ci <- tryCatch(eval(e), error = function(err) c(NA, NA))
        emit(name, "prop", "q5", by, g, lvl, "ci_low", ci[1], cl(e), meth)
        emit(name, "prop", "q5", by, g, lvl, "ci_high", ci[2], cl(e), meth)
      }
    }
  }
  ## contrasts: JP - KR (and F - M, which cross PSUs) as the coefficient of svyglm(y ~ group)
  for (ct in list(c("country", "JP", "KR"), c("sex", "F", "M"))) {
    for (lvl in sort(unique(d$q5))) {
      e <- bquote(svyglm(I(q5 == .(lvl)) ~ .(as.name(ct[1])), des))
      g <- eval(e)
      emit(name, "contrast", "q5", ct[1], paste0(ct[2], "-", ct[3]), lvl, "estimate", -coef(g)[2], cl(e))
      emit(name, "contrast", "q5", ct[1], paste0(ct[2], "-", ct[3]), lvl, "se", SE(g)[2], cl(e))
    }
    e <- bquote(svyglm(age ~ .(as.name(ct[1])), des))
    g <- eval(e)
    emit(name, "contrast_mean", "age", ct[1], paste0(ct[2], "-", ct[3]), "", "estimate", -coef(g)[2], cl(e))
    emit(name, "contrast_mean", "age", ct[1], paste0(ct[2], "-", ct[3]), "", "se", SE(g)[2], cl(e))
    f <- as.formula(sprintf("~I(hh * (%s == '%s')) + I(hh * (%s == '%s'))", ct[1], ct[2], ct[1], ct[3]))
    e <- bquote(svycontrast(svytotal(.(f), des), c(1, -1)))
    g <- eval(e)
    emit(name, "contrast_total", "hh", ct[1], paste0(ct[2], "-", ct[3]), "", "estimate", coef(g), cl(e))
    emit(name, "contrast_total", "hh", ct[1], paste0(ct[2], "-", ct[3]), "", "se", SE(g), cl(e))
  }
  ## means and totals, overall and by country
  for (st in list(list("mean", quote(svymean)), list("total", quote(svytotal)))) {
    var <- if (st[[1]] == "mean") "age" else "hh"
    fv <- as.formula(paste0("~", var))
    for (dt in list(list("replace", "deff"), list(TRUE, "deff_wor"))) {
      e <- bquote(.(st[[2]])(.(fv), des, deff = .(dt[[1]])))
      m <- eval(e)
      if (dt[[2]] == "deff") {
        emit(name, st[[1]], var, "", "", "", "estimate", coef(m), cl(e))
        emit(name, st[[1]], var, "", "", "", "se", SE(m), cl(e))
        ci <- confint(m, df = dfull)
        emit(name, st[[1]], var, "", "", "", "ci_low", ci[1], paste0("confint(", deparse1l(e), ", df = degf(des))"))
        emit(name, st[[1]], var, "", "", "", "ci_high", ci[2], paste0("confint(", deparse1l(e), ", df = degf(des))"))
      }
      emit(name, st[[1]], var, "", "", "", dt[[2]], deff(m), cl(e))
      e <- bquote(svyby(.(fv), ~country, des, .(st[[2]]), deff = .(dt[[1]])))
      b <- eval(e)
      for (g in rownames(b)) {
        if (dt[[2]] == "deff") {
          emit(name, st[[1]], var, "country", g, "", "estimate", b[g, var], cl(e))
          emit(name, st[[1]], var, "country", g, "", "se", b[g, "se"], cl(e))
        }
        emit(name, st[[1]], var, "country", g, "", dt[[2]], b[g, paste0("DEff.", var)], cl(e))
      }
    }
  }
  ## multiple response: 0/1 indicators
  e <- quote(svymean(~m1 + m2 + m3, des, deff = "replace"))
  m <- eval(e)
  for (v in c("m1", "m2", "m3")) {
    emit(name, "ind", v, "", "", "1", "estimate", coef(m)[v], cl(e))
    emit(name, "ind", v, "", "", "1", "se", SE(m)[v], cl(e))
    emit(name, "ind", v, "", "", "1", "deff", deff(m)[v], cl(e))
    for (meth in c("logit", "beta")) {
      e2 <- bquote(svyciprop_converged(~.(as.name(v)), des, method = .(meth)))
      ci <- eval(e2)
      emit(name, "ind", v, "", "", "1", "ci_low", ci[1], cl(e2), meth)
      emit(name, "ind", v, "", "", "1", "ci_high", ci[2], cl(e2), meth)
    }
  }
  ## missing answers left out (na.rm = TRUE)
  e <- quote(svymean(~q5_na, des, na.rm = TRUE, deff = "replace"))
  m <- eval(e)
  lv <- sub("^q5_na", "", names(coef(m)))
  for (i in seq_along(lv)) {
    emit(name, "prop_na", "q5_na", "", "", lv[i], "estimate", coef(m)[i], cl(e))
    emit(name, "prop_na", "q5_na", "", "", lv[i], "se", SE(m)[i], cl(e))
    emit(name, "prop_na", "q5_na", "", "", lv[i], "deff", deff(m)[i], cl(e))
  }
  e <- quote(svyby(~q5_na, ~country, des, svymean, na.rm = TRUE))
  b <- eval(e)
  for (g in rownames(b)) for (lvl in lv) {
    col <- paste0("q5_na", lvl)
    emit(name, "prop_na", "q5_na", "country", g, lvl, "estimate", b[g, col], cl(e))
    emit(name, "prop_na", "q5_na", "country", g, lvl, "se", b[g, paste0("se.", col)], cl(e))
  }
  ## Kish's weighting design effect (a formula, for completeness)
  w <- weights(des)
  emit(name, "kish", "", "", "", "", "kish_deff", length(w) * sum(w^2) / sum(w)^2,
       "length(w) * sum(w^2) / sum(w)^2  # w = weights(design)")
  ## Wilson on n_eff = n / deff(replace), t quantile on the design df (yoron's definition)
  m <- svymean(~I(q5 == "agree"), des, deff = "replace")
  p <- coef(m)[2]; neff <- nrow(d) / deff(m)[2]; z <- qt(0.975, dfull)
  centre <- (p + z^2 / (2 * neff)) / (1 + z^2 / neff)
  half <- z * sqrt(p * (1 - p) / neff + z^2 / (4 * neff^2)) / (1 + z^2 / neff)
  wcall <- "Wilson score interval on n / deff(svymean(~I(q5 == 'agree'), des, deff = 'replace')) with qt(0.975, degf(des))"
  emit(name, "prop", "q5", "", "", "agree", "ci_low", centre - half, wcall, "wilson")
  emit(name, "prop", "q5", "", "", "agree", "ci_high", centre + half, wcall, "wilson")
  ## Rao-Scott tests
  for (f in list(~q5 + sex, ~q5 + country, ~agegrp + region, ~sex + country)) {
    for (st in c("F", "Chisq")) {
      e <- bquote(svychisq(.(f), des, statistic = .(st)))
      t <- eval(e)
      v <- paste(all.vars(f), collapse = "+")
      emit(name, "chisq", v, "", "", st, "statistic", t$statistic, cl(e))
      if (st == "F") {
        emit(name, "chisq", v, "", "", st, "ndf", t$parameter[1], cl(e))
        emit(name, "chisq", v, "", "", st, "ddf", t$parameter[2], cl(e))
      } else {
        emit(name, "chisq", v, "", "", st, "df", t$parameter[1], cl(e))
      }
      emit(name, "chisq", v, "", "", st, "p", t$p.value, cl(e))
    }
  }
  if (inherits(des$postStrata, "list") && length(des$postStrata)) {
    raked_weights[[name]] <<- data.frame(design = name, id = d$id,
                                         weight = sprintf("%.17g", weights(des)))
  }
}

run_lonely <- function(name, des) {
  cl <- function(expr) deparse1l(expr)
  for (e in list(quote(svymean(~q, des)), quote(svytotal(~x, des)), quote(svymean(~x, des)))) {
    m <- eval(e)
    var <- all.vars(e[[2]])
    kind <- if (as.character(e[[1]]) == "svytotal") "total" else if (var == "q") "prop" else "mean"
    lv <- if (var == "q") sub("^q", "", names(coef(m))) else rep("", length(coef(m)))
    for (i in seq_along(lv)) {
      emit(name, kind, var, "", "", lv[i], "estimate", coef(m)[i], cl(e))
      emit(name, kind, var, "", "", lv[i], "se", SE(m)[i], cl(e))
    }
  }
  e <- quote(svyby(~q, ~g, des, svymean))
  b <- eval(e)
  for (g in rownames(b)) for (lvl in c("x", "y", "z")) {
    emit(name, "prop", "q", "g", g, lvl, "estimate", b[g, paste0("q", lvl)], cl(e))
    emit(name, "prop", "q", "g", g, lvl, "se", b[g, paste0("se.q", lvl)], cl(e))
  }
}

raked_weights <- list()
for (name in names(mk)) run_design(name)
options(survey.lonely.psu = "fail")

res <- do.call(rbind, out)
write.csv(res, file.path(dir, "expected.csv"), row.names = FALSE)
write.csv(do.call(rbind, raked_weights), file.path(dir, "raked_weights.csv"), row.names = FALSE)
write.csv(data.frame(design = names(mk), r_call = sapply(names(mk), dcall)),
          file.path(dir, "r_designs.csv"), row.names = FALSE)
writeLines(c(R.version.string, paste("survey", packageVersion("survey")),
             paste("Matrix", packageVersion("Matrix")), paste("generated", format(Sys.Date()))),
           file.path(dir, "versions.txt"))
cat("wrote", nrow(res), "reference values\n")
