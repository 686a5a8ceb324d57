//! Commitments, negotiated discounts and credits as the topology states them: reserved
//! instances/nodes on a database or cache (`[database.commitment]`), Savings Plans
//! (`[[savings_plan]]`), `[discounts]` with private prices, and `[[credit]]`. Raw (with spans,
//! whose doc comments are the JSON Schema's descriptions) and validated; the engine that applies
//! them is [`crate::estimate::commitment`].

use super::located::{Located, Num};
use crate::model::Payment;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// A reservation of the database's instances (RDS Reserved DB Instances) or the cache's nodes
/// (ElastiCache reserved nodes), bought in month 1 of the cash-flow view.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentRaw {
    /// Term in years: 1 or 3.
    #[serde(default)]
    pub term_years: Option<Located<Num>>,
    /// Payment option: "no_upfront", "partial_upfront" or "all_upfront".
    #[serde(default)]
    pub payment: Option<Located<String>>,
    /// Offering class, "standard" or "convertible", where the price table offers several for the same term and payment. Default: the one the table has.
    #[serde(default)]
    pub class: Option<Located<String>>,
    /// Instances (or nodes) reserved, 0 to 10,000. Default: all of them (the database's writer and readers of its class; the cache's nodes).
    #[serde(default)]
    pub count: Option<Located<Num>>,
}

/// A Savings Plan: an hourly commitment in USD (of Savings Plan rates) for a term. A Compute
/// Savings Plan covers the Fargate vCPU- and GB-hours of the topology's region (not Fargate Spot,
/// not ephemeral storage, not the Windows licence); an EC2 Instance Savings Plan covers EC2
/// instances only, which costplan does not price, so here it covers nothing (all of it is shown as
/// unused).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SavingsPlanRaw {
    /// Name, unique among the Savings Plans; it addresses the plan in scenario paths (`savings_plan.NAME.hourly_commitment_usd`).
    pub name: Located<String>,
    /// "compute" or "ec2_instance".
    #[serde(rename = "type", default)]
    pub plan_type: Option<Located<String>>,
    /// The commitment in USD per hour, 0.001 to 5,000 (AWS's range).
    #[serde(default)]
    pub hourly_commitment_usd: Option<Located<Num>>,
    /// Term in years: 1 or 3.
    #[serde(default)]
    pub term_years: Option<Located<Num>>,
    /// Payment option: "no_upfront", "partial_upfront" (costplan takes half the term's commitment upfront) or "all_upfront".
    #[serde(default)]
    pub payment: Option<Located<String>>,
}

/// Negotiated discounts, applied after commitments: private prices first, then the enterprise
/// percentage. Each is shown as its own line, so the list price stays visible.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscountsRaw {
    /// Enterprise discount in percent of the bill after commitments, 0 to 100 (e.g. 5 for an EDP of 5 %).
    #[serde(default)]
    pub enterprise_percent: Option<Located<Num>>,
    /// Only the charges of these offer codes (e.g. ["AmazonRDS", "AmazonECS"]) get the enterprise discount. Default: all.
    #[serde(default)]
    pub offer_codes: Vec<Located<String>>,
    /// Offer codes the enterprise discount never applies to.
    #[serde(default)]
    pub exclude: Vec<Located<String>>,
    /// Where the discount comes from, e.g. "EDP 2026, contract ref 123" (required).
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Private prices replacing the list price of one price key: `[[discounts.private_price]]`.
    #[serde(default)]
    pub private_price: Vec<Located<PrivatePriceRaw>>,
}

/// A private price for one price key (on the usage left on demand after commitments).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivatePriceRaw {
    /// The price key, as `costplan pricing show` lists it, e.g. "nat.gateway_hour".
    pub key: Located<String>,
    /// The private price in USD per unit of the key.
    pub usd: Located<Num>,
    /// Where the price comes from, e.g. "private pricing addendum 2026-03" (required).
    pub source: Located<String>,
}

/// A credit (promotional credits, AWS Activate): `monthly_usd` off each month from the first
/// month of the cash-flow view (`start_month`) up to and including `until`, never more than
/// that month's bill.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditRaw {
    /// Name, shown on the credit's line, e.g. "Activate".
    pub name: Located<String>,
    /// USD off per month, 0 to 1,000,000.
    pub monthly_usd: Located<Num>,
    /// The last month the credit applies to, "YYYY-MM" (included).
    pub until: Located<String>,
}

/// What a topology commits to, beyond on-demand prices (validated).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Finance {
    /// The first month of the cash-flow view, `YYYY-MM`.
    pub start_month: String,
    pub savings_plans: Vec<SavingsPlanInput>,
    pub discounts: Option<Discounts>,
    pub credits: Vec<CreditInput>,
}

impl Finance {
    /// Whether the topology states no Savings Plan, discount or credit.
    pub fn is_empty(&self) -> bool {
        self.savings_plans.is_empty() && self.discounts.is_none() && self.credits.is_empty()
    }
}

/// A validated `[database.commitment]` or `[cache.commitment]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub term_years: u32,
    pub payment: Payment,
    pub class: Option<String>,
    /// `None`: all the instances (nodes).
    pub count: Option<u32>,
}

/// The kind of a Savings Plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanType {
    Compute,
    Ec2Instance,
}

impl PlanType {
    pub fn id(self) -> &'static str {
        match self {
            PlanType::Compute => "compute",
            PlanType::Ec2Instance => "ec2_instance",
        }
    }
}

/// A validated `[[savings_plan]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingsPlanInput {
    pub name: String,
    pub plan_type: PlanType,
    pub hourly_commitment_usd: Decimal,
    pub term_years: u32,
    pub payment: Payment,
}

/// A validated `[discounts]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discounts {
    pub enterprise_percent: Option<Decimal>,
    pub offer_codes: Vec<String>,
    pub exclude: Vec<String>,
    pub source: String,
    pub private_prices: Vec<PrivatePrice>,
}

/// A validated `[[discounts.private_price]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivatePrice {
    pub key: String,
    pub usd: Decimal,
    pub source: String,
}

/// A validated `[[credit]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditInput {
    pub name: String,
    pub monthly_usd: Decimal,
    /// `YYYY-MM`, included.
    pub until: String,
}

/// Months from `start` to `until` inclusive (`YYYY-MM` each), 0 when `until` is before `start`.
pub fn months_through(start: &str, until: &str) -> u32 {
    let index = |s: &str| -> Option<i64> {
        let (y, m) = s.split_once('-')?;
        Some(y.parse::<i64>().ok()? * 12 + m.parse::<i64>().ok()? - 1)
    };
    match (index(start), index(until)) {
        (Some(a), Some(b)) if b >= a => u32::try_from(b - a + 1).unwrap_or(u32::MAX),
        _ => 0,
    }
}

/// Whether `s` is a month `YYYY-MM` (2000 to 2999).
pub fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[5..].iter().all(u8::is_ascii_digit)
        && b[0] == b'2'
        && matches!(
            &s[5..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_count_both_ends() {
        assert_eq!(super::months_through("2026-12", "2026-12"), 1);
        assert_eq!(super::months_through("2026-12", "2027-05"), 6);
        assert_eq!(super::months_through("2026-12", "2026-11"), 0);
        assert!(super::is_month("2027-05"));
        assert!(!super::is_month("2027-13"));
        assert!(!super::is_month("27-05"));
    }
}
