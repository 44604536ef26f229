# Reference values for replicate-weight designs (issue: replicate weights), from R's survey
# package, for yoron's second variance engine.
#
# Run from the repository root:
#   Rscript tests/reference/survey/replicate/make_reference.R
#
# It reads ../poll.csv (the seeded respondent file of the Taylor references) and
#   1. creates replicate weights with as.svrepdesign() for every deterministic type (JK1 on
#      the unstratified cluster design; JKn, BRR and Fay on a two-PSU-per-stratum subset for
#      BRR/Fay, JKn on the full stratified design) and, seeded, bootstrap and subbootstrap;
#      each is written as repweights_<name>.csv (id + rep1..repR, the combined analysis
#      weights, %.17g) so that yoron can (a) check its own created weights against R's and
#      (b) read them as supplied weights;
#   2. declares supplied-weight designs with svrepdesign() on those columns, one per type
#      R knows (JK1, JKn with rscales, BRR, Fay with rho, bootstrap, successive-difference,
#      ACS, other with scale and rscales), with mse = FALSE and, for some, mse = TRUE;
#   3. writes expected.csv: per design, the estimate and SE of proportions (svymean of a
#      factor), a mean, a total, domain means (svyby), the JP − KR contrast (svycontrast on
#      svyby(covmat = TRUE)), logit and beta intervals of a proportion (svyciprop,
#      df = degf), and degf; designs.csv: how each design is declared (type, file, scale,
#      rscales, rho, mse), read by the Rust tests; versions.txt.
# R's own replicate data set scd (BRR, combined.weights = FALSE) is exported as scd.csv with
# its reference values too.
suppressMessages(library(survey))
dir <- "tests/reference/survey/replicate"
poll <- read.csv("tests/reference/survey/poll.csv", stringsAsFactors = FALSE)
g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

## ------------------------------------------------------ created replicate weights
# A subset with exactly two PSUs per stratum (BRR and Fay need it): the first two of each.
two <- poll[poll$psu_in <= 2, ]
clus <- svydesign(ids = ~psu, weights = ~w, data = poll)
strat <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = poll)
strat2 <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = two)

created <- list(
  jk1 = list(design = clus, data = poll, call = 'as.svrepdesign(svydesign(ids = ~psu, weights = ~w, data = poll), type = "JK1", compress = FALSE)',
             rep = function() as.svrepdesign(clus, type = "JK1", compress = FALSE)),
  jkn = list(design = strat, data = poll, call = 'as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = poll), type = "JKn", compress = FALSE)',
             rep = function() as.svrepdesign(strat, type = "JKn", compress = FALSE)),
  brr = list(design = strat2, data = two, call = 'as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = poll[poll$psu_in <= 2, ]), type = "BRR", compress = FALSE)',
             rep = function() as.svrepdesign(strat2, type = "BRR", compress = FALSE)),
  fay = list(design = strat2, data = two, call = 'as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = poll[poll$psu_in <= 2, ]), type = "Fay", fay.rho = 0.3, compress = FALSE)',
             rep = function() as.svrepdesign(strat2, type = "Fay", fay.rho = 0.3, compress = FALSE)),
  bootstrap = list(design = clus, data = poll, call = 'set.seed(20261206); as.svrepdesign(svydesign(ids = ~psu, weights = ~w, data = poll), type = "bootstrap", replicates = 20, compress = FALSE)',
                   rep = function() { set.seed(20261206); as.svrepdesign(clus, type = "bootstrap", replicates = 20, compress = FALSE) }),
  subbootstrap = list(design = strat, data = poll, call = 'set.seed(20261206); as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = poll), type = "subbootstrap", replicates = 20, compress = FALSE)',
                      rep = function() { set.seed(20261206); as.svrepdesign(strat, type = "subbootstrap", replicates = 20, compress = FALSE) })
)

designs <- data.frame()
expected <- data.frame()
add <- function(design, quantity, variable, domain, category, value, call) {
  expected <<- rbind(expected, data.frame(design = design, quantity = quantity,
    variable = variable, domain = domain, category = category,
    value = g17(as.numeric(unname(value))), r_call = call, stringsAsFactors = FALSE,
    row.names = NULL))
}

