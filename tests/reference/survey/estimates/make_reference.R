# Reference values for yoron's ratios, quantiles, per-category totals and svyciprop with
# na.rm = TRUE, from R's survey package.
#
# Run from the repository root:
#   Rscript tests/reference/survey/estimates/make_reference.R
# It writes api_strat.csv and api_clus1.csv (R's own `api` data, the columns used), reads
# them and ../poll.csv back (so that R and yoron see the same numbers), and writes
# expected.csv (one value per row, with the R call that produced it) and versions.txt.
# designs.csv (how each design is declared) and tolerances.csv are written by hand and read
# by tests/weight/estimates.rs.
suppressMessages(library(survey))
dir <- "tests/reference/survey/estimates"
options(survey.lonely.psu = "fail")

## ---------------------------------------------------------------- data
data(api)
keep <- c("snum", "dnum", "stype", "awards", "pw", "fpc", "api00", "api99", "enroll", "api.stu", "meals")
for (nm in c("apistrat", "apiclus1")) {
  x <- get(nm)[, keep]
  names(x)[names(x) == "api.stu"] <- "api_stu"
  x$stype <- as.character(x$stype)
  x$awards <- as.character(x$awards)
  write.csv(x, file.path(dir, paste0(sub("api", "api_", nm), ".csv")), row.names = FALSE)
}
strat <- read.csv(file.path(dir, "api_strat.csv"), stringsAsFactors = FALSE)
clus1 <- read.csv(file.path(dir, "api_clus1.csv"), stringsAsFactors = FALSE)
d <- read.csv("tests/reference/survey/poll.csv", stringsAsFactors = FALSE)
for (v in c("country", "sex", "agegrp", "region", "q5", "q5_na")) d[[v]] <- factor(d[[v]])
margins <- read.csv("tests/reference/survey/margins_totals.csv", stringsAsFactors = FALSE)
pop_sex <- data.frame(sex = margins$level[margins$variable == "sex"],
                      Freq = margins$total[margins$variable == "sex"])
pop_age <- data.frame(agegrp = margins$level[margins$variable == "agegrp"],
                      Freq = margins$total[margins$variable == "agegrp"])
tight <- list(maxit = 1000, epsilon = 1e-14)

mk <- list(
  api_strat = quote(svydesign(ids = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat)),
  api_clus1 = quote(svydesign(ids = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1)),
  poll_strat_clus_fpc = quote(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_n, data = d)),
  poll_raked = quote(rake(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d),
                          list(~sex, ~agegrp), list(pop_sex, pop_age), control = tight))
)
# What each design is asked: ratio (num, den), quantile variable, categorical variable, domain.
ask <- list(
  api_strat = list(num = "api00", den = "api99", q = "api00", cat = "awards", by = "stype"),
  api_clus1 = list(num = "api_stu", den = "enroll", q = "enroll", cat = "stype", by = "stype"),
  poll_strat_clus_fpc = list(num = "hh", den = "age", q = "age", cat = "q5", by = "country"),
  poll_raked = list(num = "hh", den = "age", q = "age", cat = "q5", by = "country")
)

## ---------------------------------------------------------------- output helpers
out <- list()
emit <- function(design, kind, var, by, group, category, quantity, value, call, method = "", conf = 0.95) {
  value <- unname(as.numeric(value))
  if (length(value) != 1) stop("no value for ", design, " ", kind, " ", var, " ", group, " ", category, " ", quantity)
  out[[length(out) + 1]] <<- data.frame(
    design = design, kind = kind, var = var, by = by, group = group, category = category,
    quantity = quantity, method = method, conf = conf,
    value = ifelse(is.na(value) | !is.finite(value), "NA", sprintf("%.17g", value)),
    call = call, stringsAsFactors = FALSE)
}
cl <- function(e) paste(deparse(e, width.cutoff = 500), collapse = " ")
# The design's data restricted to a domain, as svyby forms it (design[by == g, ]).
sub_design <- function(des, by, g) des[des$variables[[by]] == g, ]
# svyciprop's likelihood interval with the glm fitted to convergence (see
# ../make_reference.R: glm's default tolerance moves the interval in the 8th digit); the code
# is svyciprop's (survey 4.1.1) otherwise, and svyglm omits the missing answers itself.
svyciprop_converged <- function(formula, design, method, level = 0.95, df = degf(design)) {
  m <- eval(bquote(svyglm(.(formula[[2]]) ~ 1, design, family = quasibinomial,
                          control = glm.control(epsilon = 1e-14, maxit = 100))))
  m <- eval(bquote(svyglm(.(formula[[2]]) ~ 1, design, family = quasibinomial, start = .(unname(coef(m))),
                          control = glm.control(epsilon = 1e-14, maxit = 100))))
  cimethod <- switch(method, logit = "Wald", likelihood = "likelihood")
  suppressMessages(as.numeric(survey:::expit(confint(m, 1, level = level, method = cimethod, ddf = df))))
}

