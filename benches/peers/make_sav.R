# Converts the synthetic poll with the regression columns (synthetic.rs, `--generate N --glm`)
# to an SPSS .sav file for the read benchmark (run.py --sav), as analysts receive polls:
# the categorical columns as numeric codes with value labels (codes 1, 2, ... in the order
# synthetic.rs lists the categories), a variable label on every column, byte compression
# (haven's default, and SPSS's).
#   Rscript benches/peers/make_sav.R poll_glm.csv poll_glm.sav
suppressMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
d <- as.data.frame(data.table::fread(args[1], colClasses = list(character = c("country", "stratum", "sex", "agegrp", "q5", "educ"))))
levels <- list(
  country = c("JP", "KR"),
  stratum = paste0("s", 0:19),
  sex = c("F", "M"),
  agegrp = c("18-29", "30-39", "40-49", "50-59", "60-69", "70+"),
  q5 = c("agree", "lean_agree", "neutral", "lean_disagree", "disagree"),
  educ = c("primary", "secondary", "tertiary")
)
var_labels <- c(
  id = "Respondent id", country = "Country", stratum = "Stratum", psu = "Primary sampling unit",
  weight = "Design weight", sex = "Sex", agegrp = "Age group", q5 = "Agreement (5 points)",
  qbin = "Agrees (0/1)", age = "Age in years", educ = "Education", income = "Income (thousands)",
  ideology = "Left-right self-placement (0-10)", hhsize = "Household size",
  trust = "Trusts the government (0/1)"
)
for (v in names(levels)) {
  code <- match(d[[v]], levels[[v]])
  if (anyNA(code)) stop(sprintf("%s: a value outside %s", v, paste(levels[[v]], collapse = ", ")))
  d[[v]] <- labelled(code, setNames(seq_along(levels[[v]]), levels[[v]]))
}
for (v in names(d)) attr(d[[v]], "label") <- var_labels[[v]]
write_sav(d, args[2])
cat(sprintf("%s: %d rows, %d columns, %.1f MiB\n", args[2], nrow(d), ncol(d), file.size(args[2]) / 2^20))
