//! The rounded view of an estimate's commitments, discounts and credits that every renderer
//! shows (table, Markdown, CSV, xlsx; HTML can take the same rows).
//!
//! Rounding follows [`crate::money`]: each figure is rounded to the cent, half away from zero, and
//! every total is the sum of the rounded figures above it, so each table adds up:
//! - the **month-1 bill**: the on-demand total (as the estimate shows it), less what each
//!   commitment covers at on-demand prices, plus its recurring charge and its upfront fee
//!   amortised, then each discount and credit: the sum is the **amortised** monthly bill;
//! - the **cash flow**: per month the on-demand, amortised and cash bills (cash carries the upfront
//!   fees in month 1), each the estimate's shown total plus its rounded difference from on demand
//!   (so month 1 amortised is the month-1 bill's total), cumulative columns as running sums of the shown months, and 12- and 36-month
//!   totals that are the sums of the shown months.

use crate::estimate::commitment::{CommitmentKind, CommitmentSummary};
use crate::money::{format_usd, plain_percent, round_cents};
use crate::topology::commitments::months_through;
use rust_decimal::Decimal;

/// One commitment, rounded.
pub struct CommittedRow {
    pub name: String,
    /// "Reserved" or "Savings Plan".
    pub kind: &'static str,
    pub term_months: u32,
    /// `no_upfront`, `partial_upfront`, `all_upfront`.
    pub payment: &'static str,
    /// What the usage it covers costs on demand per month.
    pub on_demand_usd: Decimal,
    pub recurring_usd: Decimal,
    pub upfront_usd: Decimal,
    pub amortised_upfront_usd: Decimal,
    /// Recurring plus amortised upfront (sum of the two shown).
    pub effective_usd: Decimal,
    /// On demand less effective (shown figures).
    pub saving_usd: Decimal,
    /// Percent, 0–100, two decimals kept exact for the renderer's percent format.
    pub coverage_percent: Option<Decimal>,
    pub utilisation_percent: Option<Decimal>,
    /// Paid for and not used, per month.
    pub unused_usd: Decimal,
    /// First month it pays back alone against on-demand, within its term.
    pub break_even_month: Option<u32>,
}

/// A row of the month-1 bill.
pub struct BillRow {
    pub label: String,
    /// Where a discount comes from (its `source`), or what a row is.
    pub note: String,
    pub monthly_usd: Decimal,
}

/// A month of the cash flow, rounded.
pub struct FlowRow {
    pub month: u32,
    /// `YYYY-MM`.
    pub label: String,
    pub on_demand_usd: Decimal,
    pub amortised_usd: Decimal,
    pub cash_usd: Decimal,
    pub cumulative_on_demand_usd: Decimal,
    pub cumulative_cash_usd: Decimal,
}

/// Totals of the first `months` months of the cash flow (sums of the shown months).
pub struct FlowTotal {
    pub months: u32,
    pub on_demand_usd: Decimal,
    pub amortised_usd: Decimal,
    pub cash_usd: Decimal,
}

/// A rate a commitment is priced at.
pub struct RateRow {
    pub key: String,
    pub usd: Decimal,
    pub unit: String,
    pub upfront_usd: Decimal,
    pub effective_date: String,
    pub source: String,
}

pub struct CommitmentsView {
    pub start_month: String,
    pub committed: Vec<CommittedRow>,
    /// The month-1 bill, row by row; `amortised_monthly_usd` is their sum.
    pub bill: Vec<BillRow>,
    pub on_demand_monthly_usd: Decimal,
    pub amortised_monthly_usd: Decimal,
    /// On demand less amortised (shown figures).
    pub saving_monthly_usd: Decimal,
    pub cash_flow: Vec<FlowRow>,
    /// 12 and 36 months.
    pub flow_totals: Vec<FlowTotal>,
    /// All commitments, discounts and credits together.
    pub break_even_month: Option<u32>,
    pub rates: Vec<RateRow>,
}

fn percent(ratio: Option<Decimal>) -> Option<Decimal> {
    ratio.map(|r| r * Decimal::ONE_HUNDRED)
}

/// The month `n` (1-based) months after `start` (`YYYY-MM`).
pub fn month_label(start: &str, n: u32) -> String {
    let Some((y, m)) = start.split_once('-') else {
        return format!("month {n}");
    };
    let (Ok(y), Ok(m)) = (y.parse::<i64>(), m.parse::<i64>()) else {
        return format!("month {n}");
    };
    let index = y * 12 + (m - 1) + i64::from(n) - 1;
    let label = format!("{:04}-{:02}", index / 12, index % 12 + 1);
    debug_assert_eq!(months_through(start, &label), n);
    label
}

