# Writes the survey-file fixtures of tests/weight/readstat.rs with R haven: made-up test data
# (every row says so in its `notes` column), not a real poll.
#
#   cd tests/reference/readstat && Rscript make_fixtures.R
#
# Written with R 4.2.2 and haven 2.5.1 (recorded in versions.txt). haven cannot write SAS
# .sas7bdat files: iris.sas7bdat is haven's own example file (haven/examples/iris.sas7bdat,
# MIT licence), copied here with iris.csv, its read_sas() as CSV.
suppressPackageStartupMessages(library(haven))

n <- 24
id <- seq_len(n)
w <- c(1.2, 0.8, 1.0, 1.1, 0.9, 1.3, 1.0, 0.7, 1.4, 0.6, 1.0, 1.0,
       0.8, 1.2, 1.1, 0.9, 1.0, 1.5, 0.5, 1.0, 1.2, 0.8, 1.0, 1.0)
country_code <- rep(c(1, 2), each = 12)
# q1 codes: 1-3 labelled, 4 unlabelled, 8 refused, 9 don't know (user-missing in SPSS,
# tagged NA .b / .a in Stata), NA system missing.
q1_code <- c(1, 2, 3, 1, 9, 2, 1, 4, 8, 3, 1, 2,
             2, 2, 3, 1, NA, 9, 1, 3, 2, 2, 1, 3)
age <- c(34, 51, 27, 45, 62, 38, 29, 71, 55, 43, 36, 48,
         22, 67, 58, 31, 40, 53, 26, 64, 47, 35, 59, 44)
interviewed <- as.Date("2024-05-01") + (id %% 7)
long_ja <- paste(rep("日本と韓国の関係についての長い自由回答。", 12), collapse = "")
comment <- ifelse(id %% 5 == 0, long_ja, ifelse(id %% 2 == 0, "한국어 응답", "日本語の回答"))
notes <- rep("made-up test data", n)

q1_labels <- c("Strongly agree" = 1, "Agree" = 2, "Disagree" = 3,
               "Refused" = 8, "Don't know" = 9)
country_labels <- c("日本" = 1, "한국" = 2)

sav <- data.frame(id = id, w = w)
sav$country <- labelled_spss(country_code, labels = country_labels, label = "国 / 나라")
sav$q1 <- labelled_spss(q1_code, labels = q1_labels, na_values = c(8, 9),
                        label = "Relations will improve (関係は改善する)")
sav$age <- age
attr(sav$age, "label") <- "Age in years"
sav$interviewed <- interviewed
sav$comment <- comment
sav$notes <- notes
write_sav(sav, "survey.sav")
write_sav(sav, "survey.zsav", compress = "zsav")

dta_q1 <- q1_code
dta_q1[q1_code %in% 9] <- tagged_na("a")
dta_q1[q1_code %in% 8] <- tagged_na("b")
dta <- data.frame(id = id, w = w)
dta$country <- labelled(country_code, labels = country_labels, label = "国 / 나라")
dta$q1 <- labelled(dta_q1,
                   labels = c("Strongly agree" = 1, "Agree" = 2, "Disagree" = 3,
                              "Refused" = tagged_na("b"), "Don't know" = tagged_na("a")),
                   label = "Relations will improve (関係は改善する)")
dta$age <- age
attr(dta$age, "label") <- "Age in years"
dta$interviewed <- interviewed
dta$comment <- comment
dta$notes <- notes
write_dta(dta, "survey.dta", version = 15)

# The same data as CSV, as an analyst exports it: labels as text (user-missing and tagged
# missing as empty), numbers as numbers.
csv <- data.frame(id = id, w = w,
                  country = as.character(as_factor(zap_missing(sav$country), levels = "labels")),
                  q1 = as.character(as_factor(zap_missing(sav$q1), levels = "default")),
                  age = age, interviewed = format(interviewed), comment = comment,
                  notes = notes)
write.csv(csv, "survey.csv", row.names = FALSE, na = "", fileEncoding = "UTF-8")

# What haven reads back, for the tests' expected values.
back <- read_sav("survey.sav", user_na = TRUE)
stopifnot(identical(levels(as_factor(back$q1)),
                    c("Strongly agree", "Agree", "Disagree", "4", "Refused", "Don't know")))
stopifnot(sum(is.na(zap_missing(back$q1))) == 4)
bd <- read_dta("survey.dta")
stopifnot(identical(sum(is_tagged_na(bd$q1, "a")), 2L), identical(sum(is_tagged_na(bd$q1, "b")), 1L))

# Two codes sharing one label (made-up test data): read as categories they are one
# category, so the codes cannot be told apart again.
shared <- data.frame(w = c(1, 1, 1, 1))
shared$q <- labelled(c(1, 2, 3, 2), c(Disagree = 1, Agree = 2, Agree = 3))
write_sav(shared, "shared_labels.sav")

file.copy(system.file("examples", "iris.sas7bdat", package = "haven"), "iris.sas7bdat",
          overwrite = TRUE)
write.csv(as.data.frame(read_sas("iris.sas7bdat")), "iris.csv", row.names = FALSE)

writeLines(c(R.version.string, paste("haven", packageVersion("haven"))), "versions.txt")
