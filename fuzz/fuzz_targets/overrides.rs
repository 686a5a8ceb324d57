//! Override and sweep strings → their parsers and the code that applies them. Each input line is
//! one command-line value:
//!
//! - `sweep PATH=FROM..TO[:STEP]`: a `sweep --set` axis (`Axis::from_str`, `Axis::values`,
//!   `check_value`, then the sweep itself and its renderers when it has at most 8 points);
//! - `swing PERCENT`: a `sensitivity --swing` value (`parse_swing`, then the analysis);
//! - `scale PATH=FACTOR`: a `[scale]` override;
//! - `PATH=VALUE` (anything else): a `[set]` override, VALUE as TOML.
//!
//! The overrides are written, as a scenario file would hold them, next to a copy of
//! `scenarios/baseline.toml` and applied by `scenario::load_any`; the axes and swing run on the
//! result. Must never panic.
#![no_main]

use costplan::PriceCatalog;
use costplan::analysis::model::PricedModel;
use costplan::analysis::{sensitivity, sweep};
use costplan::report::analysis as grids;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::OnceLock;

/// The fuzz target runs a sweep's evaluations only up to this many points, to keep executions
/// fast; `Axis::values` and the limits are exercised for every axis.
const MAX_FUZZ_POINTS: usize = 8;

fn catalog() -> &'static PriceCatalog {
    static C: OnceLock<PriceCatalog> = OnceLock::new();
    C.get_or_init(|| PriceCatalog::bundled().expect("bundled tables parse"))
}

fn dir() -> &'static PathBuf {
    static D: OnceLock<PathBuf> = OnceLock::new();
    D.get_or_init(|| {
        let d =
            std::env::temp_dir().join(format!("costplan-fuzz-overrides-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("temp dir");
        std::fs::write(
            d.join("baseline.toml"),
            include_str!("../../scenarios/baseline.toml"),
        )
        .expect("write baseline");
        d
    })
}

fn baseline() -> &'static costplan::Topology {
    static T: OnceLock<costplan::Topology> = OnceLock::new();
    T.get_or_init(|| {
        costplan::scenario::load_one(&dir().join("baseline.toml"), catalog(), None)
            .expect("baseline loads")
            .topology
    })
}

/// A TOML basic string holding `s`.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut set = String::new();
    let mut scale = String::new();
    let mut axes = Vec::new();
    let mut swing = None;
    for line in text.lines().take(16) {
        if let Some(a) = line.strip_prefix("sweep ") {
            match sweep::Axis::from_str(a) {
                Ok(a) => axes.push(a),
                Err(e) => {
                    let _ = e.len();
                }
            }
        } else if let Some(s) = line.strip_prefix("swing ") {
            swing = sensitivity::parse_swing(s).ok();
        } else if let Some(kv) = line.strip_prefix("scale ") {
            let Some((k, v)) = kv.split_once('=') else {
                continue;
            };
            let _ = writeln!(scale, "{} = {}", quoted(k.trim()), v);
        } else if let Some((k, v)) = line.split_once('=') {
            let _ = writeln!(set, "{} = {}", quoted(k.trim()), v);
        }
    }
    let topology = if set.is_empty() && scale.is_empty() {
        // No override: the baseline, loaded once (keeps sweep- and swing-only inputs fast).
        baseline().clone()
    } else {
        let scenario = format!("base = \"baseline.toml\"\n[set]\n{set}[scale]\n{scale}");
        let path = dir().join("overrides.toml");
        if std::fs::write(&path, &scenario).is_err() {
            return;
        }
        match costplan::scenario::load_one(&path, catalog(), None) {
            Ok(s) => s.topology,
            Err(e) => {
                let _ = e.to_string();
                return;
            }
        }
    };
    let Ok(model) = PricedModel::new(topology, catalog()) else {
        return;
    };
    if !axes.is_empty() {
        // The sweep's own checks, axis by axis; then the whole sweep when it is small.
        let mut points = 1usize;
        for a in &axes {
            if let Ok((t, _)) = model.input(&a.path) {
                match a.values(t) {
                    Ok(vs) => {
                        for v in &vs {
                            let _ = model.check_value(t, *v);
                        }
                        points = points.saturating_mul(vs.len());
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
        }
        if points <= MAX_FUZZ_POINTS {
            match sweep::sweep(&model, &axes) {
                Ok(r) => {
                    let _ = grids::sweep_table(&r);
                    let _ = grids::sweep_grid(&r).csv();
                    let _ = grids::sweep_grid(&r).markdown();
                    let _ = costplan::report::html::sweep(&r);
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
    }
    if let Some(sw) = swing {
        if let Ok(r) = sensitivity::sensitivity(&model, sw) {
            let _ = grids::sensitivity_table(&r);
            let _ = grids::sensitivity_grid(&r).markdown();
        }
    }
});
