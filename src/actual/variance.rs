//! Estimate against bill, row by row: estimated and billed quantity and cost, the variance, and
//! its split into a usage effect and a price effect.
//!
//! For a row priced by one key, `table_usd` is the price table's price of the billed quantity,
//! computed by the same [`Pricer`] (tiers included) that priced the estimate. Then
//! `usage = table_usd − estimated` (what the quantity difference costs at table prices) and
//! `price = billed − table_usd` (what the bill's rates, discounts and price changes add), so
//! `usage + price = billed − estimated` exactly. A row of several price keys, or a bill at service
//! precision, has only the total variance: there is no one table price of its billed quantity.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::aggregate::{BillAmount, BillKey, BillMonth};
use super::matching::{self, UsageKey};
use crate::bill::{Granularity, LineItemType};
use crate::error::{Error, Result};
use crate::estimate::Estimate;
use crate::estimate::pricer::Pricer;
use crate::model::Group;
use crate::money::{exact_add, exact_sub, percent_change};
use crate::pricing::PriceTable;

/// How precisely the bill could be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// By offer code, usage type and region.
    UsageType,
    /// By service only: the bill has no usage types.
    Service,
}

/// The usage and price effects of one row's variance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Split {
    /// The price table's price of the billed quantity.
    pub table_price_of_billed_usd: Decimal,
    /// `table_price_of_billed_usd − estimated_usd`.
    pub usage_usd: Decimal,
    /// `billed_usd − table_price_of_billed_usd`.
    pub price_usd: Decimal,
}

/// One comparison row: estimate lines and the bill lines that correspond to them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    /// `AmazonECS Fargate-vCPU-Hours:perCPU`, or a service at service precision.
    pub label: String,
    /// The group of the row's first estimate line.
    pub group: Group,
    /// The groups of all its estimate lines (several for a service row such as EC2, NAT gateway
    /// and data transfer).
    pub groups: Vec<Group>,
    pub offer_codes: Vec<String>,
    /// The usage type without its region prefix (usage-type precision only).
    pub usage_type: Option<String>,
    /// The estimate lines of the row, as `resource: component`.
    pub estimate_lines: Vec<String>,
    /// Each estimate line's exact monthly cost, in the order of `estimate_lines`.
    pub estimate_lines_usd: Vec<Decimal>,
    pub price_keys: Vec<String>,
    pub unit: String,
    /// Operations of the matched bill lines.
    pub operations: Vec<String>,
    /// Quantities (usage-type precision only).
    pub estimated_quantity: Option<Decimal>,
    pub billed_quantity: Option<Decimal>,
    pub estimated_usd: Decimal,
    pub billed_usd: Decimal,
    pub variance_usd: Decimal,
    pub variance_percent: Option<Decimal>,
    /// `None` at service precision and for rows of several price keys.
    pub split: Option<Split>,
    /// Bill lines matched (0: an estimate line with no bill line).
    pub bill_lines: u64,
    pub note: Option<String>,
}

/// A usage line of the bill that no estimate line corresponds to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unestimated {
    pub service: String,
    pub usage_type: String,
    pub operation: String,
    pub region: String,
    pub quantity: Decimal,
    pub unit: Option<String>,
    pub billed_usd: Decimal,
    pub lines: u64,
}

/// Credits, taxes, refunds, fees, RI and Savings Plan charges: kept apart from usage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Charge {
    pub kind: String,
    pub service: String,
    pub billed_usd: Decimal,
    pub lines: u64,
}

