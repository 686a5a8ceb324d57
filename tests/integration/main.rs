//! Integration tests: one binary.

mod html;
mod scenarios;
