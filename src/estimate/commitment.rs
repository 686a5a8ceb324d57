//! Commitments, negotiated discounts and credits applied to on-demand usage, in AWS's order.
//!
//! This is the pure engine of issue 13; it is not yet read from the topology, nor shown by a
//! report. Given the hours each reservable resource runs and the Fargate usage a Savings Plan may
//! cover, it applies:
//!
//! 1. **Reserved Instances / reserved nodes** first: each covers up to `count × hours_per_month`
//!    hours of its price key; the reserved hourly rate is billed for every hour of the term whether
//!    used or not (unused hours are waste), the rest of the usage stays on demand.
//! 2. **Savings Plans** next, each over the eligible usage left, the usage with the highest
//!    discount (1 − SP rate ÷ on-demand rate) first, until the hourly commitment is used up; the
//!    commitment is billed whether used or not (utilisation below 100 % is waste).
//! 3. **Discounts** after commitments: private-pricing overrides of a price key (on the usage left
//!    on demand), then an enterprise percentage on the bill, per offer code or excluding some,
//!    each as its own line with its `source`, so the list price stays visible.
//! 4. **Credits**: a monthly amount until an end month, never more than the month's bill.
//!
//! Upfront fees are shown whole (cash view, month 1) and amortised over the term (amortised
//! view). The amortisation of month `m` of `n` is `upfront × m / n − upfront × (m − 1) / n`, each cut to
//! the cent (the last month takes the remainder), so the months of a term add up to the upfront fee
//! exactly: the cash view and the amortised view agree over the term (to the last digit, but for
//! the 28-digit quotient a partly covering Savings Plan leaves on demand). Price × quantity goes
//! through `exact_mul`; a product with a factor that is already a quotient through
//! `money::share_mul`. Reserved rates come from the
//! price table's `reserved` terms (read from the offer files by `pricing import/update`); a rate the
//! table lacks is an error naming the key, never a guess. Amounts are exact; rounding is the
//! report's business.

use crate::error::{Error, Result};
use crate::model::LineItem;
use crate::money::{exact_add, exact_mul, share_mul};
use crate::pricing::{PriceTable, ReservedRate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::model::Payment;

/// A commitment term in whole years (AWS offers 1 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub years: u32,
}

impl Term {
    pub fn months(self) -> u32 {
        self.years.saturating_mul(12)
    }

    /// The offer files' `LeaseContractLength` (`1yr`, `3yr`).
    pub fn lease(self) -> String {
        format!("{}yr", self.years)
    }
}

/// The key naming a reserved rate in errors and provenance:
/// `<on-demand key>@reserved.<term>.<payment>[.<class>]`.
pub fn reserved_key(key: &str, term: Term, payment: Payment, class: Option<&str>) -> String {
    let mut k = format!("{key}@reserved.{}.{}", term.lease(), payment.input_name());
    if let Some(c) = class {
        k.push('.');
        k.push_str(c);
    }
    k
}

/// The reserved rate of `key` for a term, payment option and (when given) offering class, from the
/// price table; an error naming the key and the command that fetches it when the table lacks it.
pub fn find_reserved_rate<'a>(
    table: &'a PriceTable,
    key: &str,
    term: Term,
    payment: Payment,
    class: Option<&str>,
) -> Result<&'a ReservedRate> {
    let lease = term.lease();
    let matching: Vec<&ReservedRate> = table
        .reserved(key)
        .iter()
        .filter(|r| r.lease == lease && r.purchase_option == payment.offer_name())
        .filter(|r| match class {
            Some(c) => r.offering_class.as_deref() == Some(c),
            None => true,
        })
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::PriceNotFound {
            key: reserved_key(key, term, payment, class),
            region: table.region.clone(),
            table: table.origin.clone(),
            hint: Some(format!(
                "the table has no {} {} reserved rate for `{key}`",
                lease,
                payment.offer_name()
            )),
        }),
        _ => Err(Error::PriceNotFound {
            key: reserved_key(key, term, payment, class),
            region: table.region.clone(),
            table: table.origin.clone(),
            hint: Some("several offering classes match: name one with `class`".to_string()),
        }),
    }
}

fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    exact_mul(a, b).ok_or_else(|| Error::Inexact {
        what: what.to_string(),
        price_data: false,
        hint: None,
    })
}

fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    exact_add(a, b).ok_or_else(|| Error::Inexact {
        what: what.to_string(),
        price_data: false,
        hint: None,
    })
}

fn sub(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    add(a, -b, what)
}

fn overflow(what: &str) -> Error {
    Error::Overflow {
        what: what.to_string(),
    }
}

fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        part.checked_div(whole)
    }
}

/// The amortisation of month `month` (1-based) of an upfront fee over `months` months: the fee
/// scheduled in whole cents (`fee × m ÷ n` cut to the cent, less the same for `m − 1`), the last
/// month taking what is left, so the months of a term add up to the fee exactly. This schedules a
/// payment; it is not display rounding.
pub fn amortisation(upfront_usd: Decimal, month: u32, months: u32) -> Decimal {
    if months == 0 || month == 0 || month > months {
        return Decimal::ZERO;
    }
    // `fee × m` overflows only past Decimal's range; then the fee is shared out by division.
    let part = |m: u32| {
        exact_mul(upfront_usd, Decimal::from(m))
            .map(|x| x / Decimal::from(months))
            .or_else(|| share_mul(upfront_usd / Decimal::from(months), Decimal::from(m)))
            .unwrap_or(upfront_usd)
    };
    // Whole cents to every month but the last, which takes the remainder: each month's share
    // has at most the fee's decimals or two, so sums over months stay exact.
    let share = |m: u32| {
        if m == months {
            upfront_usd
        } else {
            part(m).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero)
        }
    };
    share(month) - share(month - 1)
}

/// A reservation of `count` instances (or nodes) of one price key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// What it covers, e.g. the database's name.
    pub name: String,
    /// The on-demand price key it covers (`rds.instance_hour.postgres.multi_az.db.t3.medium`).
    pub key: String,
    pub count: Decimal,
    pub term: Term,
    pub payment: Payment,
    pub rate: ReservedRate,
}

/// Hours of one reservable price key that run in a month, at the on-demand rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservableUsage {
    pub key: String,
    pub hours_per_month: Decimal,
    pub on_demand_usd_per_hour: Decimal,
}

/// Usage a Savings Plan may cover: Fargate vCPU- or GB-hours, not Spot, not ephemeral storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibleUsage {
    pub key: String,
    /// Units (vCPU-hours, GB-hours) per month.
    pub quantity_per_month: Decimal,
    pub on_demand_usd: Decimal,
    /// The Savings Plan rate per unit for the plan's term and payment option.
    pub savings_plan_usd: Decimal,
}

/// A Savings Plan: an hourly commitment in USD of Savings Plan rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingsPlan {
    pub name: String,
    pub hourly_commitment_usd: Decimal,
    pub term: Term,
    pub payment: Payment,
    /// The usage it may cover, with its rates for this plan's term and payment option.
    pub eligible: Vec<EligibleUsage>,
}

/// An enterprise discount: a percentage of the bill after commitments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseDiscount {
    pub percent: Decimal,
    /// Only these offer codes (all when empty).
    pub offer_codes: Vec<String>,
    /// Never these offer codes.
    pub exclude: Vec<String>,
    pub source: String,
}

/// A private price replacing the list price of one key (on the usage left on demand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivatePrice {
    pub key: String,
    pub usd: Decimal,
    pub source: String,
}

/// A credit: `monthly_usd` off each month up to and including `last_month` (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub name: String,
    pub monthly_usd: Decimal,
    pub last_month: u32,
}

/// A line of the monthly bill before commitments: what it costs on demand, and its offer code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillLine {
    pub key: String,
    pub offer_code: String,
    /// Units per month and the list price per unit.
    pub quantity: Decimal,
    pub usd: Decimal,
}

/// Everything the engine applies to one month's bill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commitments {
    pub reservations: Vec<Reservation>,
    pub savings_plans: Vec<SavingsPlan>,
    pub private_prices: Vec<PrivatePrice>,
    pub enterprise: Option<EnterpriseDiscount>,
    pub credits: Vec<Credit>,
}

/// What a commitment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    Reserved,
    SavingsPlan,
}

