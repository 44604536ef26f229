# The peers' SPSS read in R: haven::read_sav of the whole file (every column, value labels
# kept as haven's labelled vectors), timed; prints one JSON line, and on stderr a CHECK line
# (rows, the sum of the weights, and the count of each labelled category of q5 and educ).
#   Rscript benches/peers/workload_sav.R poll_glm.sav
suppressMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
t0 <- proc.time()[["elapsed"]]
d <- read_sav(args[1])
t_read <- proc.time()[["elapsed"]] - t0
counts <- function(v) {
  lab <- attr(d[[v]], "labels")
  n <- tabulate(match(as.numeric(d[[v]]), lab), length(lab))
  sprintf('"%s=%s": %d', v, names(lab), n)
}
cat(sprintf("R: haven %s, %d rows, %d columns\n", packageVersion("haven"), nrow(d), ncol(d)), file = stderr())
check <- c(sprintf('"rows": %d', nrow(d)), sprintf('"weight": %.17g', sum(d$weight)), counts("q5"), counts("educ"))
cat("CHECK {", paste(check, collapse = ", "), "}\n", file = stderr(), sep = "")
cat(sprintf('{"read": %.4f, "total": %.4f}\n', t_read, t_read))
