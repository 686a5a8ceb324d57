//! `costplan check FILE`: validate a topology and hold it to its budget.

use super::Global;
use crate::error::{EXIT_BREACH, EXIT_OK, Result};
use crate::pricing::PriceCatalog;
use crate::report::check::{breach_lines, verdict};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Topology TOML file, a scenario file with one scenario, or a Terraform plan's JSON
    /// (`terraform show -json PLANFILE`).
    pub file: PathBuf,
    /// With a scenario file holding several scenarios: the one to check.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    #[command(flatten)]
    pub plan: super::terraform::PlanReadArgs,
}

pub fn run(args: &CheckArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let scenario = crate::scenario::load_one_reading(
        &args.file,
        catalog,
        args.scenario.as_deref(),
        &args.plan.reading(global),
    )?;
    args.plan.account_for([&scenario])?;
    let topology = scenario.topology;
    let estimate = crate::estimate(&topology, catalog.table(&topology.region)?)?;
    // recovery targets are reported, not gated: `capacity` exits 1 when one fails
    let recovery = crate::capacity::assess::recovery_report(&topology)?;
    let text = verdict(&scenario.file, &estimate, recovery.as_ref());
    global.write_report(None, &text)?;
    // stderr names every limit that makes the exit 1
    for line in breach_lines(&estimate) {
        crate::output::warn(&line);
    }
    let over_budget = estimate.budget.as_ref().is_some_and(|b| b.over_budget);
    Ok(if over_budget { EXIT_BREACH } else { EXIT_OK })
}