/// One commitment's effect on a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommittedLine {
    pub name: String,
    pub kind: CommitmentKind,
    pub term_months: u32,
    pub payment: Payment,
    /// What the usage it covers would cost on demand.
    pub covered_on_demand_monthly_usd: Decimal,
    /// The recurring charge, billed whether used or not.
    pub recurring_monthly_usd: Decimal,
    pub upfront_usd: Decimal,
    /// The upfront fee spread evenly over the term (the exact share of month 1).
    pub amortised_upfront_monthly_usd: Decimal,
    /// Recurring plus amortised upfront.
    pub effective_monthly_usd: Decimal,
    /// Share of the usage it may cover that it covers (0–1); `None` with no usage.
    pub coverage: Option<Decimal>,
    /// Share of the commitment used (0–1).
    pub utilisation: Option<Decimal>,
    /// The part of the commitment paid for and not used, per month (amortised).
    pub unused_monthly_usd: Decimal,
}

/// A discount or credit line (negative amounts lower the bill).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentLine {
    pub label: String,
    pub source: String,
    pub monthly_usd: Decimal,
}

/// The outcome for month 1 of the term, and what the cash-flow views need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The whole bill on demand, at list prices.
    pub on_demand_monthly_usd: Decimal,
    pub committed: Vec<CommittedLine>,
    /// The usage left on demand, at list prices.
    pub uncovered_on_demand_monthly_usd: Decimal,
    pub discounts: Vec<AdjustmentLine>,
    /// Credits of month 1.
    pub credits: Vec<AdjustmentLine>,
    /// Amortised bill of month 1 after commitments, discounts and credits.
    pub amortised_monthly_usd: Decimal,
    #[serde(skip)]
    credit_terms: Vec<Credit>,
    /// Bill after commitments and discounts, before credits, without the upfront fees.
    recurring_after_discounts_usd: Decimal,
}