run_design <- function(name) {
  des <- eval(mk[[name]])
  a <- ask[[name]]
  emit(name, "design", "", "", "", "", "df", degf(des), "degf(des)")
  fnum <- as.formula(paste0("~", a$num)); fden <- as.formula(paste0("~", a$den))
  fq <- as.formula(paste0("~", a$q)); fcat <- as.formula(paste0("~factor(", a$cat, ")"))
  fby <- as.formula(paste0("~", a$by))
  rv <- paste0(a$num, "/", a$den)

  ## ratio, overall and by domain
  e <- bquote(svyratio(.(fnum), .(fden), des))
  r <- eval(e)
  ci <- confint(r, df = degf(des))
  emit(name, "ratio", rv, "", "", "", "estimate", coef(r), cl(e))
  emit(name, "ratio", rv, "", "", "", "se", SE(r), cl(e))
  emit(name, "ratio", rv, "", "", "", "ci_low", ci[1], paste0("confint(", cl(e), ", df = degf(des))"))
  emit(name, "ratio", rv, "", "", "", "ci_high", ci[2], paste0("confint(", cl(e), ", df = degf(des))"))
  e <- bquote(svyby(.(fnum), .(fby), des, svyratio, denominator = .(fden)))
  b <- eval(e)
  for (g in rownames(b)) {
    sd <- sub_design(des, a$by, g)
    df <- degf(sd)
    est <- b[g, rv]; se <- b[g, paste0("se.", rv)]
    emit(name, "ratio", rv, a$by, g, "", "estimate", est, cl(e))
    emit(name, "ratio", rv, a$by, g, "", "se", se, cl(e))
    emit(name, "ratio", rv, a$by, g, "", "df", df, sprintf("degf(des[des$variables$%s == \"%s\", ])", a$by, g))
    emit(name, "ratio", rv, a$by, g, "", "ci_low", est - qt(0.975, df) * se, "coef - qt(0.975, degf(domain)) * SE")
    emit(name, "ratio", rv, a$by, g, "", "ci_high", est + qt(0.975, df) * se, "coef + qt(0.975, degf(domain)) * SE")
  }

  # The contrast of the first two domains, linearised by hand: the difference of the two
  # domains' influence values, whose svytotal() SE is svyrecvar's (with the raking's
  # residualisation on a raked design), as yoron computes a contrast. (svyby(covmat = TRUE)
  # in survey 4.1.1 treats linearisation domains as uncorrelated; see ../make_reference.R.)
  gs <- rownames(b)[1:2]
  v <- des$variables; w <- weights(des)
  ia <- as.numeric(v[[a$by]] == gs[1]); ib <- as.numeric(v[[a$by]] == gs[2])
  num <- v[[a$num]]; den <- v[[a$den]]
  xa <- sum(w * den * ia); xb <- sum(w * den * ib)
  ra <- sum(w * num * ia) / xa; rb <- sum(w * num * ib) / xb
  des2 <- update(des, .lin = ia * (num - ra * den) / xa - ib * (num - rb * den) / xb)
  e <- quote(SE(svytotal(~.lin, des2)))
  se <- eval(e)
  call <- sprintf("%s with .lin = the difference of the two domains' svyratio influence values", cl(e))
  grp <- paste0(gs[1], "-", gs[2])
  emit(name, "ratio_contrast", rv, a$by, grp, "", "estimate", ra - rb, "coef(r)[1] - coef(r)[2] of svyby(..., svyratio)")
  emit(name, "ratio_contrast", rv, a$by, grp, "", "se", se, call)
  emit(name, "ratio_contrast", rv, a$by, grp, "", "ci_low", ra - rb - qt(0.975, degf(des)) * se, "estimate - qt(0.975, degf(des)) * se")
  emit(name, "ratio_contrast", rv, a$by, grp, "", "ci_high", ra - rb + qt(0.975, degf(des)) * se, "estimate + qt(0.975, degf(des)) * se")

  ## quantiles: R's default interval (Woodruff, interval.type = "mean"), its variants, score
  ps <- c(0.25, 0.5, 0.75)
  # "score" is Francisco and Fuller's (ffullerCI: uniroot on the score test), not Woodruff's.
  for (it in c("mean", "beta", "xlogit", "asin", "score")) {
    for (g in c("", if (name != "api_clus1") unique(sort(as.character(des$variables[[a$by]]))))) {
      sd <- if (g == "") des else sub_design(des, a$by, g)
      e <- bquote(svyquantile(.(fq), sd, quantiles = .(ps), ci = TRUE, interval.type = .(it)))
      call <- if (g == "") sub("sd", "des", cl(e)) else sub("sd", sprintf("des[des$variables$%s == \"%s\", ]", a$by, g), cl(e))
      q <- eval(e)[[1]]
      for (i in seq_along(ps)) {
        cat_p <- format(ps[i])
        by <- if (g == "") "" else a$by
        emit(name, "quantile", a$q, by, g, cat_p, "estimate", q[i, 1], call, it)
        emit(name, "quantile", a$q, by, g, cat_p, "ci_low", q[i, 2], call, it)
        emit(name, "quantile", a$q, by, g, cat_p, "ci_high", q[i, 3], call, it)
        emit(name, "quantile", a$q, by, g, cat_p, "se", q[i, 4], call, it)
      }
    }
  }
  # level 0.9 (alpha = 0.1) for the default
  e <- bquote(svyquantile(.(fq), des, quantiles = 0.5, ci = TRUE, alpha = 0.1))
  q <- eval(e)[[1]]
  emit(name, "quantile", a$q, "", "", "0.5", "ci_low", q[1, 2], cl(e), "mean", 0.9)
  emit(name, "quantile", a$q, "", "", "0.5", "ci_high", q[1, 3], cl(e), "mean", 0.9)
  emit(name, "quantile", a$q, "", "", "0.5", "se", q[1, 4], cl(e), "mean", 0.9)

  ## totals of each category, overall and by domain
  e <- bquote(svytotal(.(fcat), des, deff = "replace"))
  t <- eval(e)
  lv <- sub(paste0("^factor\\(", a$cat, "\\)"), "", names(coef(t)))
  ci <- confint(t, df = degf(des))
  for (i in seq_along(lv)) {
    emit(name, "cat_total", a$cat, "", "", lv[i], "estimate", coef(t)[i], cl(e))
    emit(name, "cat_total", a$cat, "", "", lv[i], "se", SE(t)[i], cl(e))
    emit(name, "cat_total", a$cat, "", "", lv[i], "deff", deff(t)[i], cl(e))
    emit(name, "cat_total", a$cat, "", "", lv[i], "ci_low", ci[i, 1], paste0("confint(", cl(e), ", df = degf(des))"))
    emit(name, "cat_total", a$cat, "", "", lv[i], "ci_high", ci[i, 2], paste0("confint(", cl(e), ", df = degf(des))"))
  }
  if (name != "api_clus1") {
    e <- bquote(svyby(.(fcat), .(fby), des, svytotal))
    b <- eval(e)
    for (g in rownames(b)) {
      for (l in lv) {
        col <- paste0("factor(", a$cat, ")", l)
        emit(name, "cat_total", a$cat, a$by, g, l, "estimate", b[g, col], cl(e))
        emit(name, "cat_total", a$cat, a$by, g, l, "se", b[g, paste0("se.", col)], cl(e))
      }
    }
  }

  # The contrast of each category's total between the first two domains.
  if (name != "api_clus1") {
    gs <- rownames(b)[1:2]
    v <- des$variables
    ia <- as.numeric(v[[a$by]] == gs[1]); ib <- as.numeric(v[[a$by]] == gs[2])
    for (l in lv) {
      des2 <- update(des, .lin = (as.character(v[[a$cat]]) == l) * (ia - ib))
      e <- quote(svytotal(~.lin, des2))
      t2 <- eval(e)
      call <- sprintf("%s with .lin = (%s == \"%s\") * ((%s == \"%s\") - (%s == \"%s\"))", cl(e), a$cat, l, a$by, gs[1], a$by, gs[2])
      grp <- paste0(gs[1], "-", gs[2])
      emit(name, "cat_total_contrast", a$cat, a$by, grp, l, "estimate", coef(t2), call)
      emit(name, "cat_total_contrast", a$cat, a$by, grp, l, "se", SE(t2), call)
    }
  }

  ## svyciprop with missing answers (na.rm = TRUE): beta and likelihood
  if (startsWith(name, "poll")) {
    for (lvl in c("agree", "neutral")) {
      e <- bquote(svyciprop(~I(q5_na == .(lvl)), des, method = "beta", na.rm = TRUE))
      ci <- attr(eval(e), "ci")
      emit(name, "prop_na", "q5_na", "", "", lvl, "ci_low", ci[1], cl(e), "beta")
      emit(name, "prop_na", "q5_na", "", "", lvl, "ci_high", ci[2], cl(e), "beta")
      e <- bquote(svyciprop_converged(~I(q5_na == .(lvl)), des, method = "likelihood"))
      ci <- eval(e)
      emit(name, "prop_na", "q5_na", "", "", lvl, "ci_low", ci[1], cl(e), "likelihood")
      emit(name, "prop_na", "q5_na", "", "", lvl, "ci_high", ci[2], cl(e), "likelihood")
      for (g in c("JP", "KR")) {
        sd <- sub_design(des, "country", g)
        e <- bquote(svyciprop(~I(q5_na == .(lvl)), sd, method = "beta", na.rm = TRUE))
        call <- sub("sd", sprintf("des[des$variables$country == \"%s\", ]", g), cl(e))
        ci <- attr(eval(e), "ci")
        emit(name, "prop_na", "q5_na", "country", g, lvl, "ci_low", ci[1], call, "beta")
        emit(name, "prop_na", "q5_na", "country", g, lvl, "ci_high", ci[2], call, "beta")
        e <- bquote(svyciprop_converged(~I(q5_na == .(lvl)), sd, method = "likelihood"))
        call <- sub("sd", sprintf("des[des$variables$country == \"%s\", ]", g), cl(e))
        ci <- eval(e)
        emit(name, "prop_na", "q5_na", "country", g, lvl, "ci_low", ci[1], call, "likelihood")
        emit(name, "prop_na", "q5_na", "country", g, lvl, "ci_high", ci[2], call, "likelihood")
      }
    }
  }
}

