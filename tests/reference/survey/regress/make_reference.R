# Reference values for yoron::weight::regress (survey-weighted GLMs), from R's survey package.
#
# Run from the repository root:
#   Rscript tests/reference/survey/regress/make_reference.R
# It (1) exports R's own `api` data (apistrat, apiclus1, apiclus2; data(api) in survey) to CSV
# so that R and yoron read the same numbers, (2) fits every case with svyglm() and writes
# expected.csv (one row per coefficient: summary() and confint()), tests.csv (regTermTest())
# and versions.txt. poll.csv and margins_totals.csv are the seeded datasets of the parent
# folder (tests/reference/survey/make_reference.R).
#
# Every fit uses glm.control(epsilon = 1e-14, maxit = 100): R's default epsilon (1e-8, on the
# relative change in deviance) stops IRLS up to ~1e-5 (relative) short of the converged
# coefficients on some fits; yoron iterates to convergence, so the references must too. Each
# fit is then run again from its own coefficients (start = coef(fit0)) so that the working
# weights behind vcov() are those at the solution, not at the previous iterate.
suppressMessages(library(survey))
dir <- "tests/reference/survey/regress"
parent <- "tests/reference/survey"
options(survey.lonely.psu = "fail")
tight <- glm.control(epsilon = 1e-14, maxit = 100)

data(api)
keep <- c("stype", "dnum", "snum", "pw", "fpc", "api00", "api99", "ell", "meals",
          "mobility", "enroll", "awards")
export <- function(d, name, cols = keep) {
  out <- d[, cols]
  out$stype <- as.character(out$stype)
  out$awards <- as.character(out$awards)
  out$sch_wide <- as.integer(d$sch.wide == "Yes")
  write.csv(out, file.path(dir, name), row.names = FALSE)
}
export(apistrat, "apistrat.csv")
export(apiclus1, "apiclus1.csv")
export(apiclus2[!is.na(apiclus2$enroll), ], "apiclus2.csv", c(setdiff(keep, "fpc"), "fpc1"))

# Read everything back, as yoron does.
st <- read.csv(file.path(dir, "apistrat.csv"), stringsAsFactors = FALSE)
c1 <- read.csv(file.path(dir, "apiclus1.csv"), stringsAsFactors = FALSE)
c2 <- read.csv(file.path(dir, "apiclus2.csv"), stringsAsFactors = FALSE)
d <- read.csv(file.path(parent, "poll.csv"), stringsAsFactors = FALSE)
l <- read.csv(file.path(parent, "lonely.csv"), stringsAsFactors = FALSE)
margins <- read.csv(file.path(parent, "margins_totals.csv"), stringsAsFactors = FALSE)
pop_sex <- data.frame(sex = margins$level[margins$variable == "sex"],
                      Freq = margins$total[margins$variable == "sex"])
pop_age <- data.frame(agegrp = margins$level[margins$variable == "agegrp"],
                      Freq = margins$total[margins$variable == "agegrp"])
rake_tight <- list(maxit = 1000, epsilon = 1e-14, verbose = FALSE)

# A copy of poll.csv whose agegrp has "55+" as its reference level (yoron: .reference()).
d_ref <- d
d_ref$agegrp <- relevel(factor(d_ref$agegrp), ref = "55+")

des <- list(
  strat = quote(svydesign(ids = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = st)),
  clus1 = quote(svydesign(ids = ~dnum, weights = ~pw, fpc = ~fpc, data = c1)),
  clus2 = quote(svydesign(ids = ~dnum, weights = ~pw, data = c2)),
  poll = quote(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_n, data = d)),
  poll_ref = quote(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_n, data = d_ref)),
  poll_raked = quote(rake(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d),
                          list(~sex, ~agegrp), list(pop_sex, pop_age), control = rake_tight)),
  # Stratum 3 has one PSU; stratum 5 one PSU sampled with certainty (popn 1). The
  # lonely-PSU option is set per case (the 7th element) before the fit.
  lonely = quote(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~popn, data = l)),
  clus1_jk1 = quote(as.svrepdesign(svydesign(ids = ~dnum, weights = ~pw, data = c1), type = "JK1"))
)

