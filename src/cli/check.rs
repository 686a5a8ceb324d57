//! `costplan check FILE`: validate a topology and hold it to its budget.

use super::Global;
use crate::error::{EXIT_BREACH, EXIT_OK, Result};
use crate::money::format_usd;
use crate::pricing::PriceCatalog;
use crate::report::EstimateView;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Topology TOML file.
    pub file: PathBuf,
}

/// The verdict printed on stdout.
pub fn verdict(path: &str, estimate: &crate::Estimate) -> String {
    let view = EstimateView::new(estimate);
    let mut out = String::new();
    let total = format_usd(view.total_monthly_usd);
    let Some(budget) = &estimate.budget else {
        let _ = writeln!(
            out,
            "ok: {path} is valid; `{}` costs ${total} per month (no budget declared)",
            estimate.name
        );
        return out;
    };
    let word = if budget.over_budget {
        "over budget"
    } else {
        "ok"
    };
    let _ = writeln!(
        out,
        "{word}: {path} is valid; `{}` costs ${total} per month",
        estimate.name
    );
    for l in &budget.limits {
        let status = if l.over_budget {
            format!("over by ${}", format_usd(-l.headroom_usd))
        } else {
            format!("${} headroom", format_usd(l.headroom_usd))
        };
        let _ = writeln!(
            out,
            "  {:<16} {:>12} of {:>12}  {status}",
            l.label(),
            format!("${}", format_usd(l.spent_usd)),
            format!("${}", format_usd(l.monthly_usd))
        );
    }
    out
}

pub fn run(args: &CheckArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let (topology, file) = crate::topology::load(&args.file, catalog)?;
    let estimate = crate::estimate(&topology, catalog.table(&topology.region)?)?;
    let mut text = verdict(&file.path, &estimate);
    // recovery targets are reported, not gated: `capacity` exits 1 when one fails
    if let Some(r) = crate::assess::recovery_report(&topology)? {
        text.push_str(&crate::assess::render::recovery_lines(&r));
    }
    global.write_report(None, &text)?;
    let Some(budget) = &estimate.budget else {
        return Ok(EXIT_OK);
    };
    for l in budget.breaches() {
        let line = format!(
            "budget breached: {} costs ${} per month, ${} over the limit of ${}",
            match l.group {
                Some(g) => format!("group `{}`", g.id()),
                None => format!("`{}`", estimate.name),
            },
            format_usd(l.spent_usd),
            format_usd(-l.headroom_usd),
            format_usd(l.monthly_usd)
        );
        eprintln!("{}", crate::text::terminal_safe(&line));
    }
    Ok(if budget.over_budget {
        EXIT_BREACH
    } else {
        EXIT_OK
    })
}
