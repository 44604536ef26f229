//! Model formulas as R writes them: `y ~ a + b + a:b`, `y ~ a * b`, `y ~ 0 + a`,
//! `factor(x)`; the terms R's `terms()` makes of them, and which factors of each term get
//! treatment contrasts and which get one column per level (R's `model.matrix` rule).

use crate::error::{Error, Result};

/// The most variables a formula may name (terms are sets of variables, kept as bits).
const MAX_VARIABLES: usize = 64;

/// A variable of the formula: a column, possibly wrapped in `factor()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Variable {
    pub(crate) column: String,
    /// `factor(x)`: categorical even if every value is a number.
    pub(crate) factor: bool,
}

impl Variable {
    /// R's label: `x` or `factor(x)`.
    pub(crate) fn label(&self) -> String {
        if self.factor {
            format!("factor({})", self.column)
        } else {
            self.column.clone()
        }
    }
}

/// A parsed formula: the response, the intercept, and the terms in R's order (by degree,
/// then as written), each a set of variables (bit j = variable j, variables numbered in
/// order of first appearance, as R does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Formula {
    pub(crate) text: String,
    pub(crate) response: String,
    pub(crate) variables: Vec<Variable>,
    pub(crate) intercept: bool,
    pub(crate) terms: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    Number(String),
    Sym(char),
}

fn bad(text: &str, at: usize, expected: &str, found: &str) -> Error {
    Error::invalid_argument(
        "formula",
        expected,
        format!("{found} at character {} of \"{text}\"", at + 1),
    )
}

fn tokens(text: &str) -> Result<Vec<(usize, Token)>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        // Positions count characters, not bytes, for the error message.
        let pos = text[..at].chars().count();
        if c.is_whitespace() {
            i += 1;
        } else if "~+-*:()".contains(c) {
            out.push((pos, Token::Sym(c)));
            i += 1;
        } else if c == '`' {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && chars[j].1 != '`' {
                j += 1;
            }
            if j == chars.len() {
                return Err(bad(text, pos, "a closing backquote", "none"));
            }
            out.push((
                pos,
                Token::Name(chars[start..j].iter().map(|c| c.1).collect()),
            ));
            i = j + 1;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.') {
                j += 1;
            }
            out.push((
                pos,
                Token::Number(chars[i..j].iter().map(|c| c.1).collect()),
            ));
            i = j;
        } else if c.is_alphanumeric() || c == '_' || c == '.' {
            let mut j = i;
            while j < chars.len()
                && (chars[j].1.is_alphanumeric() || chars[j].1 == '_' || chars[j].1 == '.')
            {
                j += 1;
            }
            out.push((pos, Token::Name(chars[i..j].iter().map(|c| c.1).collect())));
            i = j;
        } else {
            return Err(bad(
                text,
                pos,
                "a column name, +, -, *, :, 0, 1 or factor(column)",
                &format!("\"{c}\""),
            ));
        }
    }
    Ok(out)
}

