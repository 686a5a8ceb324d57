//! `costplan check FILE`: validate a topology and hold it to its budget.

use super::Global;
use crate::error::{EXIT_BREACH, EXIT_OK, Result};
use crate::pricing::PriceCatalog;
use crate::report::check::{breach_lines, verdict};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Topology TOML file.
    pub file: PathBuf,
}

pub fn run(args: &CheckArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let (topology, file) = crate::topology::read(&args.file, catalog)?;
    let estimate = crate::estimate(&topology, catalog.table(&topology.region)?)?;
    // recovery targets are reported, not gated: `capacity` exits 1 when one fails
    let recovery = crate::capacity::assess::recovery_report(&topology)?;
    let text = verdict(&file.path, &estimate, recovery.as_ref());
    global.write_report(None, &text)?;
    // stderr names every limit that makes the exit 1
    for line in breach_lines(&estimate) {
        crate::output::warn(&line);
    }
    let over_budget = estimate.budget.as_ref().is_some_and(|b| b.over_budget);
    Ok(if over_budget { EXIT_BREACH } else { EXIT_OK })
}