reps <- list()
for (name in names(created)) {
  cr <- created[[name]]
  rep <- cr$rep()
  reps[[name]] <- rep
  w <- weights(rep, "analysis")
  w <- matrix(as.numeric(unclass(w)), nrow = NROW(w))
  colnames(w) <- paste0("rep", seq_len(ncol(w)))
  out <- data.frame(id = cr$data$id, w)
  con <- file(file.path(dir, paste0("repweights_", name, ".csv")), "w")
  writeLines(paste(names(out), collapse = ","), con)
  for (i in seq_len(nrow(out))) writeLines(paste(c(out$id[i], g17(unlist(out[i, -1]))), collapse = ","), con)
  close(con)
  designs <- rbind(designs, data.frame(design = paste0("created_", name), source = "created",
    file = paste0("repweights_", name, ".csv"), rows = if (identical(cr$data, two)) "psu_in<=2" else "all",
    type = rep$type, scale = g17(rep$scale), rscales = paste(g17(rep$rscales), collapse = " "),
    rho = if (is.null(rep$rho)) "" else g17(rep$rho), mse = rep$mse, replicates = ncol(w),
    degf = degf(rep), r_call = cr$call, stringsAsFactors = FALSE))
}

## ------------------------------------------------------ estimates on each design
estimates <- function(name, des, call) {
  m <- svymean(~factor(q5), des)
  cats <- sub("factor\\(q5\\)", "", names(coef(m)))
  for (j in seq_along(cats)) {
    add(name, "estimate", "q5", "", cats[j], coef(m)[j], paste0("svymean(~factor(q5), ", call, ")"))
    add(name, "se", "q5", "", cats[j], SE(m)[j], paste0("SE(svymean(~factor(q5), ", call, "))"))
  }
  a <- svymean(~age, des)
  add(name, "estimate", "age", "", "", coef(a), paste0("svymean(~age, ", call, ")"))
  add(name, "se", "age", "", "", SE(a), paste0("SE(svymean(~age, ", call, "))"))
  t <- svytotal(~hh, des)
  add(name, "estimate", "hh_total", "", "", coef(t), paste0("svytotal(~hh, ", call, ")"))
  add(name, "se", "hh_total", "", "", SE(t), paste0("SE(svytotal(~hh, ", call, "))"))
  b <- svyby(~age, ~country, des, svymean, covmat = TRUE)
  se_b <- SE(b)
  names(se_b) <- rownames(b)
  for (d in rownames(b)) {
    add(name, "estimate", "age", d, "", coef(b)[d], paste0("svyby(~age, ~country, ", call, ", svymean)"))
    add(name, "se", "age", d, "", se_b[d], paste0("SE(svyby(~age, ~country, ", call, ", svymean))"))
  }
  ct <- svycontrast(b, c(JP = 1, KR = -1))
  add(name, "estimate", "age", "JP-KR", "", coef(ct), paste0("svycontrast(svyby(~age, ~country, ", call, ", svymean, covmat = TRUE), c(JP = 1, KR = -1))"))
  add(name, "se", "age", "JP-KR", "", SE(ct), paste0("SE(svycontrast(svyby(~age, ~country, ", call, ", svymean, covmat = TRUE), c(JP = 1, KR = -1)))"))
  bq <- svyby(~qbin, ~country, des, svymean, covmat = TRUE)
  cq <- svycontrast(bq, c(JP = 1, KR = -1))
  add(name, "estimate", "qbin", "JP-KR", "", coef(cq), paste0("svycontrast(svyby(~qbin, ~country, ", call, ", svymean, covmat = TRUE), c(JP = 1, KR = -1))"))
  add(name, "se", "qbin", "JP-KR", "", SE(cq), paste0("SE(svycontrast(svyby(~qbin, ~country, ", call, ", svymean, covmat = TRUE), c(JP = 1, KR = -1)))"))
  for (method in c("logit", "beta", "likelihood")) {
    ci <- svyciprop(~I(qbin == 1), des, method = method, df = degf(des))
    add(name, paste0("ci_low_", method), "qbin", "", "1", confint(ci)[1], paste0("confint(svyciprop(~I(qbin == 1), ", call, ", method = \"", method, "\", df = degf(des)))[1]"))
    add(name, paste0("ci_high_", method), "qbin", "", "1", confint(ci)[2], paste0("confint(svyciprop(~I(qbin == 1), ", call, ", method = \"", method, "\", df = degf(des)))[2]"))
  }
  add(name, "degf", "", "", "", degf(des), paste0("degf(", call, ")"))
  for (stat in c("F", "Chisq")) {
    x <- svychisq(~q5 + sex, des, statistic = stat)
    add(name, paste0("chisq_", stat), "q5*sex", "", "statistic", x$statistic, paste0("svychisq(~q5 + sex, ", call, ", statistic = \"", stat, "\")$statistic"))
    add(name, paste0("chisq_", stat), "q5*sex", "", "p_value", x$p.value, paste0("svychisq(~q5 + sex, ", call, ", statistic = \"", stat, "\")$p.value"))
    for (pn in names(x$parameter)) {
      add(name, paste0("chisq_", stat), "q5*sex", "", pn, x$parameter[[pn]], paste0("svychisq(~q5 + sex, ", call, ", statistic = \"", stat, "\")$parameter[\"", pn, "\"]"))
    }
  }
}

