# The peers' workload in R's survey package, timed step by step; prints one JSON line.
#   Rscript benches/peers/workload.R poll.csv margins.csv
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
have_dt <- requireNamespace("data.table", quietly = TRUE)
cols <- c("country", "stratum", "psu", "weight", "sex", "agegrp", "q5", "qbin")
t0 <- proc.time()[["elapsed"]]
tick <- function() { now <- proc.time()[["elapsed"]]; d <- now - t0; t0 <<- now; d }
# data.table::fread when installed (the fast reader R users reach for), else read.csv.
d <- if (have_dt) {
  as.data.frame(data.table::fread(args[1], select = cols, colClasses = list(character = "qbin")))
} else {
  read.csv(args[1], colClasses = c(qbin = "character"))[, cols]
}
t_read <- tick()
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d)
t_design <- tick()
p <- svymean(~q5 + qbin, des)
t_props <- tick()
b <- svyby(~q5, ~country, des, svymean, covmat = TRUE)
lv <- unique(sub("^(JP|KR):", "", names(coef(b))))
con <- svycontrast(b, setNames(lapply(lv, function(l) setNames(c(1, -1), paste0(c("JP:", "KR:"), l))), lv))
t_by <- tick()
m <- read.csv(args[2], stringsAsFactors = FALSE)
tot <- sum(weights(des))
pop <- lapply(c("sex", "agegrp"), function(v) {
  x <- m[m$variable == v, ]
  df <- data.frame(x$category, x$share * tot)
  names(df) <- c(v, "Freq")
  df
})
r <- rake(des, list(~sex, ~agegrp), pop)
t_rake <- tick()
cat(sprintf("R: agree %.4f (se %.5f); JP-KR agree %.4f (se %.5f); reader %s\n",
            coef(p)[["q5agree"]], SE(p)[["q5agree"]], coef(con)[["q5agree"]], SE(con)[["q5agree"]],
            if (have_dt) "data.table::fread" else "read.csv"), file = stderr())
cat(sprintf('{"read": %.4f, "design": %.4f, "proportions": %.4f, "by_country": %.4f, "rake": %.4f, "total": %.4f}\n',
            t_read, t_design, t_props, t_by, t_rake, t_read + t_design + t_props + t_by + t_rake))
