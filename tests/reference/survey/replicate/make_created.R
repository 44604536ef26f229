# More references for yoron's created replicates (as.svrepdesign), beside
# make_reference.R's. Run from the repository root (a few seconds):
#   Rscript tests/reference/survey/replicate/make_created.R
# R survey's Hadamard matrices for BRR (survey:::hadamard(n), n = number of strata):
# Writes hadamard.csv: n, the order R picks, and for n <= 64 the whole 0/1 matrix, each
# row as hexadecimal digits (4 entries per digit, first entry the high bit), rows separated
# by spaces; for 65 <= n <= 600 the order only.
# Also writes brr_strata11.csv: the BRR replicate factors R creates for a made-up design
# of 11 strata named 1..11 (R sorts them as text: 1, 10, 11, 2, ...), 2 PSUs each.
suppressMessages(library(survey))
dir <- "tests/reference/survey/replicate"
hex <- function(bits) {
  k <- matrix(bits, nrow = 4)
  paste(sprintf("%x", colSums(k * c(8, 4, 2, 1))), collapse = "")
}
rows <- lapply(1:600, function(n) {
  H <- survey:::hadamard(n)
  data.frame(n = n, order = nrow(H),
             rows = if (n <= 64) paste(apply(H, 1, hex), collapse = " ") else "")
})
write.csv(do.call(rbind, rows), file.path(dir, "hadamard.csv"), row.names = FALSE)

# Made-up data: 11 strata of 2 PSUs with 2 rows each, strata in the data in the order
# 3, 11, 1, 2, 10, 4, 5, 6, 7, 8, 9.
st <- c(3, 11, 1, 2, 10, 4, 5, 6, 7, 8, 9)
d <- data.frame(stratum = rep(st, each = 4), psu = rep(seq_len(22), each = 2), w = 1)
d$id <- seq_len(nrow(d))
r <- as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d),
                    type = "BRR", compress = FALSE)
f <- weights(r, "analysis")
f <- matrix(as.numeric(unclass(f)), nrow = NROW(f))
colnames(f) <- paste0("rep", seq_len(ncol(f)))
write.csv(data.frame(id = d$id, stratum = d$stratum, psu = d$psu, w = d$w,
                     notes = "made-up test data", f),
          file.path(dir, "brr_strata11.csv"), row.names = FALSE)

# created_extra.csv: JKn with an FPC, and JKn under each lonely-PSU policy on poll.csv
# without the PSUs of stratum 3 but its first (psu_in > 1 dropped there).
poll <- read.csv("tests/reference/survey/poll.csv", stringsAsFactors = FALSE)
g17 <- function(x) sprintf("%.17g", x)
extra <- data.frame()
add <- function(design, r, call) {
  extra <<- rbind(extra, data.frame(design = design, replicates = length(r$rscales),
    scale = g17(r$scale), rscales = paste(g17(r$rscales), collapse = " "), degf = degf(r),
    se_age = g17(SE(svymean(~age, r))), r_call = call, stringsAsFactors = FALSE))
}
add("jkn_fpc", as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_n, data = poll), type = "JKn"),
    'as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc_n, data = poll), type = "JKn")')
lonely <- poll[!(poll$stratum == 3 & poll$psu_in > 1), ]
for (lp in c("adjust", "average", "remove", "certainty")) {
  options(survey.lonely.psu = lp)
  add(paste0("jkn_lonely_", lp), as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = lonely), type = "JKn"),
      paste0('options(survey.lonely.psu = "', lp, '"); as.svrepdesign(svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = poll[!(poll$stratum == 3 & poll$psu_in > 1), ]), type = "JKn")'))
}
options(survey.lonely.psu = "fail")
write.csv(extra, file.path(dir, "created_extra.csv"), row.names = FALSE)