/// The comparison of an estimate with one month of a bill. Amounts are exact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Comparison {
    pub precision: Precision,
    /// Rows in estimate order; those with `bill_lines == 0` are estimate lines with no bill line.
    pub rows: Vec<Row>,
    /// Ranked by billed cost, largest first.
    pub not_in_topology: Vec<Unestimated>,
    pub charges: Vec<Charge>,
    pub estimated_total_usd: Decimal,
    /// Every selected line of the month (invoice basis, credits negative).
    pub billed_total_usd: Decimal,
    pub billed_usage_usd: Decimal,
    /// `billed_total_usd − estimated_total_usd`.
    pub variance_usd: Decimal,
    pub variance_percent: Option<Decimal>,
    /// Sum of the rows' price effects.
    pub price_effect_usd: Decimal,
    /// Sum of the rows' usage effects.
    pub usage_effect_usd: Decimal,
    /// Variance of rows without a split (service precision, several price keys).
    pub unsplit_variance_usd: Decimal,
    pub not_in_topology_usd: Decimal,
    pub charges_usd: Decimal,
}

fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    exact_add(a, b).ok_or_else(|| Error::Overflow {
        what: what.to_string(),
    })
}

fn sub(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    exact_sub(a, b).ok_or_else(|| Error::Overflow {
        what: what.to_string(),
    })
}

struct Acc {
    row: Row,
    keys: BTreeSet<String>,
    operations: BTreeSet<String>,
}

impl Acc {
    fn new(label: String, group: Group, unit: String) -> Self {
        Acc {
            row: Row {
                label,
                group,
                groups: vec![group],
                offer_codes: vec![],
                usage_type: None,
                estimate_lines: vec![],
                estimate_lines_usd: vec![],
                price_keys: vec![],
                unit,
                operations: vec![],
                estimated_quantity: None,
                billed_quantity: None,
                estimated_usd: Decimal::ZERO,
                billed_usd: Decimal::ZERO,
                variance_usd: Decimal::ZERO,
                variance_percent: None,
                split: None,
                bill_lines: 0,
                note: None,
            },
            keys: BTreeSet::new(),
            operations: BTreeSet::new(),
        }
    }

    fn add_bill(&mut self, key: &BillKey, amount: &BillAmount) -> Result<()> {
        let r = &mut self.row;
        r.billed_usd = add(r.billed_usd, amount.cost, &r.label)?;
        if let Some(q) = r.billed_quantity.as_mut() {
            *q = add(*q, amount.usage_amount, &r.label)?;
        }
        r.bill_lines += amount.lines;
        if !key.operation.is_empty() {
            self.operations.insert(key.operation.clone());
        }
        Ok(())
    }
}

/// The table price of `quantity` of `key`, by the estimate's own pricer.
pub fn table_price(
    table: &PriceTable,
    group: Group,
    key: &str,
    quantity: Decimal,
) -> Result<Decimal> {
    let mut pricer = Pricer::new(table);
    pricer.add(group, "billed quantity", key, quantity, key)?;
    let lines = pricer.finish()?;
    crate::money::exact_sum(lines.iter().map(|l| l.monthly_usd)).ok_or_else(|| Error::Overflow {
        what: format!("the table price of the billed quantity of `{key}`"),
    })
}

fn charge_kind(t: &LineItemType) -> String {
    match t {
        LineItemType::Tax => "tax".into(),
        LineItemType::Credit => "credit".into(),
        LineItemType::Refund => "refund".into(),
        LineItemType::Fee => "fee".into(),
        LineItemType::RiFee => "RI fee".into(),
        LineItemType::SavingsPlanNegation => "Savings Plan negation".into(),
        LineItemType::SavingsPlanRecurringFee => "Savings Plan recurring fee".into(),
        LineItemType::SavingsPlanUpfrontFee => "Savings Plan upfront fee".into(),
        LineItemType::Discount => "discount".into(),
        LineItemType::Purchase => "purchase".into(),
        LineItemType::Adjustment => "adjustment".into(),
        LineItemType::Other(s) => s.clone(),
        LineItemType::Usage
        | LineItemType::DiscountedUsage
        | LineItemType::SavingsPlanCoveredUsage => "usage".into(),
    }
}

