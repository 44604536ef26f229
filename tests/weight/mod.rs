//! Respondent-level estimates, raking and their CLI commands.

mod reference;
