# The peers' replicate-weight workload in R's survey package, timed step by step; prints one
# JSON line, and on stderr a CHECK line of every estimate and SE and the F test.
#   Rscript benches/peers/workload_rep.R poll_rep.csv
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
have_dt <- requireNamespace("data.table", quietly = TRUE)
t0 <- proc.time()[["elapsed"]]
tick <- function() { now <- proc.time()[["elapsed"]]; d <- now - t0; t0 <<- now; d }
# The replicate columns from the header, as the other tools find them.
header <- names(read.csv(args[1], nrows = 1, check.names = FALSE))
reps <- grep("^rep[0-9]+$", header, value = TRUE)
cols <- c("country", "weight", "q5", reps)
# data.table::fread when installed (the fast reader R users reach for), else read.csv.
d <- if (have_dt) {
  as.data.frame(data.table::fread(args[1], select = cols))
} else {
  read.csv(args[1])[, cols]
}
t_read <- tick()
# JK1 with (R - 1)/R given explicitly, as the other tools are told. svrepdesign computes
# degf, the rank of the n x R replicate weights by qr(), here: part of R's design step.
R <- length(reps)
des <- svrepdesign(data = d, repweights = "^rep[0-9]+$", weights = ~weight, type = "JK1",
                   scale = (R - 1) / R, combined.weights = TRUE)
t_design <- tick()
b <- svyby(~q5, ~country, des, svymean, covmat = TRUE)
lv <- unique(sub("^(JP|KR):", "", names(coef(b))))
con <- svycontrast(b, setNames(lapply(lv, function(l) setNames(c(1, -1), paste0(c("JP:", "KR:"), l))), lv))
t_by <- tick()
x <- svychisq(~q5 + country, des, statistic = "F")
t_tab <- tick()
cat(sprintf("R: %d rows, %d replicates (df %d); JP-KR agree %.4f (se %.5f); F %.3f on %.3f and %.2f df; reader %s\n",
            nrow(d), R, degf(des), coef(con)[["q5agree"]], SE(con)[["q5agree"]],
            x$statistic, x$parameter[["ndf"]], x$parameter[["ddf"]],
            if (have_dt) "data.table::fread" else "read.csv"), file = stderr())
# Keys as yoron spells them: group:category, the contrast's group JP-KR.
key <- function(n) sub("^(JP|KR):q5", "\\1:", n)
est <- c(setNames(coef(b), key(names(coef(b)))), setNames(coef(con), paste0("JP-KR:", sub("^q5", "", names(coef(con))))))
se <- c(setNames(sqrt(diag(vcov(b))), key(names(coef(b)))), setNames(SE(con), paste0("JP-KR:", sub("^q5", "", names(coef(con))))))
check <- c(sprintf('"%s": [%.17g, %.17g]', names(est), est, se),
           sprintf('"F": [%.17g, %.17g, %.17g, %.17g]', x$statistic, x$parameter[["ndf"]], x$parameter[["ddf"]], x$p.value))
cat("CHECK {", paste(check, collapse = ", "), "}\n", file = stderr(), sep = "")
cat(sprintf('{"read": %.4f, "design": %.4f, "by_country": %.4f, "crosstab": %.4f, "total": %.4f}\n',
            t_read, t_design, t_by, t_tab, t_read + t_design + t_by + t_tab))
