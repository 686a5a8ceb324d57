//! AWS Price List offer file bytes (CSV) → the CSV offer parser with the bundled selectors
//! (`pricing import` / `pricing update`) → `resolve` (one product and one on-demand term per key,
//! tiers, reserved terms). Must never panic, and memory must stay bounded.
#![no_main]

use costplan::pricing::import::{Selector, csv_offer, resolve, rules};
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use std::sync::OnceLock;

fn selectors() -> &'static [Selector] {
    static S: OnceLock<Vec<Selector>> = OnceLock::new();
    S.get_or_init(|| rules::selectors("us-east-1"))
}

fuzz_target!(|data: &[u8]| {
    match csv_offer::parse_offer(Cursor::new(data), selectors(), "fuzz.csv") {
        Ok(extract) => match resolve::resolve(selectors(), &extract, "us-east-1") {
            Ok(prices) => {
                let _ = (prices.prices.len(), prices.missing.len());
            }
            Err(e) => {
                let _ = e.to_string();
            }
        },
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
