//! The bundled dataset, the tidy format's validation rules and round trips.

mod bundled;
mod roundtrip;
mod validation;
