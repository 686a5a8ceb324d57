//! Integration tests: one binary.
mod finance;
