//! Views of the capacity results (`capacity`, `capacity --growth`, `capacity --apply`) and the
//! exporter trait their formats implement.
//!
//! The results in [`crate::capacity::assess`] carry exact figures; a view adds what a reader sees:
//! the monthly totals as `estimate` displays them (the sum of the lines rounded by the one rule in
//! [`crate::money`]), so every capacity format shows the same figures as `estimate`. Each format is
//! one [`Export`] implementation per result it can show (one small exporter trait, many formats):
//! [`super::capacity_table`], [`super::capacity_json`] and [`super::capacity_html`].

use super::view::EstimateView;
use crate::capacity::assess::growth::GrowthReport;
use crate::capacity::assess::right_size::RightSizing;
use crate::capacity::assess::{Breach, CapacityReport, CostComparison};
use crate::estimate::Estimate;
use crate::money::{format_signed_usd, format_usd};
use rust_decimal::Decimal;

/// One output format of one result: the view in, the text of the format out, no I/O.
pub trait Export<V> {
    fn export(&self, view: &V) -> String;
}

/// What a growth plan says of one commitment, in words every capacity format shows: when the
/// need outgrows it (on-demand spill) and when part of it goes unused (waste), with that month's
/// coverage or utilisation and the unused amount rounded to the cent.
pub fn commitment_course_text(
    c: &crate::capacity::assess::growth::CommitmentCourse,
    months: u32,
) -> String {
    format!("{}{}", c.name, commitment_course_tail(c, months))
}

/// [`commitment_course_text`] after the commitment's name (which comes from the topology: a
/// format that escapes input escapes the name alone).
pub fn commitment_course_tail(
    c: &crate::capacity::assess::growth::CommitmentCourse,
    months: u32,
) -> String {
    use crate::money::{plain_percent, round_cents};
    let percent = |r: Option<Decimal>| {
        r.map_or_else(
            || "–".to_string(),
            |r| format!("{}%", plain_percent(r * Decimal::ONE_HUNDRED)),
        )
    };
    let at = |m: u32| c.months.iter().find(|x| x.month == m);
    let spill = match c.spill_month.and_then(|m| at(m).map(|x| (m, x))) {
        Some((m, x)) => format!(
            "the need outgrows it from month {m} (covers {} of it, the rest on demand)",
            percent(x.coverage)
        ),
        None => format!("covers all the usage it may cover for all {months} months"),
    };
    let waste = match c.waste_month.and_then(|m| at(m).map(|x| (m, x))) {
        Some((m, x)) => format!(
            "oversized from month {m} ({} used, {} USD a month unused)",
            percent(x.utilisation),
            format_usd(round_cents(x.unused_monthly_usd))
        ),
        None => format!("fully used for all {months} months"),
    };
    let kind = match c.kind {
        crate::estimate::commitment::CommitmentKind::Reserved => "reserved",
        crate::estimate::commitment::CommitmentKind::SavingsPlan => "Savings Plan",
    };
    format!(" ({kind}): {spill}; {waste}")
}

/// The monthly total of an estimate as `estimate` displays it: the sum of its rounded lines.
pub fn displayed_monthly_usd(estimate: &Estimate) -> Decimal {
    EstimateView::new(estimate).total_monthly_usd
}

/// The capacity report with the cost of the topology as written and right-sized.
pub struct CapacityView<'a> {
    pub report: &'a CapacityReport,
    pub cost: &'a CostComparison,
    /// Displayed monthly total as written.
    pub current_monthly_usd: Decimal,
    /// Displayed monthly total right-sized.
    pub right_sized_monthly_usd: Decimal,
}

impl<'a> CapacityView<'a> {
    pub fn new(
        report: &'a CapacityReport,
        cost: &'a CostComparison,
        current: &Estimate,
        right_sized: &Estimate,
    ) -> Self {
        CapacityView {
            report,
            cost,
            current_monthly_usd: displayed_monthly_usd(current),
            right_sized_monthly_usd: displayed_monthly_usd(right_sized),
        }
    }
}

/// The growth plan with its displayed monthly totals.
pub struct GrowthView<'a> {
    pub plan: &'a GrowthReport,
    /// Displayed monthly total of the topology as written.
    pub current_monthly_usd: Decimal,
    /// Displayed monthly total of each month's right-sized topology, one per row of the plan.
    pub monthly_usd: Vec<Decimal>,
}