/// Applies reservations, then Savings Plans, then discounts and credits to a month of usage.
///
/// `bill` is every line of the month on demand; `reservable` are the hours reservations may
/// cover (their cost is part of `bill`). Savings Plans carry the usage they may cover.
pub fn apply(
    bill: &[BillLine],
    reservable: &[ReservableUsage],
    c: &Commitments,
    hours_per_month: Decimal,
) -> Result<Applied> {
    let mut on_demand = Decimal::ZERO;
    for l in bill {
        on_demand = add(on_demand, mul(l.quantity, l.usd, &l.key)?, "the bill")?;
    }
    // Money each key still costs on demand after commitments, by key.
    let mut left_on_demand: std::collections::BTreeMap<String, Decimal> = Default::default();
    for l in bill {
        let cost = mul(l.quantity, l.usd, &l.key)?;
        let e = left_on_demand.entry(l.key.clone()).or_default();
        *e = add(*e, cost, &l.key)?;
    }
    let mut committed = Vec::new();

    // 1. Reservations, in the order given, over the hours left of their key.
    let mut hours_left: std::collections::BTreeMap<&str, Decimal> = reservable
        .iter()
        .map(|u| (u.key.as_str(), u.hours_per_month))
        .collect();
    for r in &c.reservations {
        let usage = reservable.iter().find(|u| u.key == r.key);
        let reserved_hours = mul(r.count, hours_per_month, &r.name)?;
        let (covered_hours, od_rate) = match usage {
            Some(u) => {
                let left = hours_left.get(u.key.as_str()).copied().unwrap_or_default();
                (left.min(reserved_hours), u.on_demand_usd_per_hour)
            }
            None => (Decimal::ZERO, Decimal::ZERO),
        };
        if let Some(left) = hours_left.get_mut(r.key.as_str()) {
            *left = sub(*left, covered_hours, &r.name)?;
        }
        let covered_od = mul(covered_hours, od_rate, &r.name)?;
        if let Some(e) = left_on_demand.get_mut(&r.key) {
            *e = sub(*e, covered_od, &r.name)?;
        }
        let recurring = mul(reserved_hours, r.rate.usd, &r.name)?;
        let upfront = mul(r.count, r.rate.upfront_usd, &r.name)?;
        let months = r.term.months();
        let amortised = amortisation(upfront, 1, months);
        // The amortised share is a quotient: plain (rounding) arithmetic from here.
        let effective = recurring + amortised;
        let utilisation = ratio(covered_hours, reserved_hours);
        // Unused hours at the reserved rate, and their share of the amortised fee.
        let unused_hours = sub(reserved_hours, covered_hours, &r.name)?;
        let unused = if reserved_hours.is_zero() {
            Decimal::ZERO
        } else {
            mul(unused_hours, r.rate.usd, &r.name)?
                + mul(amortised, unused_hours, &r.name)? / reserved_hours
        };
        committed.push(CommittedLine {
            name: r.name.clone(),
            kind: CommitmentKind::Reserved,
            term_months: months,
            payment: r.payment,
            covered_on_demand_monthly_usd: covered_od,
            recurring_monthly_usd: recurring,
            upfront_usd: upfront,
            amortised_upfront_monthly_usd: amortised,
            effective_monthly_usd: effective,
            coverage: usage.and_then(|u| ratio(covered_hours, u.hours_per_month)),
            utilisation,
            unused_monthly_usd: unused,
        });
    }

    // 2. Savings Plans, each over what is left, highest discount first.
    let mut units_left: std::collections::BTreeMap<String, Decimal> = Default::default();
    for sp in &c.savings_plans {
        for e in &sp.eligible {
            units_left
                .entry(e.key.clone())
                .or_insert(e.quantity_per_month);
        }
    }
    for sp in &c.savings_plans {
        let commitment_monthly = mul(sp.hourly_commitment_usd, hours_per_month, &sp.name)?;
        let mut budget = commitment_monthly;
        let mut order: Vec<&EligibleUsage> = sp.eligible.iter().collect();
        // Highest discount first: the lowest SP/on-demand ratio; ties in key order.
        order.sort_by(|a, b| {
            let da = ratio(a.savings_plan_usd, a.on_demand_usd).unwrap_or(Decimal::ONE);
            let db = ratio(b.savings_plan_usd, b.on_demand_usd).unwrap_or(Decimal::ONE);
            da.cmp(&db).then_with(|| a.key.cmp(&b.key))
        });
        let (mut covered_od, mut eligible_od) = (Decimal::ZERO, Decimal::ZERO);
        for e in order {
            let left = units_left.get(&e.key).copied().unwrap_or_default();
            // `left` may be a quotient after an earlier plan: plain arithmetic.
            eligible_od += share_mul(left, e.on_demand_usd).ok_or_else(|| overflow(&sp.name))?;
            if budget.is_zero() || e.savings_plan_usd.is_zero() {
                continue;
            }
            let at_sp = share_mul(left, e.savings_plan_usd).ok_or_else(|| overflow(&sp.name))?;
            // Units covered, and what they cost on demand (division last).
            let (units, spent, od) = if at_sp <= budget {
                let od = share_mul(left, e.on_demand_usd).ok_or_else(|| overflow(&sp.name))?;
                (left, at_sp, od)
            } else {
                let od = share_mul(budget, e.on_demand_usd).ok_or_else(|| overflow(&sp.name))?
                    / e.savings_plan_usd;
                (budget / e.savings_plan_usd, budget, od)
            };
            budget -= spent;
            units_left.insert(e.key.clone(), left - units);
            covered_od += od;
            if let Some(x) = left_on_demand.get_mut(&e.key) {
                *x -= od;
            }
        }
        let months = sp.term.months();
        let term_hours = mul(Decimal::from(months), hours_per_month, &sp.name)?;
        let commitment_term = mul(sp.hourly_commitment_usd, term_hours, &sp.name)?;
        // AWS: All Upfront pays the whole commitment upfront, Partial Upfront at least half
        // (costplan takes half), No Upfront none.
        let upfront = match sp.payment {
            Payment::NoUpfront => Decimal::ZERO,
            Payment::PartialUpfront => commitment_term / Decimal::TWO,
            Payment::AllUpfront => commitment_term,
        };
        let amortised = amortisation(upfront, 1, months);
        // The amortised share is a quotient: plain (rounding) arithmetic from here.
        let recurring = commitment_monthly - amortised_total_share(upfront, months);
        let used = commitment_monthly - budget;
        let effective = recurring + amortised;
        committed.push(CommittedLine {
            name: sp.name.clone(),
            kind: CommitmentKind::SavingsPlan,
            term_months: months,
            payment: sp.payment,
            covered_on_demand_monthly_usd: covered_od,
            recurring_monthly_usd: recurring,
            upfront_usd: upfront,
            amortised_upfront_monthly_usd: amortised,
            effective_monthly_usd: effective,
            coverage: ratio(covered_od, eligible_od),
            utilisation: ratio(used, commitment_monthly),
            unused_monthly_usd: budget,
        });
    }

    // Plain sum: a Savings Plan's share of a key is a quotient.
    let uncovered: Decimal = left_on_demand.values().copied().sum();

    // 3. Discounts: private prices on what is left on demand, then the enterprise percentage.
    let mut discounts = Vec::new();
    for p in &c.private_prices {
        let list: Vec<&BillLine> = bill.iter().filter(|l| l.key == p.key).collect();
        let Some(first) = list.first() else {
            continue;
        };
        let left = left_on_demand.get(&p.key).copied().unwrap_or_default();
        let mut list_cost = Decimal::ZERO;
        let mut private_cost = Decimal::ZERO;
        for l in &list {
            list_cost += mul(l.quantity, l.usd, &l.key)?;
            private_cost += mul(l.quantity, p.usd, &p.key)?;
        }
        // The share of the key's usage still on demand, repriced.
        let repriced = match ratio(left, list_cost) {
            Some(_) => share_mul(private_cost, left).ok_or_else(|| overflow(&p.key))? / list_cost,
            None => Decimal::ZERO,
        };
        let delta = repriced - left;
        left_on_demand.insert(p.key.clone(), repriced);
        discounts.push(AdjustmentLine {
            label: format!("private price {} ({})", p.key, first.offer_code),
            source: p.source.clone(),
            monthly_usd: delta,
        });
    }
    let recurring_commitments: Decimal = committed.iter().map(|l| l.recurring_monthly_usd).sum();
    let private_delta: Decimal = discounts.iter().map(|d| d.monthly_usd).sum();
    let mut after = uncovered + private_delta + recurring_commitments;
    if let Some(ed) = &c.enterprise {
        // The base: each offer code's usage left on demand (after private prices); commitments'
        // charges count under the offer code of the keys they cover.
        let mut base = Decimal::ZERO;
        for (key, left) in &left_on_demand {
            let code = bill
                .iter()
                .find(|l| &l.key == key)
                .map(|l| l.offer_code.as_str())
                .unwrap_or_default();
            if eligible_code(ed, code) {
                base += *left;
            }
        }
        for (line, code) in committed.iter().zip(commitment_codes(c, bill)) {
            if eligible_code(ed, &code) {
                base += line.recurring_monthly_usd;
            }
        }
        let off = -(share_mul(base, ed.percent)
            .ok_or_else(|| overflow("the enterprise discount"))?
            / Decimal::ONE_HUNDRED);
        after += off;
        discounts.push(AdjustmentLine {
            label: format!("enterprise discount {}%", ed.percent.normalize()),
            source: ed.source.clone(),
            monthly_usd: off,
        });
    }
    let upfront_month1: Decimal = committed
        .iter()
        .map(|l| l.amortised_upfront_monthly_usd)
        .sum();
    let credits = credit_lines(&c.credits, 1, after + upfront_month1);
    let credit_total: Decimal = credits.iter().map(|l| l.monthly_usd).sum();
    let amortised = after + upfront_month1 + credit_total;
    Ok(Applied {
        on_demand_monthly_usd: on_demand,
        committed,
        uncovered_on_demand_monthly_usd: uncovered,
        discounts,
        credits,
        amortised_monthly_usd: amortised,
        credit_terms: c.credits.clone(),
        recurring_after_discounts_usd: after,
    })
}

