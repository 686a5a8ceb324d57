//! `costplan compare`, `costplan sweep` and `costplan sensitivity`: each loads its inputs and
//! runs its analysis; [`write`] renders the result in the chosen format and writes it.

use super::Global;
use crate::analysis::model::PricedModel;
use crate::analysis::sweep::Axis;
use crate::analysis::{compare, sensitivity, sweep};
use crate::error::{EXIT_OK, Error, Result};
use crate::pricing::PriceCatalog;
use crate::report::AnalysisFormat;
use crate::report::analysis::AnalysisReport;
use crate::scenario::{self, MAX_SCENARIOS};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// Where and how an analysis is written: the options every analysis shares.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = AnalysisFormat::Table)]
    pub format: AnalysisFormat,
    /// Write to PATH instead of stdout (a file is replaced atomically; a pipe or device is written into); `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Renders an analysis as `report` asks and writes it.
fn write(result: &impl AnalysisReport, report: &ReportArgs, global: &Global) -> Result<u8> {
    global.write_report(report.output.as_deref(), &result.render(report.format))?;
    Ok(EXIT_OK)
}

/// The topology of `file` (or of its scenario `name`), priced for repeated evaluation.
fn priced_model<'c>(
    file: &Path,
    name: Option<&str>,
    plan: &super::terraform::PlanReadArgs,
    catalog: &'c PriceCatalog,
    global: &Global,
) -> Result<PricedModel<'c>> {
    let s = scenario::load_one_reading(file, catalog, name, &plan.reading(global))?;
    plan.account_for([&s])?;
    crate::output::note_input(&s.base);
    PricedModel::new(s.topology, catalog)
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The base topology (or a scenario file with one scenario, or a Terraform plan's JSON).
    pub base: PathBuf,
    /// Scenario files (each may hold many `[[scenario]]`s; a `base` may be a Terraform plan),
    /// topologies or Terraform plans.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub plan: super::terraform::PlanReadArgs,
}

pub fn compare(args: &CompareArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let reading = args.plan.reading(global);
    let base = scenario::load_one_reading(&args.base, catalog, None, &reading)?;
    let mut all = Vec::new();
    for p in &args.scenarios {
        all.extend(scenario::load_any_reading(p, catalog, &reading)?);
        if all.len() > MAX_SCENARIOS {
            return Err(Error::usage(format!(
                "more than {MAX_SCENARIOS} scenarios to compare; compare them in smaller sets"
            )));
        }
    }
    args.plan.account_for(std::iter::once(&base).chain(&all))?;
    // a scenario's base topology is an input too: `-o` may not overwrite it
    for s in std::iter::once(&base).chain(&all) {
        crate::output::note_input(&s.base);
    }
    write(
        &compare::compare(&base, &all, catalog)?,
        &args.report,
        global,
    )
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// Topology TOML file (or a scenario file, or a Terraform plan's JSON).
    pub file: PathBuf,
    /// An input and its values: `PATH=FROM..TO[:STEP]`, e.g. `service.worker.count=1..20`, or a
    /// list `PATH=A,B,…`, e.g. `database.commitment.payment=no_upfront,all_upfront`. Once or twice.
    /// Commitment inputs (`database.commitment.term_years`, `savings_plan.NAME.hourly_commitment_usd`, …)
    /// are swept with a full estimate per point, which shows its amortised month, saving and break-even month.
    #[arg(long = "set", value_name = "PATH=FROM..TO[:STEP]", required = true)]
    pub set: Vec<Axis>,
    /// With a scenario file holding several scenarios: the one to sweep.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub plan: super::terraform::PlanReadArgs,
}

pub fn sweep(args: &SweepArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let model = priced_model(
        &args.file,
        args.scenario.as_deref(),
        &args.plan,
        catalog,
        global,
    )?;
    write(&sweep::sweep(&model, &args.set)?, &args.report, global)
}

#[derive(Debug, clap::Args)]
pub struct SensitivityArgs {
    /// Topology TOML file (or a scenario file, or a Terraform plan's JSON).
    pub file: PathBuf,
    /// How far each input moves either way when the topology declares no range for it.
    #[arg(long, value_name = "PERCENT", default_value = "50%", value_parser = sensitivity::parse_swing)]
    pub swing: Decimal,
    /// With a scenario file holding several scenarios: the one to analyse.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub plan: super::terraform::PlanReadArgs,
}

pub fn sensitivity(args: &SensitivityArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let model = priced_model(
        &args.file,
        args.scenario.as_deref(),
        &args.plan,
        catalog,
        global,
    )?;
    write(
        &sensitivity::sensitivity(&model, args.swing)?,
        &args.report,
        global,
    )
}
