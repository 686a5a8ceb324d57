//! `costplan actual TOPOLOGY --bill FILE`: the estimate next to one month of the AWS bill, with
//! variance gates.

use super::Global;
use crate::actual::{Filter, Gate, breaches};
use crate::error::{EXIT_BREACH, EXIT_OK, Error, Result};
use crate::pricing::PriceCatalog;
use crate::report::actual::ActualFormat;
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ActualArgs {
    /// Topology TOML file (or a scenario file with one scenario), or a Terraform plan's JSON.
    pub file: PathBuf,
    /// The bill: CUR 2.0 or legacy CUR (CSV, gzip CSV, Parquet), FOCUS (CSV, gzip CSV) or a Cost
    /// Explorer GetCostAndUsage JSON; the format is detected from the content.
    #[arg(long, value_name = "FILE")]
    pub bill: PathBuf,
    /// The billing month to compare, `YYYY-MM`; required when the bill holds several.
    #[arg(long, value_name = "YYYY-MM", value_parser = month)]
    pub month: Option<String>,
    /// Keep only bill lines with this tag (repeatable; all must match), e.g. `Project=orders`.
    /// The key matches in each format's spelling (`user:Project`, `user_Project`, `project`).
    #[arg(long, value_name = "KEY=VALUE", value_parser = tag)]
    pub tag: Vec<(String, String)>,
    /// Keep only bill lines of this usage account.
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ActualFormat::Table)]
    pub format: ActualFormat,
    /// Write to PATH instead of stdout (a file is replaced atomically; a pipe or device is written into); `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Exit 1 when the bill differs from the estimate by more than PERCENT (either way), e.g. `10` or `10%`.
    #[arg(long, value_name = "PERCENT", value_parser = non_negative_percent, allow_negative_numbers = true)]
    pub fail_on_variance_percent: Option<Decimal>,
    /// Exit 1 when the bill differs from the estimate by more than USD (either way).
    #[arg(long, value_name = "USD", value_parser = non_negative, allow_negative_numbers = true)]
    pub fail_on_variance_usd: Option<Decimal>,
    /// Write the topology with its usage quantities set from the bill (to `-o FILE`, else
    /// stdout) instead of the report; each changed value's comment gives the old value and the
    /// month. Design choices are reported on stderr, never changed. TOML topologies only.
    #[arg(long)]
    pub calibrate: bool,
    /// With a scenario file holding several scenarios: the one to compare.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    #[command(flatten)]
    pub plan: super::terraform::PlanReadArgs,
}

fn month(s: &str) -> std::result::Result<String, String> {
    match crate::bill::month_of(s) {
        Some(m) if m.len() == s.trim().len() => Ok(m),
        _ => Err(format!("`{s}` is not a month; write e.g. `2026-11`")),
    }
}

fn tag(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "`{s}` is not KEY=VALUE; write e.g. `Project=orders`"
        )),
    }
}

fn non_negative(s: &str) -> std::result::Result<Decimal, String> {
    let d: Decimal = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number; write e.g. `50` or `12.5`"))?;
    if d < Decimal::ZERO {
        return Err(format!("`{s}` is negative; a gate threshold is 0 or more"));
    }
    Ok(d)
}

fn non_negative_percent(s: &str) -> std::result::Result<Decimal, String> {
    let d = crate::money::parse_percent(s)
        .ok_or_else(|| format!("`{s}` is not a percentage; write e.g. `10%` or `12.5`"))?;
    if d < Decimal::ZERO {
        return Err(format!("`{s}` is negative; a gate threshold is 0 or more"));
    }
    Ok(d)
}

impl ActualArgs {
    fn gates(&self) -> Vec<Gate> {
        let mut gates = Vec::new();
        gates.extend(self.fail_on_variance_usd.map(Gate::VarianceUsd));
        gates.extend(self.fail_on_variance_percent.map(Gate::VariancePercent));
        gates
    }

    pub fn filter(&self) -> Filter {
        Filter {
            month: self.month.clone(),
            tags: self.tag.clone(),
            account: self.account.clone(),
        }
    }
}

/// `--calibrate`: the calibrated topology to `-o` (or stdout), changes and findings on stderr.
fn calibrate(
    args: &ActualArgs,
    scenario: &crate::scenario::Scenario,
    estimate: &crate::Estimate,
    actual: &crate::actual::Actual,
    global: &Global,
) -> Result<u8> {
    let file = crate::source::SourceFile::read(
        &scenario.base,
        crate::topology::validate::MAX_TOPOLOGY_BYTES,
    )?;
    let cal = crate::actual::calibrate::calibrate(
        &file.path,
        &file.text,
        estimate,
        &actual.comparison,
        &actual.month,
    )?;
    let text = crate::report::actual::calibration_header(&file.path, actual, &cal) + &cal.text;
    global.write_report(args.output.as_deref(), &text)?;
    for line in crate::report::actual::calibration_lines(&cal) {
        crate::output::warn(&line);
    }
    Ok(EXIT_OK)
}

pub fn run(args: &ActualArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let scenario = crate::scenario::load_one_reading(
        &args.file,
        catalog,
        args.scenario.as_deref(),
        &args.plan.reading(global),
    )?;
    args.plan.account_for([&scenario])?;
    if args.calibrate && scenario.plan.is_some() {
        return Err(Error::usage(format!(
            "{}: --calibrate edits a TOML topology, and this is a Terraform plan; write one with `costplan import terraform {} -o topology.toml`, then calibrate that",
            args.file.display(),
            args.file.display()
        )));
    }
    if args.calibrate && scenario.overrides > 0 {
        return Err(Error::usage(format!(
            "{}: --calibrate edits a topology file, and this is a scenario with overrides; calibrate its base `{}`",
            args.file.display(),
            scenario.base.display()
        )));
    }
    crate::output::note_input(&scenario.base);
    let table = catalog.table(&scenario.topology.region)?;
    global.warn_if_stale(table);
    let estimate = crate::estimate(&scenario.topology, table)?;
    crate::output::note_input(&args.bill);
    let bill = crate::actual::aggregate::read_month(&args.bill, &args.filter())?;
    if bill.currency != estimate.currency {
        return Err(Error::usage(format!(
            "{}: the bill is in {} and the estimate in {}; costplan does not convert currencies",
            args.bill.display(),
            bill.currency,
            estimate.currency
        )));
    }
    let actual = crate::actual::actual(&estimate, table, &bill, &args.filter())?;
    if args.calibrate {
        return calibrate(args, &scenario, &estimate, &actual, global);
    }
    global.write_report(args.output.as_deref(), &args.format.render(&actual))?;
    let reasons = breaches(&actual, &args.gates());
    for r in &reasons {
        crate::output::warn(r);
    }
    Ok(if reasons.is_empty() {
        EXIT_OK
    } else {
        EXIT_BREACH
    })
}
