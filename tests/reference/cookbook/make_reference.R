# The reference values asserted in src/cookbook.rs (R 4.2.2, survey 4.1-1).
# Run: Rscript tests/reference/cookbook/make_reference.R > tests/reference/cookbook/r_output.txt
# Tolerance in the doctests: absolute 1e-9 (printed values to 10 significant digits);
# the Rao-Scott F and p as R prints them (3 digits).
suppressMessages(library(survey))
print(prop.test(383.8,1010,correct=FALSE)$conf.int, digits=10)
print(prop.test(c(383.8,363.6),c(1010,1010),correct=FALSE)$p.value, digits=10)
d <- read.csv(text="w,stratum,psu,sex,country,q1
1.2,1,11,F,JP,agree
0.8,1,11,M,JP,disagree
1.0,1,12,F,JP,agree
1.1,1,12,M,JP,agree
0.9,2,21,F,KR,disagree
1.3,2,21,M,KR,agree
1.0,2,22,F,KR,disagree
0.7,2,22,M,KR,disagree")
des <- svydesign(ids=~psu, strata=~stratum, weights=~w, data=d)
# yoron rakes shares to the sum of the design weights; R takes totals.
N <- sum(d$w); pop <- data.frame(sex=c("F","M"), Freq=c(0.51,0.49)*N)
r <- rake(des, list(~sex), list(pop))
print(svyby(~q1, ~country, r, svymean), digits=10)
d$agree <- as.numeric(d$q1=="agree")
r2 <- rake(svydesign(ids=~psu, strata=~stratum, weights=~w, data=d), list(~sex), list(pop))
print(summary(svyglm(agree ~ country, r2))$coefficients, digits=10)
des2 <- svydesign(ids=~1, weights=~w, data=d)
print(svychisq(~country+q1, des2, statistic="F"))