/// The part of the monthly commitment the upfront fee prepays (upfront ÷ term months, exact over
/// the term through [`amortisation`]; month 1's share).
fn amortised_total_share(upfront: Decimal, months: u32) -> Decimal {
    amortisation(upfront, 1, months)
}

fn eligible_code(ed: &EnterpriseDiscount, code: &str) -> bool {
    (ed.offer_codes.is_empty() || ed.offer_codes.iter().any(|c| c == code))
        && !ed.exclude.iter().any(|c| c == code)
}

/// The offer code each commitment's charge counts under: reservations their key's, Savings Plans
/// their first eligible key's.
fn commitment_codes(c: &Commitments, bill: &[BillLine]) -> Vec<String> {
    let code = |key: &str| {
        bill.iter()
            .find(|l| l.key == key)
            .map(|l| l.offer_code.clone())
            .unwrap_or_default()
    };
    c.reservations
        .iter()
        .map(|r| code(&r.key))
        .chain(c.savings_plans.iter().map(|sp| {
            sp.eligible
                .first()
                .map(|e| code(&e.key))
                .unwrap_or_default()
        }))
        .collect()
}

/// Credits of `month`, taken in order, never more than `bill_usd` in all.
fn credit_lines(credits: &[Credit], month: u32, bill_usd: Decimal) -> Vec<AdjustmentLine> {
    let mut room = bill_usd.max(Decimal::ZERO);
    let mut out = Vec::new();
    for c in credits.iter().filter(|c| month <= c.last_month) {
        let take = c.monthly_usd.min(room);
        room -= take;
        out.push(AdjustmentLine {
            label: format!("credit {}", c.name),
            source: format!("until month {}", c.last_month),
            monthly_usd: -take,
        });
    }
    out
}