impl<'a> GrowthView<'a> {
    pub fn new(plan: &'a GrowthReport) -> Self {
        GrowthView {
            plan,
            current_monthly_usd: displayed_monthly_usd(&plan.current),
            monthly_usd: plan
                .rows
                .iter()
                .map(|r| displayed_monthly_usd(&r.estimate))
                .collect(),
        }
    }
}

/// The comment header of `capacity --apply`: where the file came from, both displayed monthly
/// costs and the changes.
pub fn apply_header(
    source_path: &str,
    rs: &RightSizing,
    current: &Estimate,
    right_sized: &Estimate,
) -> String {
    let (cur, new) = (
        displayed_monthly_usd(current),
        displayed_monthly_usd(right_sized),
    );
    let mut header = format!("# Right-sized by `costplan capacity --apply` from {source_path}.\n");
    header.push_str(&format!(
        "# Monthly cost: {} USD as written, {} USD right-sized ({} USD).\n",
        format_usd(cur),
        format_usd(new),
        format_signed_usd(new - cur),
    ));
    if rs.changes.is_empty() {
        header.push_str("# No changes: the topology fits its load.\n");
    }
    for c in &rs.changes {
        header.push_str(&format!(
            "# - {} {}: {} -> {}\n",
            c.component, c.key, c.from, c.to
        ));
    }
    header.push('\n');
    header
}

/// One stderr line per failing check, naming what made `capacity` exit 1.
pub fn breach_lines(breaches: &[Breach]) -> Vec<String> {
    breaches
        .iter()
        .map(|b| {
            let what = match b {
                Breach::ServiceUnder {
                    service,
                    provisioned,
                    required,
                } => format!(
                    "service `{service}` is under-provisioned: {provisioned} task{}, {required} required",
                    if *provisioned == 1 { "" } else { "s" }
                ),
                Breach::TaskTooSmall { service } => format!(
                    "service `{service}`: the task size is smaller than the stated per-task need"
                ),
                Breach::DatabaseConnections {
                    instance_class,
                    during_deploy,
                    usable,
                    status,
                } => format!(
                    "database `{instance_class}`: {during_deploy} connections during a deploy, {usable} usable: {status}"
                ),
                Breach::CacheMemory { node_type } => {
                    format!("cache `{node_type}`: the data does not fit its usable memory")
                }
                Breach::Recovery {
                    scenario,
                    rto_minutes,
                    rpo_minutes,
                } => format!(
                    "recovery: {scenario} fails (RTO < {rto_minutes} min, RPO < {rpo_minutes} min)"
                ),
            };
            format!("capacity check failed: {what}")
        })
        .collect()
}

/// One sentence per Compute Savings Plan sized against the right-sized Fargate usage (table and
/// Markdown say the same).
pub fn savings_plan_fit_lines(cost: &CostComparison) -> Vec<String> {
    use crate::money::format_price;
    cost.savings_plans
        .iter()
        .map(|f| {
            let usage = f.usage_at_plan_rates_hourly_usd;
            let verdict = if f.stated_hourly_usd > usage {
                format!(
                    "the stated {} USD/h leaves {} USD/h unused",
                    format_price(f.stated_hourly_usd),
                    format_price(f.stated_hourly_usd - usage)
                )
            } else if f.stated_hourly_usd < usage {
                format!(
                    "the stated {} USD/h covers part of it, the rest is billed on demand",
                    format_price(f.stated_hourly_usd)
                )
            } else {
                format!("the stated {} USD/h is used in full", format_price(f.stated_hourly_usd))
            };
            format!(
                "{} ({}-yr, {}): the right-sized Fargate tasks cost about {} USD/h on demand, {} USD/h at the plan's rates; a commitment of {} USD/h is used in full every hour; {verdict}",
                f.name,
                f.term_years,
                f.payment,
                format_price(f.on_demand_hourly_usd.round_dp(4)),
                format_price(usage.round_dp(4)),
                format_price(f.fully_used_hourly_usd),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_breach_naming_the_check() {
        let lines = breach_lines(&[
            Breach::ServiceUnder {
                service: "api".into(),
                provisioned: 1,
                required: 4,
            },
            Breach::Recovery {
                scenario: "region loss",
                rto_minutes: Decimal::from(60),
                rpo_minutes: Decimal::from(5),
            },
        ]);
        assert_eq!(
            lines,
            [
                "capacity check failed: service `api` is under-provisioned: 1 task, 4 required",
                "capacity check failed: recovery: region loss fails (RTO < 60 min, RPO < 5 min)",
            ]
        );
    }
}
