//! Scenario file text (what `estimate`, `compare`, `sweep` and `sensitivity` read from an
//! untrusted pull request) → `scenario::load_any` (parse, resolve `base`, apply `[set]`/`[scale]`,
//! validate) → estimate → renderers. Must never panic.
//!
//! The text is written to `scenario.toml` in a per-process temporary directory next to a copy of
//! `scenarios/baseline.toml`, so `base = "baseline.toml"` resolves the way it does for a user.
#![no_main]

use costplan::{PriceCatalog, report};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn catalog() -> &'static PriceCatalog {
    static C: OnceLock<PriceCatalog> = OnceLock::new();
    C.get_or_init(|| PriceCatalog::bundled().expect("bundled tables parse"))
}

fn dir() -> &'static PathBuf {
    static D: OnceLock<PathBuf> = OnceLock::new();
    D.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("costplan-fuzz-scenario-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("temp dir");
        std::fs::write(
            d.join("baseline.toml"),
            include_str!("../../scenarios/baseline.toml"),
        )
        .expect("write baseline");
        std::fs::write(
            d.join("usage-ranges.toml"),
            include_str!("../../scenarios/usage-ranges.toml"),
        )
        .expect("write usage-ranges");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = dir().join("scenario.toml");
    if std::fs::write(&path, text).is_err() {
        return;
    }
    match costplan::scenario::load_any(&path, catalog()) {
        Ok(list) => {
            for s in list {
                let Ok(table) = catalog().table(&s.topology.region) else {
                    continue;
                };
                if let Ok(e) = costplan::estimate(&s.topology, table) {
                    let _ = report::table::render(&report::EstimateView::new(&e));
                    let _ = report::json::render(&e);
                    let _ = report::csv::render(&report::EstimateView::new(&e));
                    let _ = report::markdown::render(&report::EstimateView::new(&e));
                }
                if let Ok(model) =
                    costplan::analysis::model::PricedModel::new(s.topology, catalog())
                {
                    let _ = costplan::analysis::simulate::range_totals(&model, true);
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