/// One month of the cash-flow table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFlow {
    /// 1-based.
    pub month: u32,
    pub on_demand_usd: Decimal,
    /// What is paid that month: upfront fees in month 1 of their term.
    pub cash_usd: Decimal,
    /// The same month with upfront fees spread over their term.
    pub amortised_usd: Decimal,
    pub cumulative_on_demand_usd: Decimal,
    pub cumulative_cash_usd: Decimal,
}

impl Applied {
    /// The first `months` months with the same usage every month; a commitment ends with its term
    /// (not renewed), after which its usage is billed on demand.
    pub fn cash_flow(&self, months: u32) -> Vec<MonthFlow> {
        let mut out = Vec::with_capacity(months as usize);
        let (mut cum_od, mut cum_cash) = (Decimal::ZERO, Decimal::ZERO);
        for m in 1..=months {
            let (mut cash, mut amortised) = (
                self.recurring_after_discounts_usd,
                self.recurring_after_discounts_usd,
            );
            for l in &self.committed {
                if m > l.term_months {
                    // Expired: its charge goes, its usage is back on demand.
                    cash += l.covered_on_demand_monthly_usd - l.recurring_monthly_usd;
                    amortised += l.covered_on_demand_monthly_usd - l.recurring_monthly_usd;
                    continue;
                }
                if m == 1 {
                    cash += l.upfront_usd;
                }
                amortised += amortisation(l.upfront_usd, m, l.term_months);
            }
            let credit_cash: Decimal = credit_lines(&self.credit_terms, m, cash)
                .iter()
                .map(|c| c.monthly_usd)
                .sum();
            let credit_amortised: Decimal = credit_lines(&self.credit_terms, m, amortised)
                .iter()
                .map(|c| c.monthly_usd)
                .sum();
            cash += credit_cash;
            amortised += credit_amortised;
            cum_od += self.on_demand_monthly_usd;
            cum_cash += cash;
            out.push(MonthFlow {
                month: m,
                on_demand_usd: self.on_demand_monthly_usd,
                cash_usd: cash,
                amortised_usd: amortised,
                cumulative_on_demand_usd: cum_od,
                cumulative_cash_usd: cum_cash,
            });
        }
        out
    }

    /// The first month whose cumulative cash is no more than on demand's, within `months`;
    /// `None` when the commitments never pay back in that time.
    pub fn break_even_month(&self, months: u32) -> Option<u32> {
        self.cash_flow(months)
            .iter()
            .find(|f| f.cumulative_cash_usd <= f.cumulative_on_demand_usd)
            .map(|f| f.month)
    }
}

mod build;
mod fit;
pub use build::{
    BreakEven, CASH_FLOW_MONTHS, CommitmentSummary, RateUsed, pin_reservations, summarise,
};
pub use fit::{SavingsPlanFit, savings_plan_fit};

#[cfg(test)]
mod tests;