impl CommitmentsView {
    /// The view of `s`; `on_demand_shown_usd` is the estimate's displayed monthly total.
    pub fn new(s: &CommitmentSummary, on_demand_shown_usd: Decimal) -> Self {
        let a = &s.applied;
        let committed: Vec<CommittedRow> = a
            .committed
            .iter()
            .map(|l| {
                let on_demand = round_cents(l.covered_on_demand_monthly_usd);
                let recurring = round_cents(l.recurring_monthly_usd);
                let amortised = round_cents(l.amortised_upfront_monthly_usd);
                CommittedRow {
                    name: l.name.clone(),
                    kind: match l.kind {
                        CommitmentKind::Reserved => "Reserved",
                        CommitmentKind::SavingsPlan => "Savings Plan",
                    },
                    term_months: l.term_months,
                    payment: l.payment.input_name(),
                    on_demand_usd: on_demand,
                    recurring_usd: recurring,
                    upfront_usd: round_cents(l.upfront_usd),
                    amortised_upfront_usd: amortised,
                    effective_usd: recurring + amortised,
                    saving_usd: on_demand - recurring - amortised,
                    coverage_percent: percent(l.coverage),
                    utilisation_percent: percent(l.utilisation),
                    unused_usd: round_cents(l.unused_monthly_usd),
                    break_even_month: s
                        .break_even
                        .iter()
                        .find(|b| b.name == l.name)
                        .and_then(|b| b.month),
                }
            })
            .collect();
        let mut bill = vec![BillRow {
            label: "On demand, list prices".into(),
            note: "the estimate's total".into(),
            monthly_usd: on_demand_shown_usd,
        }];
        for l in &a.committed {
            bill.push(BillRow {
                label: format!("{}: usage covered, at on-demand prices", l.name),
                note: "no longer billed on demand".into(),
                monthly_usd: Decimal::ZERO - round_cents(l.covered_on_demand_monthly_usd),
            });
            bill.push(BillRow {
                label: format!("{}: recurring charge", l.name),
                note: "billed whether used or not".into(),
                monthly_usd: round_cents(l.recurring_monthly_usd),
            });
            if !l.upfront_usd.is_zero() {
                bill.push(BillRow {
                    label: format!("{}: upfront fee, amortised", l.name),
                    note: format!(
                        "{} over {} months",
                        crate::money::format_usd(l.upfront_usd),
                        l.term_months
                    ),
                    monthly_usd: round_cents(l.amortised_upfront_monthly_usd),
                });
            }
        }
        for d in a.discounts.iter().chain(&a.credits) {
            bill.push(BillRow {
                label: d.label.clone(),
                note: d.source.clone(),
                monthly_usd: round_cents(d.monthly_usd),
            });
        }
        let amortised = bill.iter().map(|r| r.monthly_usd).sum();
        let mut cash_flow = Vec::with_capacity(s.cash_flow.len());
        let (mut cum_od, mut cum_cash) = (Decimal::ZERO, Decimal::ZERO);
        // Each month is the estimate's shown on-demand total plus its rounded difference from
        // on demand, so month 1 amortised is the month-1 bill's total.
        let od = on_demand_shown_usd;
        for f in &s.cash_flow {
            let cash = od + round_cents(f.cash_usd - f.on_demand_usd);
            cum_od += od;
            cum_cash += cash;
            cash_flow.push(FlowRow {
                month: f.month,
                label: month_label(&s.start_month, f.month),
                on_demand_usd: od,
                amortised_usd: od + round_cents(f.amortised_usd - f.on_demand_usd),
                cash_usd: cash,
                cumulative_on_demand_usd: cum_od,
                cumulative_cash_usd: cum_cash,
            });
        }
        let flow_totals = [12u32, 36]
            .iter()
            .filter(|n| cash_flow.len() >= **n as usize)
            .map(|&n| {
                let first = &cash_flow[..n as usize];
                FlowTotal {
                    months: n,
                    on_demand_usd: first.iter().map(|f| f.on_demand_usd).sum(),
                    amortised_usd: first.iter().map(|f| f.amortised_usd).sum(),
                    cash_usd: first.iter().map(|f| f.cash_usd).sum(),
                }
            })
            .collect();
        CommitmentsView {
            start_month: s.start_month.clone(),
            committed,
            bill,
            on_demand_monthly_usd: on_demand_shown_usd,
            amortised_monthly_usd: amortised,
            saving_monthly_usd: on_demand_shown_usd - amortised,
            cash_flow,
            flow_totals,
            break_even_month: s.break_even_month,
            rates: s
                .rates
                .iter()
                .map(|r| RateRow {
                    key: r.key.clone(),
                    usd: r.usd,
                    unit: r.unit.clone(),
                    upfront_usd: r.upfront_usd,
                    effective_date: r.effective_date.clone(),
                    source: r.source.clone(),
                })
                .collect(),
        }
    }

    /// The view of an estimate's commitments, if it has any.
    pub fn of(view: &super::EstimateView) -> Option<Self> {
        view.estimate
            .commitments
            .as_ref()
            .map(|s| CommitmentsView::new(s, view.total_monthly_usd))
    }
}

/// A coverage or utilisation percent as the table and Markdown show it (`–` when undefined).
pub(super) fn opt_percent(p: Option<Decimal>) -> String {
    p.map_or_else(|| "–".into(), |p| format!("{}%", plain_percent(p)))
}

/// "saves $X a month", or "costs $X more a month" when the commitments cost more than on demand.
pub(super) fn saving_text(saving: Decimal) -> String {
    if saving < Decimal::ZERO {
        format!("costs ${} more a month", format_usd(-saving))
    } else {
        format!("saves ${} a month", format_usd(saving))
    }
}

/// A break-even month, or `never`.
pub(super) fn opt_month(m: Option<u32>) -> String {
    m.map_or_else(|| "never".into(), |m| format!("month {m}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn month_labels_count_from_the_start_month() {
        assert_eq!(super::month_label("2026-10", 1), "2026-10");
        assert_eq!(super::month_label("2026-10", 4), "2027-01");
        assert_eq!(super::month_label("2026-10", 36), "2029-09");
    }
}