for (name in names(created)) {
  estimates(paste0("created_", name), reps[[name]], created[[name]]$call)
}

## ------------------------------------------------------ supplied replicate weights
# The same columns read back (as yoron reads them) and declared with svrepdesign().
supplied <- function(name, file, data, type, mse = FALSE, scale = NULL, rscales = NULL, rho = NULL) {
  rw <- read.csv(file.path(dir, file))
  stopifnot(identical(rw$id, data$id))
  d <- cbind(data, rw[, -1])
  args <- list(data = d, repweights = "rep[0-9]+", weights = ~w, type = type,
               combined.weights = TRUE, mse = mse)
  if (!is.null(scale)) args$scale <- scale
  if (!is.null(rscales)) args$rscales <- rscales
  if (!is.null(rho)) args$rho <- rho
  des <- suppressWarnings(do.call(svrepdesign, args))
  call <- paste0("svrepdesign(data = cbind(poll, read.csv(\"", file, "\")[, -1]), repweights = \"rep[0-9]+\", weights = ~w, type = \"", type, "\"",
                 if (!is.null(scale)) paste0(", scale = ", g17(scale)) else "",
                 if (!is.null(rscales)) ", rscales = <designs.csv>" else "",
                 if (!is.null(rho)) paste0(", rho = ", g17(rho)) else "",
                 ", mse = ", mse, ")")
  designs <<- rbind(designs, data.frame(design = name, source = "supplied", file = file,
    rows = if (nrow(data) == nrow(poll)) "all" else "psu_in<=2", type = type,
    scale = g17(des$scale), rscales = paste(g17(des$rscales), collapse = " "),
    rho = if (is.null(rho)) "" else g17(rho), mse = mse, replicates = ncol(des$repweights),
    degf = degf(des), r_call = call, stringsAsFactors = FALSE))
  estimates(name, des, call)
}

jkn_rscales <- reps$jkn$rscales
supplied("jk1", "repweights_jk1.csv", poll, "JK1")
supplied("jk1_mse", "repweights_jk1.csv", poll, "JK1", mse = TRUE)
supplied("jkn", "repweights_jkn.csv", poll, "JKn", rscales = jkn_rscales)
supplied("brr", "repweights_brr.csv", two, "BRR")
supplied("brr_mse", "repweights_brr.csv", two, "BRR", mse = TRUE)
supplied("fay", "repweights_fay.csv", two, "Fay", rho = 0.3)
supplied("bootstrap", "repweights_bootstrap.csv", poll, "bootstrap")
supplied("bootstrap_mse", "repweights_bootstrap.csv", poll, "bootstrap", mse = TRUE)
supplied("sd", "repweights_jk1.csv", poll, "successive-difference")
supplied("acs", "repweights_jk1.csv", poll, "ACS", mse = TRUE)
supplied("other", "repweights_jkn.csv", poll, "other", scale = 0.5, rscales = jkn_rscales)