# A replicate-weight design (yoron builds the same one with design.to_replicate): ratios
# are the ratios of each replicate's totals (svyratio.svyrep.design), totals of each
# category the replicates' totals.
rep_mk <- list(api_strat_jkn = quote(as.svrepdesign(eval(mk$api_strat), type = "JKn")))
run_replicate <- function(name) {
  des <- eval(rep_mk[[name]])
  a <- ask$api_strat
  df <- degf(des)
  emit(name, "design", "", "", "", "", "df", df, "degf(des)")
  rv <- paste0(a$num, "/", a$den)
  e <- bquote(svyratio(.(as.formula(paste0("~", a$num))), .(as.formula(paste0("~", a$den))), des))
  r <- eval(e)
  ci <- confint(r, df = df)
  emit(name, "ratio", rv, "", "", "", "estimate", coef(r), cl(e))
  emit(name, "ratio", rv, "", "", "", "se", SE(r), cl(e))
  emit(name, "ratio", rv, "", "", "", "ci_low", ci[1], paste0("confint(", cl(e), ", df = degf(des))"))
  emit(name, "ratio", rv, "", "", "", "ci_high", ci[2], paste0("confint(", cl(e), ", df = degf(des))"))
  e <- bquote(svyby(.(as.formula(paste0("~", a$num))), ~stype, des, svyratio, denominator = .(as.formula(paste0("~", a$den)))))
  b <- eval(e)
  for (g in rownames(b)) {
    emit(name, "ratio", rv, "stype", g, "", "estimate", b[g, rv], cl(e))
    emit(name, "ratio", rv, "stype", g, "", "se", b[g, paste0("se.", rv)], cl(e))
    emit(name, "ratio", rv, "stype", g, "", "df", df, "degf(des) (a replicate design's domains keep its df)")
  }
  e <- bquote(svytotal(~factor(awards), des))
  t <- eval(e)
  ci <- confint(t, df = df)
  lv <- sub("^factor\\(awards\\)", "", names(coef(t)))
  for (i in seq_along(lv)) {
    emit(name, "cat_total", "awards", "", "", lv[i], "estimate", coef(t)[i], cl(e))
    emit(name, "cat_total", "awards", "", "", lv[i], "se", SE(t)[i], cl(e))
    emit(name, "cat_total", "awards", "", "", lv[i], "ci_low", ci[i, 1], paste0("confint(", cl(e), ", df = degf(des))"))
    emit(name, "cat_total", "awards", "", "", lv[i], "ci_high", ci[i, 2], paste0("confint(", cl(e), ", df = degf(des))"))
  }
}

for (name in names(mk)) run_design(name)
for (name in names(rep_mk)) run_replicate(name)
res <- do.call(rbind, out)
write.csv(res, file.path(dir, "expected.csv"), row.names = FALSE)
writeLines(c(R.version.string,
             paste("survey", packageVersion("survey")),
             paste("Matrix", packageVersion("Matrix")),
             paste("generated", Sys.Date())),
           file.path(dir, "versions.txt"))
