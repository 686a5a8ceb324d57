//! Integration tests: one binary, one module per area.

mod bad_input;
mod capacity;
mod cli;
mod common;
mod golden;
mod properties;
