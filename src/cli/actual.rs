//! `costplan actual TOPOLOGY --bill FILE`: the estimate next to one month of the AWS bill, with
//! variance gates.

use super::Global;
use super::diff::{non_negative, non_negative_percent};
use crate::actual::{Filter, Gate, breaches};
use crate::error::{EXIT_BREACH, EXIT_OK, Error, Result};
use crate::pricing::PriceCatalog;
use crate::report::actual::ActualFormat;
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ActualArgs {
    /// Topology TOML file (or a scenario file with one scenario), or a Terraform plan's JSON.
    #[arg(required_unless_present = "emit_sql")]
    pub file: Option<PathBuf>,
    /// The bill: CUR 2.0 or legacy CUR (CSV, gzip CSV, Parquet), FOCUS 1.0/1.2 (CSV, gzip CSV,
    /// Parquet), a Cost Explorer GetCostAndUsage JSON, or the CSV result of the `--emit-sql`
    /// query; the format is detected from the content.
    #[arg(long, value_name = "FILE", required_unless_present = "emit_sql")]
    pub bill: Option<PathBuf>,
    /// Print the one aggregation query costplan needs (month, product code, usage type,
    /// operation, region, line item type, summed usage and cost) for DIALECT (`athena`, `spark`
    /// or `duckdb`) instead of a report: run it where the CUR lives, then give its CSV result to
    /// `--bill`. `--month`, `--tag` and `--account` become its WHERE clause.
    #[arg(long, value_name = "DIALECT", value_parser = dialect, conflicts_with_all = ["file", "bill", "calibrate"])]
    pub emit_sql: Option<crate::bill::sql::Dialect>,
    /// With `--emit-sql`: the CUR table the query reads (`database.table`).
    #[arg(
        long,
        value_name = "NAME",
        requires = "emit_sql",
        default_value = "cur"
    )]
    pub table: String,
    /// With `--emit-sql`: the table's columns, `cur2` (Data Exports CUR 2.0) or `legacy` (the
    /// legacy CUR's Athena integration).
    #[arg(long, value_name = "SCHEMA", value_parser = schema, requires = "emit_sql", default_value = "cur2")]
    pub schema: crate::bill::sql::Schema,
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

fn dialect(s: &str) -> std::result::Result<crate::bill::sql::Dialect, String> {
    crate::bill::sql::Dialect::parse(s).ok_or_else(|| {
        format!("`{s}` is not a SQL dialect costplan writes; use athena, spark or duckdb")
    })
}

fn schema(s: &str) -> std::result::Result<crate::bill::sql::Schema, String> {
    crate::bill::sql::Schema::parse(s)
        .ok_or_else(|| format!("`{s}` is not a CUR schema; use cur2 or legacy"))
}

fn tag(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "`{s}` is not KEY=VALUE; write e.g. `Project=orders`"
        )),
    }
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

/// `--emit-sql`: the aggregation query, printed (or written to `-o`).
fn emit_sql(args: &ActualArgs, dialect: crate::bill::sql::Dialect, global: &Global) -> Result<u8> {
    let filters = crate::bill::sql::Filters {
        month: args.month.clone(),
        tags: args.tag.clone(),
        accounts: args.account.iter().cloned().collect(),
    };
    let text = crate::bill::sql::emit_filtered(dialect, args.schema, &args.table, &filters)?;
    global.write_report(args.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}

pub fn run(args: &ActualArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    if let Some(dialect) = args.emit_sql {
        return emit_sql(args, dialect, global);
    }
    let (Some(file), Some(bill_path)) = (args.file.as_ref(), args.bill.as_ref()) else {
        return Err(Error::usage(
            "actual needs a topology and --bill FILE (or --emit-sql DIALECT)".to_string(),
        ));
    };
    let scenario = crate::scenario::load_one_reading(
        file,
        catalog,
        args.scenario.as_deref(),
        &args.plan.reading(global),
    )?;
    args.plan.account_for([&scenario])?;
    if args.calibrate && scenario.plan.is_some() {
        return Err(Error::usage(format!(
            "{}: --calibrate edits a TOML topology, and this is a Terraform plan; write one with `costplan import terraform {} -o topology.toml`, then calibrate that",
            file.display(),
            file.display()
        )));
    }
    if args.calibrate && scenario.overrides > 0 {
        return Err(Error::usage(format!(
            "{}: --calibrate edits a topology file, and this is a scenario with overrides; calibrate its base `{}`",
            file.display(),
            scenario.base.display()
        )));
    }
    crate::output::note_input(&scenario.base);
    let table = catalog.table(&scenario.topology.region)?;
    global.warn_if_stale(table);
    let estimate = crate::estimate(&scenario.topology, table)?;
    crate::output::note_input(bill_path);
    let bill = crate::actual::aggregate::read_month(bill_path, &args.filter())?;
    if bill.currency != estimate.currency {
        return Err(Error::usage(format!(
            "{}: the bill is in {} and the estimate in {}; costplan does not convert currencies",
            bill_path.display(),
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
