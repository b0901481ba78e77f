//! `cargo xtask test`: every test, installing what it needs.
use crate::Result;

/// Runs every test suite in order, stopping at the first failure.
pub fn run_all(_with_docker: bool) -> Result {
    Err("not yet".into())
}
