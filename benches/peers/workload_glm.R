# The peers' logistic-regression workload in R's survey package, timed step by step; prints
# one JSON line, and on stderr a CHECK line of every coefficient and SE at full precision.
#   Rscript benches/peers/workload_glm.R poll_glm.csv [converged]
# The model (run.py --glm): trust ~ age + income + ideology + hhsize + sex + educ, quasibinomial
# (logit link), in the stratified clustered design; sex and educ are categorical, with R's
# default treatment contrasts (references F and primary, the first in sorted order).
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
have_dt <- requireNamespace("data.table", quietly = TRUE)
cols <- c("stratum", "psu", "weight", "sex", "age", "educ", "income", "ideology", "hhsize", "trust")
t0 <- proc.time()[["elapsed"]]
tick <- function() { now <- proc.time()[["elapsed"]]; d <- now - t0; t0 <<- now; d }
# data.table::fread when installed (the fast reader R users reach for), else read.csv.
d <- if (have_dt) {
  as.data.frame(data.table::fread(args[1], select = cols))
} else {
  read.csv(args[1])[, cols]
}
t_read <- tick()
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d)
t_design <- tick()
# glm's default control (epsilon 1e-8 on the relative change of the deviance) is what an
# R user runs, so it is timed; it can stop ~1e-8 short of the converged SEs, more than the
# tools' differences, so the agreement check ("converged") fits to convergence.
control <- if (identical(args[2], "converged")) glm.control(epsilon = 1e-12, maxit = 50) else glm.control()
m <- svyglm(trust ~ age + income + ideology + hhsize + sex + educ, design = des,
            family = quasibinomial(), control = control)
est <- coef(m)
se <- SE(m)
t_fit <- tick()
# Keys shared by the three tools: intercept, numeric terms by name, levels as term=level.
key <- c("(Intercept)" = "intercept", age = "age", income = "income", ideology = "ideology",
         hhsize = "hhsize", sexM = "sex=M", educsecondary = "educ=secondary",
         eductertiary = "educ=tertiary")[names(est)]
cat(sprintf("R: %d rows; %d coefficients in %d iterations (df %d); sex=M %.5f (se %.5f); reader %s\n",
            nrow(d), length(est), m$iter, m$df.residual, est[["sexM"]], se[["sexM"]],
            if (have_dt) "data.table::fread" else "read.csv"), file = stderr())
check <- sprintf('"%s": [%.17g, %.17g]', key, est, se)
cat("CHECK {", paste(check, collapse = ", "), "}\n", file = stderr(), sep = "")
cat(sprintf('{"read": %.4f, "design": %.4f, "fit": %.4f, "total": %.4f}\n',
            t_read, t_design, t_fit, t_read + t_design + t_fit))