## ------------------------------------------------------ raked replicate designs
# rake() on a svyrep.design rakes the full-sample and every replicate's weights to the same
# margins; a tight tolerance so that both tools converge to the same weights.
margins <- read.csv("tests/reference/survey/margins_totals.csv", stringsAsFactors = FALSE)
pop_sex <- data.frame(sex = margins$level[margins$variable == "sex"], Freq = margins$total[margins$variable == "sex"])
pop_age <- data.frame(agegrp = margins$level[margins$variable == "agegrp"], Freq = margins$total[margins$variable == "agegrp"])
tight <- list(maxit = 1000, epsilon = 1e-12, verbose = FALSE)
raked_supplied <- function(name, base_name) {
  base <- designs[designs$design == base_name, ]
  rw <- read.csv(file.path(dir, base$file))
  d <- cbind(poll, rw[, -1])
  args <- list(data = d, repweights = "rep[0-9]+", weights = ~w, type = base$type, combined.weights = TRUE, mse = FALSE)
  if (base$type == "JKn") args$rscales <- as.numeric(strsplit(base$rscales, " ")[[1]])
  des <- suppressWarnings(do.call(svrepdesign, args))
  raked <- rake(des, list(~sex, ~agegrp), list(pop_sex, pop_age), control = tight)
  call <- paste0("rake(", base$r_call, ", list(~sex, ~agegrp), list(pop_sex, pop_age), control = list(maxit = 1000, epsilon = 1e-12))")
  designs <<- rbind(designs, data.frame(design = name, source = "raked", file = base$file, rows = "all",
    type = base$type, scale = base$scale, rscales = base$rscales, rho = "", mse = FALSE,
    replicates = base$replicates, degf = degf(raked), r_call = call, stringsAsFactors = FALSE))
  estimates(name, raked, call)
}
raked_supplied("raked_jk1", "jk1")
raked_supplied("raked_jkn", "jkn")

## ------------------------------------------------------ R's own scd (BRR, not combined)
data(scd)
scd$id <- seq_len(nrow(scd))
repweights <- 2 * cbind(c(1, 0, 1, 0, 1, 0), c(1, 0, 0, 1, 0, 1), c(0, 1, 1, 0, 0, 1), c(0, 1, 0, 1, 1, 0))
colnames(repweights) <- paste0("rep", 1:4)
write.csv(cbind(scd, repweights), file.path(dir, "scd.csv"), row.names = FALSE)
scdrep <- svrepdesign(data = scd, type = "BRR", repweights = repweights, combined.weights = FALSE)
for (v in c("arrests", "alive")) {
  m <- svymean(as.formula(paste0("~", v)), scdrep)
  add("scd_brr", "estimate", v, "", "", coef(m), paste0("svymean(~", v, ", svrepdesign(data = scd, type = \"BRR\", repweights = repweights, combined.weights = FALSE))"))
  add("scd_brr", "se", v, "", "", SE(m), paste0("SE(svymean(~", v, ", scdrep))"))
}
r <- svyratio(~alive, ~arrests, scdrep)
add("scd_brr", "estimate", "alive/arrests", "", "", coef(r), "svyratio(~alive, ~arrests, scdrep)")
add("scd_brr", "se", "alive/arrests", "", "", SE(r), "SE(svyratio(~alive, ~arrests, scdrep))")
designs <- rbind(designs, data.frame(design = "scd_brr", source = "supplied", file = "scd.csv",
  rows = "all", type = "BRR", scale = g17(scdrep$scale), rscales = paste(g17(scdrep$rscales), collapse = " "),
  rho = "", mse = FALSE, replicates = 4, degf = degf(scdrep),
  r_call = 'svrepdesign(data = scd, type = "BRR", repweights = 2 * cbind(c(1,0,1,0,1,0), c(1,0,0,1,0,1), c(0,1,1,0,0,1), c(0,1,0,1,1,0)), combined.weights = FALSE)',
  stringsAsFactors = FALSE))

write.csv(designs, file.path(dir, "designs.csv"), row.names = FALSE)
write.csv(expected, file.path(dir, "expected.csv"), row.names = FALSE)
writeLines(c(R.version.string, paste("survey", packageVersion("survey")),
             paste("generated", Sys.Date())), file.path(dir, "versions.txt"))
