//! JSON estimate bytes (what `costplan diff` reads from an untrusted pull request) → the loader's
//! checks → diff against itself and the baseline → every diff and estimate renderer. Must never
//! panic.
#![no_main]

use costplan::source::SourceFile;
use costplan::{Estimate, PriceCatalog, report};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn baseline() -> &'static Estimate {
    static E: OnceLock<Estimate> = OnceLock::new();
    E.get_or_init(|| {
        let catalog = PriceCatalog::bundled().expect("bundled tables parse");
        let text = include_str!("../../scenarios/baseline.toml");
        let t = costplan::topology::parse(&SourceFile::new("baseline.toml", text), &catalog)
            .expect("baseline is valid");
        costplan::estimate(&t, catalog.table(&t.region).expect("table")).expect("estimate")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match costplan::input::from_json(&SourceFile::new("fuzz.json", text)) {
        Ok(e) => {
            for f in [
                report::Format::Table,
                report::Format::Json,
                report::Format::Csv,
                report::Format::Markdown,
            ] {
                let _ = f.render(&e);
                for d in [
                    costplan::diff::diff(&e, baseline()),
                    costplan::diff::diff(baseline(), &e),
                ] {
                    let _ = f.render_diff(&d, true);
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
