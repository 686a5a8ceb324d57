//! Topology bytes with `[load]` / `[recovery]` → capacity report, right-sizing, `--apply` text
//! (re-parsed), a short growth plan, and every capacity format. Must never panic.
#![no_main]

use costplan::capacity::assess::{self, right_size, CostComparison};
use costplan::report::capacity::{apply_header, CapacityView, Export, GrowthView};
use costplan::report::{capacity_html, capacity_json, capacity_table};
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
    let Ok(rs) = right_size::right_size_from(&t, table, Decimal::ONE, &report) else { return };
    let (Ok(current), Ok(sized)) = (costplan::estimate(&t, table), costplan::estimate(&rs.apply_to(&t), table)) else {
        return;
    };
    let cost = CostComparison::new(&current, &sized, &rs);
    let view = CapacityView::new(&report, &cost, &current, &sized);
    let _ = capacity_table::Table.export(&view);
    let _ = capacity_json::Json.export(&view);
    let _ = report.breaches();
    if let Ok(applied) = rs.apply_to_text("fuzz.toml", text) {
        let applied = apply_header("fuzz.toml", &rs, &current, &sized) + &applied;
        // the applied topology must itself be valid
        let reparsed = costplan::topology::parse(&SourceFile::new("applied.toml", applied), catalog());
        assert!(reparsed.is_ok(), "{reparsed:?}");
    }
    if let Ok(g) = assess::growth::plan(&t, table, Decimal::new(2, 1), 3) {
        let view = GrowthView::new(&g);
        let _ = capacity_table::Table.export(&view);
        let _ = capacity_json::Json.export(&view);
        let _ = capacity_html::Html.export(&view);
    }
});