/// One item of the right-hand side: terms, or an intercept switch.
enum Item {
    Terms(Vec<u64>),
    Intercept(bool),
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<(usize, Token)>,
    at: usize,
    variables: Vec<Variable>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.at).map(|t| &t.1)
    }

    fn pos(&self) -> usize {
        self.toks
            .get(self.at)
            .map_or(self.text.chars().count(), |t| t.0)
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end".to_string(),
            Some(Token::Name(n)) | Some(Token::Number(n)) => format!("\"{n}\""),
            Some(Token::Sym(c)) => format!("\"{c}\""),
        }
    }

    fn err(&self, expected: &str) -> Error {
        bad(self.text, self.pos(), expected, &self.found())
    }

    fn variable(&mut self, v: Variable) -> Result<u64> {
        let j = match self.variables.iter().position(|x| *x == v) {
            Some(j) => j,
            None => {
                if self.variables.len() == MAX_VARIABLES {
                    return Err(self.err(&format!("at most {MAX_VARIABLES} variables")));
                }
                self.variables.push(v);
                self.variables.len() - 1
            }
        };
        Ok(1u64 << j)
    }

    /// A name, `factor(name)`, or a parenthesised sum of terms.
    fn atom(&mut self) -> Result<Item> {
        match self.peek().cloned() {
            Some(Token::Name(n)) => {
                self.at += 1;
                if self.peek() == Some(&Token::Sym('(')) {
                    if n != "factor" {
                        return Err(bad(
                            self.text,
                            self.toks[self.at - 1].0,
                            "a column name or factor(column) (other functions are not supported)",
                            &format!("\"{n}(\""),
                        ));
                    }
                    self.at += 1;
                    let Some(Token::Name(col)) = self.peek().cloned() else {
                        return Err(self.err("a column name inside factor()"));
                    };
                    self.at += 1;
                    if self.peek() != Some(&Token::Sym(')')) {
                        return Err(self.err("\")\""));
                    }
                    self.at += 1;
                    let bit = self.variable(Variable {
                        column: col,
                        factor: true,
                    })?;
                    Ok(Item::Terms(vec![bit]))
                } else {
                    let bit = self.variable(Variable {
                        column: n,
                        factor: false,
                    })?;
                    Ok(Item::Terms(vec![bit]))
                }
            }
            Some(Token::Number(n)) if n == "0" || n == "1" => {
                self.at += 1;
                Ok(Item::Intercept(n == "1"))
            }
            Some(Token::Sym('(')) => {
                self.at += 1;
                let (terms, intercept) = self.sum()?;
                if self.peek() != Some(&Token::Sym(')')) {
                    return Err(self.err("\")\""));
                }
                self.at += 1;
                if intercept.is_some() {
                    return Err(self.err("no 0 or 1 inside parentheses"));
                }
                Ok(Item::Terms(terms))
            }
            _ => Err(self.err("a column name, factor(column), 0 or 1")),
        }
    }

    /// Atoms joined by `:` (all unions of one term from each side) and `*` (both sides
    /// and their interaction), left to right as R does for these two operators of one
    /// precedence level.
    fn product(&mut self) -> Result<Item> {
        let first = self.atom()?;
        if !matches!(self.peek(), Some(Token::Sym(':')) | Some(Token::Sym('*'))) {
            return Ok(first);
        }
        let Item::Terms(mut acc) = first else {
            return Err(bad(
                self.text,
                self.toks[self.at].0,
                "terms on both sides of : and *",
                "an intercept",
            ));
        };
        while let Some(Token::Sym(op)) = self.peek().cloned() {
            if op != ':' && op != '*' {
                break;
            }
            self.at += 1;
            let Item::Terms(rhs) = self.atom()? else {
                return Err(self.err("terms on both sides of : and *"));
            };
            let mut inter = Vec::new();
            for a in &acc {
                for b in &rhs {
                    push_unique(&mut inter, a | b);
                }
            }
            if op == '*' {
                let mut all = acc.clone();
                for t in rhs {
                    push_unique(&mut all, t);
                }
                for t in inter {
                    push_unique(&mut all, t);
                }
                acc = all;
            } else {
                acc = inter;
            }
        }
        Ok(Item::Terms(acc))
    }

    /// Items joined by `+` and `-`.
    fn sum(&mut self) -> Result<(Vec<u64>, Option<bool>)> {
        let mut terms = Vec::new();
        let mut intercept = None;
        let mut sign = '+';
        if let Some(Token::Sym(c @ ('+' | '-'))) = self.peek().cloned() {
            sign = c;
            self.at += 1;
        }
        loop {
            match (self.product()?, sign) {
                (Item::Terms(ts), '+') => {
                    for t in ts {
                        push_unique(&mut terms, t);
                    }
                }
                (Item::Terms(ts), _) => terms.retain(|t| !ts.contains(t)),
                (Item::Intercept(on), '+') => intercept = Some(on),
                (Item::Intercept(on), _) => intercept = Some(!on),
            }
            match self.peek() {
                Some(Token::Sym(c @ ('+' | '-'))) => {
                    sign = *c;
                    self.at += 1;
                }
                _ => return Ok((terms, intercept)),
            }
        }
    }
}

fn push_unique(v: &mut Vec<u64>, t: u64) {
    if !v.contains(&t) {
        v.push(t);
    }
}

impl Formula {
    /// Parses `response ~ terms`.
    pub(crate) fn parse(text: &str) -> Result<Formula> {
        let toks = tokens(text)?;
        let mut p = Parser {
            text,
            toks,
            at: 0,
            variables: Vec::new(),
        };
        let tok = |i: usize| p.toks.get(i).map(|t| &t.1);
        let response = match (tok(0), tok(1), tok(2), tok(3), tok(4)) {
            (Some(Token::Name(n)), Some(Token::Sym('~')), ..) => {
                let n = n.clone();
                p.at = 2;
                n
            }
            // R's factor(y) response of a logistic model: the same column here.
            (
                Some(Token::Name(f)),
                Some(Token::Sym('(')),
                Some(Token::Name(n)),
                Some(Token::Sym(')')),
                Some(Token::Sym('~')),
            ) if f == "factor" => {
                let n = n.clone();
                p.at = 5;
                n
            }
            _ => return Err(p.err("a response column followed by \"~\"")),
        };
        if p.peek().is_none() {
            return Err(p.err("terms after \"~\" (1 for an intercept only)"));
        }
        let (mut terms, intercept) = p.sum()?;
        if p.peek().is_some() {
            return Err(p.err("+, -, * or : between terms"));
        }
        if p.variables.iter().any(|v| v.column == response) {
            return Err(Error::invalid_argument(
                "formula",
                "a response that is not also a predictor",
                format!("\"{response}\" on both sides of \"{text}\""),
            ));
        }
        // R's terms(): by degree, formula order within a degree.
        terms.sort_by_key(|t| t.count_ones());
        Ok(Formula {
            text: text.to_string(),
            response,
            variables: p.variables,
            intercept: intercept.unwrap_or(true),
            terms,
        })
    }