/// Drops trailing zeros (`1.800000` → `1.8`); the value is unchanged.
fn normalize(r: &mut Row) {
    for d in [&mut r.estimated_usd, &mut r.billed_usd, &mut r.variance_usd] {
        *d = d.normalize();
    }
    for q in [&mut r.estimated_quantity, &mut r.billed_quantity]
        .into_iter()
        .flatten()
    {
        *q = q.normalize();
    }
    if let Some(s) = r.split.as_mut() {
        s.table_price_of_billed_usd = s.table_price_of_billed_usd.normalize();
        s.usage_usd = s.usage_usd.normalize();
        s.price_usd = s.price_usd.normalize();
    }
}

/// Compares `estimate` (priced from `table`) with one month of a bill.
pub fn compare(estimate: &Estimate, table: &PriceTable, bill: &BillMonth) -> Result<Comparison> {
    let precision = match bill.info.granularity {
        Granularity::UsageType => Precision::UsageType,
        Granularity::Service => Precision::Service,
    };
    // Estimate lines into rows, in estimate order.
    let mut order: Vec<String> = Vec::new();
    let mut accs: BTreeMap<String, Acc> = BTreeMap::new();
    let mut key_of_usage: BTreeMap<UsageKey, String> = BTreeMap::new();
    for line in &estimate.line_items {
        let price = table.get(&line.price_key)?;
        let id = match precision {
            Precision::UsageType => {
                let k = matching::usage_key(&price.offer_code, &price.usage_type);
                let id = format!("{} {}", k.offer_code, k.usage_type);
                key_of_usage.insert(k, id.clone());
                id
            }
            Precision::Service => match matching::service_of_offer(&price.offer_code) {
                Some(s) => s.label.to_string(),
                None => price.offer_code.clone(),
            },
        };
        let acc = accs.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            let mut a = Acc::new(id.clone(), line.group, price.unit.clone());
            if precision == Precision::UsageType {
                let k = matching::usage_key(&price.offer_code, &price.usage_type);
                a.row.usage_type = Some(k.usage_type);
                a.row.estimated_quantity = Some(Decimal::ZERO);
                a.row.billed_quantity = Some(Decimal::ZERO);
            } else if matching::service_of_offer(&price.offer_code).is_none() {
                a.row.note = Some(format!(
                    "no coarse-bill service name is known for `{}`",
                    price.offer_code
                ));
            }
            a
        });
        let r = &mut acc.row;
        if !r.groups.contains(&line.group) {
            r.groups.push(line.group);
        }
        if !r.offer_codes.contains(&price.offer_code) {
            r.offer_codes.push(price.offer_code.clone());
        }
        r.estimate_lines
            .push(format!("{}: {}", line.resource, line.component));
        r.estimate_lines_usd.push(line.monthly_usd);
        r.estimated_usd = add(r.estimated_usd, line.monthly_usd, "the estimated total")?;
        if let Some(q) = r.estimated_quantity.as_mut() {
            *q = add(*q, line.quantity, &r.label)?;
        }
        acc.keys.insert(line.price_key.clone());
    }
    // Bill lines into rows, unestimated lines or charges.
    let mut not_in_topology = Vec::new();
    let mut charges: BTreeMap<(String, String), Charge> = BTreeMap::new();
    for (key, amount) in &bill.amounts {
        if !key.line_item_type.is_usage() {
            let kind = charge_kind(&key.line_item_type);
            let c = charges
                .entry((kind.clone(), key.service.clone()))
                .or_insert_with(|| Charge {
                    kind,
                    service: key.service.clone(),
                    billed_usd: Decimal::ZERO,
                    lines: 0,
                });
            c.billed_usd = add(c.billed_usd, amount.cost, "the charges")?;
            c.lines += amount.lines;
            continue;
        }
        let row_id = match precision {
            Precision::UsageType => {
                let region_ok = matching::bill_region(&key.region, &key.usage_type)
                    .is_none_or(|r| r == estimate.region);
                let k = matching::usage_key(matching::offer_code_of(&key.service), &key.usage_type);
                key_of_usage.get(&k).filter(|_| region_ok).cloned()
            }
            Precision::Service => matching::service_of_bill(&key.service)
                .map(|s| s.label.to_string())
                .filter(|l| accs.contains_key(l)),
        };
        match row_id.and_then(|id| accs.get_mut(&id)) {
            Some(acc) => acc.add_bill(key, amount)?,
            None => not_in_topology.push(Unestimated {
                service: key.service.clone(),
                usage_type: key.usage_type.clone(),
                operation: key.operation.clone(),
                region: key.region.clone(),
                quantity: amount.usage_amount,
                unit: amount.unit.clone(),
                billed_usd: amount.cost,
                lines: amount.lines,
            }),
        }
    }
    not_in_topology.sort_by(|a, b| {
        b.billed_usd
            .cmp(&a.billed_usd)
            .then_with(|| a.service.cmp(&b.service))
            .then_with(|| a.usage_type.cmp(&b.usage_type))
    });
    // Variances and splits.
    let mut rows = Vec::with_capacity(order.len());
    let (mut usage_effect, mut price_effect, mut unsplit) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for id in order {
        let Some(mut acc) = accs.remove(&id) else {
            continue;
        };
        let r = &mut acc.row;
        r.price_keys = acc.keys.iter().cloned().collect();
        r.operations = acc.operations.iter().cloned().collect();
        r.variance_usd = sub(r.billed_usd, r.estimated_usd, &r.label)?;
        r.variance_percent = percent_change(r.variance_usd, r.estimated_usd);
        if let (Precision::UsageType, Some(billed_q)) = (precision, r.billed_quantity) {
            if r.price_keys.len() == 1 && billed_q >= Decimal::ZERO {
                let table_usd = table_price(table, r.group, &r.price_keys[0], billed_q)?;
                r.split = Some(Split {
                    table_price_of_billed_usd: table_usd,
                    usage_usd: sub(table_usd, r.estimated_usd, &r.label)?,
                    price_usd: sub(r.billed_usd, table_usd, &r.label)?,
                });
            } else if r.price_keys.len() > 1 {
                r.note = Some(format!(
                    "{} price keys share this usage type: no usage/price split",
                    r.price_keys.len()
                ));
            } else {
                r.note = Some("negative billed quantity: no usage/price split".into());
            }
        }
        match &r.split {
            Some(s) => {
                usage_effect = add(usage_effect, s.usage_usd, "the usage effect")?;
                price_effect = add(price_effect, s.price_usd, "the price effect")?;
            }
            None => unsplit = add(unsplit, r.variance_usd, "the variance")?,
        }
        normalize(&mut acc.row);
        rows.push(acc.row);
    }
    let estimated_total = estimate.total_monthly_usd;
    let billed_total = bill.total()?;
    let variance = sub(billed_total, estimated_total, "the variance")?;
    let not_in_topology_usd = crate::money::exact_sum(not_in_topology.iter().map(|u| u.billed_usd))
        .ok_or_else(|| Error::Overflow {
            what: "the unestimated lines".into(),
        })?;
    let charges: Vec<Charge> = charges.into_values().collect();
    let charges_usd =
        crate::money::exact_sum(charges.iter().map(|c| c.billed_usd)).ok_or_else(|| {
            Error::Overflow {
                what: "the charges".into(),
            }
        })?;
    Ok(Comparison {
        precision,
        rows,
        not_in_topology,
        charges,
        estimated_total_usd: estimated_total.normalize(),
        billed_total_usd: billed_total.normalize(),
        billed_usage_usd: bill.usage_total()?.normalize(),
        variance_usd: variance.normalize(),
        variance_percent: percent_change(variance, estimated_total),
        price_effect_usd: price_effect.normalize(),
        usage_effect_usd: usage_effect.normalize(),
        unsplit_variance_usd: unsplit.normalize(),
        not_in_topology_usd: not_in_topology_usd.normalize(),
        charges_usd: charges_usd.normalize(),
    })
}
