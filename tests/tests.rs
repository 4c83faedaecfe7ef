//! Integration tests: one binary (so `cargo test` links once), one module per area.

// A failed expectation in a test should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod baseline_cli;
mod check_cli;
mod check_properties;
mod determinism_cli;
mod explain_check;
mod facts_cli;
mod fuzz;
mod generated;
mod hostile_cli;
mod inputs_cli;
mod kind_properties;
mod kinds_fixtures;
mod layers;
mod multi_cli;
mod quotes_cli;
mod report_formats;
mod rule_errors;
mod rules_cli;
mod stream_cli;
mod values_cli;
