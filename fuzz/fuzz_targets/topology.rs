//! Topology bytes → parse → validate → estimate → every renderer. Must never panic.
#![no_main]

use costplan::source::SourceFile;
use costplan::{PriceCatalog, report};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn catalog() -> &'static PriceCatalog {
    static C: OnceLock<PriceCatalog> = OnceLock::new();
    C.get_or_init(|| PriceCatalog::bundled().expect("bundled tables parse"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile::new("fuzz.toml", text);
    match costplan::topology::parse(&file, catalog()) {
        Ok(t) => {
            let table = catalog().table(&t.region).expect("validated region has a table");
            if let Ok(e) = costplan::estimate(&t, table) {
                let _ = report::table::render(&report::EstimateView::new(&e));
                let _ = report::json::render(&e);
                let _ = report::csv::render(&report::EstimateView::new(&e));
                let _ = report::markdown::render(&report::EstimateView::new(&e));
                let d = costplan::diff::diff(&e, &e);
                let _ = report::markdown::render_diff(&d);
                let _ = report::table::render_diff(&d, false);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