# case, design, formula, family, subset (or NA), terms tested (";" between tests, "+" joins).
cases <- list(
  list("strat_gaussian", "strat", "api00 ~ ell + meals + stype", "gaussian", NA, "stype;ell+meals"),
  list("strat_binomial", "strat", "sch_wide ~ ell + meals + mobility", "quasibinomial", NA, "ell+meals"),
  list("strat_domain", "strat", "api00 ~ ell + meals", "gaussian", 'awards == "Yes"', "meals"),
  list("clus1_poisson", "clus1", "enroll ~ ell + meals + stype", "quasipoisson", NA, "stype"),
  list("clus1_nointercept", "clus1", "api00 ~ 0 + stype + ell", "gaussian", NA, "stype"),
  list("clus2_interaction", "clus2", "api00 ~ meals * stype", "gaussian", NA, "meals:stype;stype+meals:stype"),
  list("poll_binomial", "poll", "qbin ~ age + sex + agegrp", "quasibinomial", NA, "agegrp;sex+agegrp"),
  list("poll_poisson", "poll", "hh ~ age + region", "quasipoisson", NA, "region"),
  list("poll_domain", "poll", "qbin ~ age + sex", "quasibinomial", 'country == "JP"', "sex"),
  list("poll_reference", "poll_ref", "qbin ~ age + agegrp", "quasibinomial", NA, "agegrp"),
  list("poll_interaction", "poll", "qbin ~ sex * agegrp", "quasibinomial", NA, "sex:agegrp"),
  list("poll_raked", "poll_raked", "qbin ~ age + region", "quasibinomial", NA, "region"),
  list("clus1_jk1_gaussian", "clus1_jk1", "api00 ~ ell + stype", "gaussian", NA, "stype"),
  list("clus1_jk1_binomial", "clus1_jk1", "sch_wide ~ ell + meals", "quasibinomial", 'stype == "E"', "ell+meals"),
  # A text response: yoron reads "sex ~ ..." with F as 0 and M as 1, R needs factor().
  list("poll_text_response", "poll", "factor(sex) ~ age + region", "quasibinomial", NA, "region"),
  list("lonely_adjust", "lonely", "x ~ g + q", "gaussian", NA, "q", "adjust"),
  list("lonely_average", "lonely", "x ~ g + q", "gaussian", NA, "q", "average"),
  list("lonely_average_domain", "lonely", "x ~ g", "gaussian", 'q == "z"', "g", "average"),
  list("lonely_certainty", "lonely", "x ~ g", "quasipoisson", NA, "g", "certainty"),
  list("poll_raked_gaussian", "poll_raked", "age ~ sex + region", "gaussian", 'country == "KR"', "region")
)

rows <- list()
tests <- list()
for (cs in cases) {
  name <- cs[[1]]
  policy <- if (length(cs) >= 7) cs[[7]] else "fail"
  options(survey.lonely.psu = policy)
  design <- eval(des[[cs[[2]]]])
  fam <- switch(cs[[4]], gaussian = gaussian(), quasibinomial = quasibinomial(),
                quasipoisson = quasipoisson())
  call_text <- sprintf("svyglm(%s, %s, family = %s(), control = glm.control(epsilon = 1e-14, maxit = 100), start = coef(<the same fit without start>))",
                       cs[[3]], deparse(des[[cs[[2]]]], width.cutoff = 500L), cs[[4]])
  if (policy != "fail") {
    call_text <- sprintf("%s with options(survey.lonely.psu = \"%s\")", call_text, policy)
  }
  if (!is.na(cs[[5]])) {
    design <- eval(parse(text = sprintf("subset(design, %s)", cs[[5]])))
    call_text <- sprintf("%s on subset(design, %s)", call_text, cs[[5]])
  }
  fit0 <- svyglm(as.formula(cs[[3]]), design, family = fam, control = tight)
  # Restarted from its own converged coefficients, R's last IRLS iteration starts at the
  # solution, so that the working weights in vcov() are those of the converged fit (the
  # first fit's come from the iterate before the last, up to ~1e-7 away).
  fit <- svyglm(as.formula(cs[[3]]), design, family = fam, control = tight,
                start = coef(fit0))
  stopifnot(fit0$converged, fit$converged)
  s <- summary(fit)$coefficients
  ci <- confint(fit)
  for (j in seq_len(nrow(s))) {
    rows[[length(rows) + 1]] <- data.frame(
      case = name, term = rownames(s)[j], estimate = s[j, 1], se = s[j, 2], t = s[j, 3],
      df = fit$df.residual, p_value = s[j, 4], ci_low = ci[j, 1], ci_high = ci[j, 2],
      r_call = paste0("summary(fit)$coefficients; confint(fit) with fit = ", call_text),
      stringsAsFactors = FALSE)
  }
  for (tt in strsplit(cs[[6]], ";")[[1]]) {
    rt <- regTermTest(fit, as.formula(paste("~", tt)))
    tests[[length(tests) + 1]] <- data.frame(
      case = name, terms = tt, f = as.numeric(rt$Ftest), ndf = rt$df, ddf = rt$ddf,
      p_value = as.numeric(rt$p),
      r_call = sprintf("regTermTest(fit, ~%s) with fit = %s", tt, call_text),
      stringsAsFactors = FALSE)
  }
  options(survey.lonely.psu = "fail")
}
write.csv(do.call(rbind, rows), file.path(dir, "expected.csv"), row.names = FALSE)
write.csv(do.call(rbind, tests), file.path(dir, "tests.csv"), row.names = FALSE)
writeLines(c(R.version.string, paste("survey", packageVersion("survey")),
             paste("Matrix", packageVersion("Matrix")),
             paste("generated", format(Sys.Date()))),
           file.path(dir, "versions.txt"))