    /// A term's label in R's form: its variables' labels in variable order, joined by `:`.
    pub(crate) fn label(&self, term: u64) -> String {
        self.variables
            .iter()
            .enumerate()
            .filter(|(j, _)| term >> j & 1 == 1)
            .map(|(_, v)| v.label())
            .collect::<Vec<_>>()
            .join(":")
    }

    /// For each term and each of its variables, whether a categorical variable is coded by
    /// treatment contrasts (true) or one indicator per level (false): R's rule is contrasts
    /// when the term without that variable is empty or comes earlier in the model, and
    /// without an intercept the first categorical variable of the first term that has one
    /// gets indicators.
    pub(crate) fn contrasts(&self, categorical: &[bool]) -> Vec<u64> {
        let mut coded: Vec<u64> = Vec::with_capacity(self.terms.len());
        for (i, &t) in self.terms.iter().enumerate() {
            let mut c = 0u64;
            for j in 0..self.variables.len() {
                if t >> j & 1 == 1 {
                    let rest = t & !(1u64 << j);
                    if rest == 0 || self.terms[..i].contains(&rest) {
                        c |= 1 << j;
                    }
                }
            }
            coded.push(c);
        }
        if !self.intercept {
            'first: for (i, &t) in self.terms.iter().enumerate() {
                for (j, &cat) in categorical.iter().enumerate() {
                    if cat && t >> j & 1 == 1 {
                        coded[i] &= !(1u64 << j);
                        break 'first;
                    }
                }
            }
        }
        coded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(f: &Formula) -> Vec<String> {
        f.terms.iter().map(|&t| f.label(t)).collect()
    }

    #[test]
    fn terms_as_r_orders_and_labels_them() {
        // R 4.2.2: attr(terms(y ~ b:a + a * b + c), "term.labels") is "a" "b" "c" "b:a".
        let f = Formula::parse("y ~ b:a + a * b + c").unwrap();
        assert_eq!(labels(&f), ["a", "b", "c", "b:a"]);
        assert!(f.intercept);
        let f = Formula::parse("y ~ 0 + factor(g) + x - x").unwrap();
        assert_eq!(labels(&f), ["factor(g)"]);
        assert!(!f.intercept);
        let f = Formula::parse("y ~ x - 1").unwrap();
        assert!(!f.intercept);
        let f = Formula::parse("factor(y) ~ x").unwrap();
        assert_eq!(
            (f.response.as_str(), labels(&f)),
            ("y", vec!["x".to_string()])
        );
        let f = Formula::parse("y ~ (a + b):c").unwrap();
        assert_eq!(labels(&f), ["a:c", "b:c"]);
    }

    #[test]
    fn contrasts_follow_r() {
        // R 4.2.2: colnames(model.matrix(~ a + a:b)) with two-level factors are
        // "(Intercept)" "ay" "ax:bq" "ay:bq": in a:b, b by contrasts (a comes earlier), a
        // by indicators (b does not); model.matrix(~ 0 + a + b) gives "ax" "ay" "bq".
        let f = Formula::parse("y ~ a + a:b").unwrap();
        let c = f.contrasts(&[true, true]);
        assert_eq!(c, [0b01, 0b10]);
        let f = Formula::parse("y ~ 0 + a + b").unwrap();
        assert_eq!(f.contrasts(&[true, true]), [0b00, 0b10]);
    }

    #[test]
    fn errors_say_where() {
        let e = Formula::parse("y ~ a + log(b)").unwrap_err().to_string();
        assert!(e.contains("character 9"), "{e}");
        let e = Formula::parse("y ~ a +").unwrap_err().to_string();
        assert!(e.contains("found the end"), "{e}");
        let e = Formula::parse("y ~ a + y").unwrap_err().to_string();
        assert!(e.contains("on both sides"), "{e}");
        assert!(Formula::parse("~ a").is_err());
        assert!(Formula::parse("y ~ a $ b").is_err());
    }
}
