//! Integration tests: one binary.

mod http_server;
mod pricing_import;
mod pricing_update;

/// A file under `tests/fixtures/aws-price-list/`.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aws-price-list")
        .join(name)
}
