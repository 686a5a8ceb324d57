//! Integration tests: one binary, one module per area.

mod actual;
mod bad_input;
mod bills;
mod bounded;
mod breadth;
mod caches;
mod capacity;
mod cli;
mod commitments;
mod common;
mod containment;
mod databases;
mod exact_money;
mod fresh_machine;
mod fuzz_regressions;
mod golden;
mod hostile;
#[path = "../shared/hostile_estimate.rs"]
mod hostile_estimate;
mod html;
mod http_server;
mod layering;
mod many_of_each;
mod nothing_lost;
mod output_targets;
mod pricing_cli;
mod pricing_import;
mod pricing_templates;
mod pricing_update;
mod properties;
mod reading;
mod regions;
mod reports;
mod scenarios;
mod terraform;
mod xlsx;

/// A file under `tests/fixtures/aws-price-list/`.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aws-price-list")
        .join(name)
}
