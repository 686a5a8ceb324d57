//! `costplan capacity FILE`: what the stated load needs against what the topology provisions,
//! the cost of the right-sized topology, `--apply` and `--growth`.

use super::Global;
use crate::capacity::assess::{self, CostComparison, growth, right_size};
use crate::error::{EXIT_BREACH, EXIT_OK, Error, Result};
use crate::pricing::PriceCatalog;
use crate::report::capacity::{CapacityView, Export, GrowthView, apply_header, breach_lines};
use crate::report::{capacity_html, capacity_json, capacity_markdown, capacity_table};
use crate::source::SourceFile;
use crate::topology::validate::MAX_TOPOLOGY_BYTES;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// Output formats of `capacity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Readable tables.
    #[default]
    Table,
    /// The report as data (the contract in docs/capacity.md).
    Json,
    /// GitHub-flavoured Markdown, for a pull-request comment.
    Markdown,
    /// With `--growth`: one self-contained HTML page with charts.
    Html,
}

#[derive(Debug, clap::Args)]
pub struct CapacityArgs {
    /// Topology TOML file with `[load]` / `[service.load]` (and optionally `[recovery]`), a
    /// scenario file with one scenario, or a Terraform plan's JSON (its load from `--usage`).
    pub file: PathBuf,
    /// With a scenario file holding several scenarios: the one to size.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to PATH instead of stdout (a file is replaced atomically; a pipe or device is written into); `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Print the right-sized topology as TOML (comments kept; a header names the changes and both costs).
    #[arg(long, conflicts_with_all = ["growth", "format"])]
    pub apply: bool,
    /// Month-by-month required capacity and cost under compound growth, e.g. `10%` per month.
    #[arg(long, value_name = "RATE", allow_hyphen_values = true)]
    pub growth: Option<String>,
    /// Months in the growth plan (1 to 120).
    #[arg(long, value_name = "N", default_value_t = 12, requires = "growth")]
    pub months: u32,
    #[command(flatten)]
    pub plan: super::terraform::PlanReadArgs,
}

pub fn run(args: &CapacityArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    if args.format == Format::Html && args.growth.is_none() {
        return Err(Error::usage(
            "`--format html` draws the growth plan: add `--growth RATE` (the capacity report is `table`, `json` or `markdown`)",
        ));
    }
    let scenario = crate::scenario::load_one_reading(
        &args.file,
        catalog,
        args.scenario.as_deref(),
        &args.plan.reading(global),
    )?;
    args.plan.account_for([&scenario])?;
    crate::output::note_input(&scenario.base);
    if args.apply && (scenario.overrides > 0 || scenario.plan.is_some()) {
        return Err(Error::usage(format!(
            "{}: `--apply` edits a topology file, and this is a scenario with overrides; run it on the base topology `{}`",
            args.file.display(),
            scenario.base.display()
        )));
    }
    let topology = scenario.topology;
    let table = catalog.table(&topology.region)?;
    global.warn_if_stale(table);
    if let Some(rate) = &args.growth {
        if args.months == 0 {
            return Err(Error::usage("`--months` must be at least 1"));
        }
        let rate = crate::capacity::growth::parse_rate(rate)?;
        let plan = growth::plan(&topology, table, rate, args.months)
            .map_err(|e| assess::locate_limit(e, &scenario.base))?;
        let exporter: &dyn Export<GrowthView> = match args.format {
            Format::Table => &capacity_table::Table,
            Format::Json => &capacity_json::Json,
            Format::Markdown => &capacity_markdown::Markdown,
            Format::Html => &capacity_html::Html,
        };
        let text = exporter.export(&GrowthView::new(&plan));
        global.write_report(args.output.as_deref(), &text)?;
        return Ok(EXIT_OK);
    }
    let report = assess::analyse(&topology, table, Decimal::ONE)
        .map_err(|e| assess::locate_limit(e, &scenario.base))?;
    let rs = right_size::right_size_from(&topology, table, Decimal::ONE, &report)
        .map_err(|e| assess::locate_limit(e, &scenario.base))?;
    let current = crate::estimate(&topology, table)?;
    let right_sized_topology = rs.apply_to(&topology);
    let right_sized = crate::estimate(&right_sized_topology, table)?;
    if args.apply {
        let file = SourceFile::read(&args.file, MAX_TOPOLOGY_BYTES)?;
        let text = apply_header(&file.path, &rs, &current, &right_sized)
            + &rs.apply_to_text(&file.path, &file.text)?;
        global.write_report(args.output.as_deref(), &text)?;
        return Ok(EXIT_OK);
    }
    let mut cost = CostComparison::new(&current, &right_sized, &rs);
    cost.savings_plans =
        crate::estimate::commitment::savings_plan_fit(&right_sized_topology, table, &right_sized)?;
    let exporter: &dyn Export<CapacityView> = match args.format {
        Format::Table => &capacity_table::Table,
        Format::Markdown => &capacity_markdown::Markdown,
        // `html` without `--growth` was refused above
        Format::Json | Format::Html => &capacity_json::Json,
    };
    let text = exporter.export(&CapacityView::new(&report, &cost, &current, &right_sized));
    global.write_report(args.output.as_deref(), &text)?;
    // the report is on stdout (or in a file); stderr names every check that makes the exit 1
    let breaches = report.breaches();
    for line in breach_lines(&breaches) {
        crate::output::warn(&line);
    }
    Ok(if breaches.is_empty() {
        EXIT_OK
    } else {
        EXIT_BREACH
    })
}
