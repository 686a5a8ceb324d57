//! `costplan diff BASE HEAD`: what a change does to the monthly cost, with CI gates.

use super::Global;
use crate::diff::{Gate, breaches, diff};
use crate::error::{EXIT_BREACH, EXIT_OK, Error, Result};
use crate::pricing::PriceCatalog;
use crate::report::Format;
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The base: a topology TOML, a JSON estimate from `estimate --format json`, or a Terraform
    /// plan's JSON (`terraform show -json PLANFILE`).
    pub base: PathBuf,
    /// The head, compared with the base: a topology TOML, a JSON estimate or a Terraform plan.
    pub head: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to PATH instead of stdout (a file is replaced atomically; a pipe or device is written into); `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Exit 1 when the monthly total increases by more than USD.
    #[arg(long, value_name = "USD", value_parser = non_negative, allow_negative_numbers = true)]
    pub fail_on_increase_usd: Option<Decimal>,
    /// Exit 1 when the monthly total increases by more than PERCENT (of the base total), e.g.
    /// `10` or `10%`.
    #[arg(long, value_name = "PERCENT", value_parser = non_negative_percent, allow_negative_numbers = true)]
    pub fail_on_increase_percent: Option<Decimal>,
    /// Exit 1 when the new monthly total is above USD.
    #[arg(long, value_name = "USD", value_parser = non_negative, allow_negative_numbers = true)]
    pub fail_on_total_usd: Option<Decimal>,
    /// Usage for the sides that are Terraform plans: an Infracost usage file (YAML) or the same in TOML.
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// For the sides that are Terraform plans: the region of resources whose provider states none.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Exit 1 when the head is a Terraform plan with resources costplan does not price.
    #[arg(long)]
    pub fail_on_unsupported: bool,
}

/// A gate threshold: a non-negative decimal such as `50` or `12.5` (`diff`'s and `actual`'s).
pub(super) fn non_negative(s: &str) -> std::result::Result<Decimal, String> {
    let d: Decimal = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number; write e.g. `50` or `12.5`"))?;
    if d < Decimal::ZERO {
        return Err(format!("`{s}` is negative; a gate threshold is 0 or more"));
    }
    Ok(d)
}

/// A percent gate threshold: `10`, `12.5` or `10%`, 0 or more (`diff`'s and `actual`'s).
pub(super) fn non_negative_percent(s: &str) -> std::result::Result<Decimal, String> {
    let d = crate::money::parse_percent(s)
        .ok_or_else(|| format!("`{s}` is not a percentage; write e.g. `10%` or `12.5`"))?;
    if d < Decimal::ZERO {
        return Err(format!("`{s}` is negative; a gate threshold is 0 or more"));
    }
    Ok(d)
}

impl DiffArgs {
    fn gates(&self) -> Vec<Gate> {
        let mut gates = Vec::new();
        gates.extend(self.fail_on_increase_usd.map(Gate::IncreaseUsd));
        gates.extend(self.fail_on_increase_percent.map(Gate::IncreasePercent));
        gates.extend(self.fail_on_total_usd.map(Gate::TotalUsd));
        gates
    }
}

pub fn run(args: &DiffArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let plan = crate::terraform::PlanInput {
        usage: args.usage.clone(),
        region: args.region.clone(),
        only_region: None,
        one_region: false,
    };
    let base = crate::input::read_with(&args.base, catalog, &plan)?;
    let head = crate::input::read_with(&args.head, catalog, &plan)?;
    if base.currency != head.currency {
        return Err(Error::usage(format!(
            "cannot compare estimates in {} and {}",
            base.currency, head.currency
        )));
    }
    let d = diff(&base, &head);
    let colour = args.output.is_none() && global.colour();
    // The report is written first: a breached gate still leaves it for the PR comment.
    match crate::text::sanitized(&d).filter(|_| colour) {
        // Colour adds escape sequences of its own: the text is made safe before, not after.
        Some(safe) => global.write_report_styled(
            args.output.as_deref(),
            &args.format.render_diff(&safe, true),
        )?,
        None => global.write_report(args.output.as_deref(), &args.format.render_diff(&d, false))?,
    }
    let reasons = breaches(&d, &args.gates());
    for r in &reasons {
        crate::output::warn(&r.to_string());
    }
    let unsupported = super::estimate::unsupported_gate(&head, args.fail_on_unsupported);
    Ok(if reasons.is_empty() && unsupported == EXIT_OK {
        EXIT_OK
    } else {
        EXIT_BREACH
    })
}
