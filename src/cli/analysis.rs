//! `costplan compare`, `costplan sweep` and `costplan sensitivity`.

use super::Global;
use crate::analysis::model::PricedModel;
use crate::analysis::sweep::Axis;
use crate::analysis::{compare, sensitivity, sweep};
use crate::error::{EXIT_OK, Error, Result};
use crate::pricing::PriceCatalog;
use crate::report::{AnalysisFormat, analysis as grids, html};
use crate::scenario::{self, MAX_SCENARIOS};
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The base topology (or a scenario file with one scenario).
    pub base: PathBuf,
    /// Scenario files (each may hold many `[[scenario]]`s) or topologies.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = AnalysisFormat::Table)]
    pub format: AnalysisFormat,
    /// Write to PATH (atomically) instead of stdout; `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn compare(args: &CompareArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let base = scenario::load_one_with(&args.base, catalog, None, global.paths)?;
    let mut all = Vec::new();
    for p in &args.scenarios {
        all.extend(scenario::load_any_with(p, catalog, global.paths)?);
        if all.len() > MAX_SCENARIOS {
            return Err(Error::usage(format!(
                "more than {MAX_SCENARIOS} scenarios to compare; compare them in smaller sets"
            )));
        }
    }
    let c = compare::compare(&base, &all, catalog)?;
    let text = match args.format {
        AnalysisFormat::Table => grids::compare_table(&c),
        AnalysisFormat::Json => json(&c),
        AnalysisFormat::Csv => grids::compare_grid(&c).csv(),
        AnalysisFormat::Markdown => grids::compare_grid(&c).markdown(),
        AnalysisFormat::Html => html::compare(&c),
    };
    global.write_report(args.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// Topology TOML file (or a scenario file).
    pub file: PathBuf,
    /// An input and its values: `PATH=FROM..TO[:STEP]`, e.g. `service.worker.count=1..20`. Once or twice.
    #[arg(long = "set", value_name = "PATH=FROM..TO[:STEP]", required = true)]
    pub set: Vec<Axis>,
    /// With a scenario file holding several scenarios: the one to sweep.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = AnalysisFormat::Table)]
    pub format: AnalysisFormat,
    /// Write to PATH (atomically) instead of stdout; `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn sweep(args: &SweepArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let s = scenario::load_one_with(&args.file, catalog, args.scenario.as_deref(), global.paths)?;
    let model = PricedModel::new(s.topology, catalog)?;
    let r = sweep::sweep(&model, &args.set)?;
    let text = match args.format {
        AnalysisFormat::Table => grids::sweep_table(&r),
        AnalysisFormat::Json => json(&r),
        AnalysisFormat::Csv => grids::sweep_grid(&r).csv(),
        AnalysisFormat::Markdown => grids::sweep_grid(&r).markdown(),
        AnalysisFormat::Html => html::sweep(&r),
    };
    global.write_report(args.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}

#[derive(Debug, clap::Args)]
pub struct SensitivityArgs {
    /// Topology TOML file (or a scenario file).
    pub file: PathBuf,
    /// How far each input moves either way when the topology declares no range for it.
    #[arg(long, value_name = "PERCENT", default_value = "50%", value_parser = sensitivity::parse_swing)]
    pub swing: Decimal,
    /// With a scenario file holding several scenarios: the one to analyse.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = AnalysisFormat::Table)]
    pub format: AnalysisFormat,
    /// Write to PATH (atomically) instead of stdout; `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn sensitivity(args: &SensitivityArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let s = scenario::load_one_with(&args.file, catalog, args.scenario.as_deref(), global.paths)?;
    let model = PricedModel::new(s.topology, catalog)?;
    let r = sensitivity::sensitivity(&model, args.swing)?;
    let text = match args.format {
        AnalysisFormat::Table => grids::sensitivity_table(&r),
        AnalysisFormat::Json => json(&r),
        AnalysisFormat::Csv => grids::sensitivity_grid(&r).csv(),
        AnalysisFormat::Markdown => grids::sensitivity_grid(&r).markdown(),
        AnalysisFormat::Html => html::sensitivity(&r),
    };
    global.write_report(args.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
