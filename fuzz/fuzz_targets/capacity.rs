//! Topology bytes with `[load]` / `[recovery]` → capacity report, right-sizing, `--apply` text
//! (re-parsed), a short growth plan, and both renderers. Must never panic.
#![no_main]

use costplan::assess::{self, apply, render};
use costplan::source::SourceFile;
use costplan::PriceCatalog;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn catalog() -> &'static PriceCatalog {
    static C: OnceLock<PriceCatalog> = OnceLock::new();
    C.get_or_init(|| PriceCatalog::bundled().expect("bundled tables parse"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile::new("fuzz.toml", text);
    let Ok(t) = costplan::topology::parse(&file, catalog()) else { return };
    let table = catalog().table(&t.region).expect("validated region has a table");
    let Ok(report) = assess::analyse(&t, table, Decimal::ONE) else { return };
    let Ok(rs) = apply::right_size_from(&t, table, Decimal::ONE, &report) else { return };
    let (Ok(current), Ok(sized)) = (costplan::estimate(&t, table), costplan::estimate(&rs.apply_to(&t), table)) else {
        return;
    };
    let cost = render::CostComparison::new(&current, &sized, &rs);
    let _ = render::table_report(&report, &cost, &current, &sized);
    let _ = render::json(&report, &cost);
    if let Ok(applied) = rs.apply_to_text("fuzz.toml", text, &current, &sized) {
        // the applied topology must itself be valid
        let reparsed = costplan::topology::parse(&SourceFile::new("applied.toml", applied), catalog());
        assert!(reparsed.is_ok(), "{reparsed:?}");
    }
    if let Ok(g) = assess::growth::plan(&t, table, Decimal::new(2, 1), 3) {
        let _ = render::growth_table(&g);
        let _ = render::growth_json(&g);
        let _ = assess::html::growth_html(&g);
    }
});
