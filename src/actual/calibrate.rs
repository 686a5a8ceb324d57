//! `costplan actual --calibrate`: the topology with its usage quantities set from the bill.
//!
//! Only usage is changed: inputs whose estimate quantity is the input itself (or a fixed multiple
//! of it), so the bill's quantity sets the input exactly: NAT GB processed, log GB ingested and
//! stored, internet and inter-AZ transfer GB, Secrets Manager API calls, ECR storage, and a
//! service's task count when one service alone bills a Fargate usage type and the billed hours
//! are a whole number of tasks. Design choices (instance classes, counts of databases, cache
//! nodes, load balancer LCU dimensions the bill does not tell apart) are never changed: they are
//! reported as findings. The file is edited with `toml_edit`, so comments and layout stay; each
//! changed value's comment gives the old value and the bill month.

use rust_decimal::Decimal;

use super::variance::{Comparison, Precision, Row};
use crate::error::{Error, Result};
use crate::estimate::Estimate;

/// An input set from the bill: (price key, section, key, estimate quantity per unit of input).
/// `data_transfer.inter_az_gb` prices each GB twice (out of one AZ, into the other).
const USAGE_INPUTS: &[(&str, &str, &str, u32)] = &[
    ("nat.data_processed_gb", "nat", "data_processed_gb", 1),
    (
        "cloudwatch.logs_ingested_gb.standard",
        "cloudwatch",
        "logs_ingested_gb",
        1,
    ),
    (
        "cloudwatch.logs_stored_gb_month",
        "cloudwatch",
        "logs_stored_gb",
        1,
    ),
    (
        "data_transfer.internet_out_gb",
        "data_transfer",
        "internet_out_gb",
        1,
    ),
    (
        "data_transfer.inter_az_gb",
        "data_transfer",
        "inter_az_gb",
        2,
    ),
    (
        "secrets_manager.api_request",
        "secrets_manager",
        "api_calls",
        1,
    ),
    ("ecr.storage_gb_month", "ecr", "storage_gb", 1),
];

/// One value changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `nat.data_processed_gb`, `service[1].count`.
    pub path: String,
    pub old: Decimal,
    pub new: Decimal,
}

/// The calibrated text, what changed and what was left for a person to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calibration {
    pub text: String,
    pub changes: Vec<Change>,
    pub findings: Vec<String>,
}

fn number(item: &toml_edit::Item) -> Option<Decimal> {
    let v = item.as_value()?;
    let mut bare = v.clone();
    bare.decor_mut().clear();
    crate::money::parse_exact(&bare.to_string())
}

/// Sets `table[key]` to `new`, written exactly, its comment giving the old value and the month.
fn set(table: &mut toml_edit::Table, key: &str, old: Decimal, new: Decimal, month: &str) {
    let literal = new.normalize().to_string();
    let Ok(mut value) = literal.parse::<toml_edit::Value>() else {
        return;
    };
    let (prefix, suffix) = match table.get(key).and_then(|i| i.as_value()) {
        Some(v) => (
            v.decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or(" ")
                .to_string(),
            v.decor()
                .suffix()
                .and_then(|s| s.as_str())
                .unwrap_or("")
                .to_string(),
        ),
        None => (" ".to_string(), String::new()),
    };
    let note = format!(
        "costplan actual: was {}, set from the {month} bill",
        old.normalize()
    );
    let suffix = match suffix.split_once('#') {
        Some((pad, comment)) => format!("{pad}# {note};{comment}"),
        None => format!("  # {note}"),
    };
    value.decor_mut().set_prefix(prefix);
    value.decor_mut().set_suffix(suffix);
    table.insert(key, toml_edit::Item::Value(value));
}

fn row_of<'c>(c: &'c Comparison, key: &str) -> Option<&'c Row> {
    c.rows
        .iter()
        .find(|r| r.price_keys.iter().any(|k| k == key))
}

/// Calibrates the topology `text` (read from `path`) from the comparison of its estimate with
/// the bill of `month`.
pub fn calibrate(
    path: &str,
    text: &str,
    estimate: &Estimate,
    c: &Comparison,
    month: &str,
) -> Result<Calibration> {
    if c.precision == Precision::Service {
        return Err(Error::usage(format!(
            "{path}: the bill has no usage types (it is matched by service), so it cannot set usage quantities; calibrate from a CUR or a FOCUS export with AWS's x_ columns"
        )));
    }
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::usage(format!("{path}: cannot edit the topology: {e}"))
    })?;
    let mut changes = Vec::new();
    let mut findings = Vec::new();
    for (key, section, input, factor) in USAGE_INPUTS {
        let Some(row) = row_of(c, key) else { continue };
        let (Some(est_q), Some(bill_q)) = (row.estimated_quantity, row.billed_quantity) else {
            continue;
        };
        let Some(table) = doc.get_mut(section).and_then(|t| t.as_table_mut()) else {
            continue;
        };
        let Some(old) = table.get(input).and_then(number) else {
            continue;
        };
        let factor = Decimal::from(*factor);
        if row.price_keys.len() != 1 || crate::money::exact_mul(old, factor) != Some(est_q) {
            findings.push(format!(
                "{section}.{input}: the estimate's {} {} are not {} × the input; not changed",
                est_q.normalize(),
                row.unit,
                factor
            ));
            continue;
        }
        if row.bill_lines == 0 {
            findings.push(format!(
                "{section}.{input}: the bill has no `{}` line; not changed",
                row.label
            ));
            continue;
        }
        let Some(new) = bill_q.checked_div(factor).map(|n| n.normalize()) else {
            continue;
        };
        if new != old {
            set(table, input, old, new, month);
            changes.push(Change {
                path: format!("{section}.{input}"),
                old,
                new,
            });
        }
    }
    fargate_counts(&mut doc, estimate, c, month, &mut changes, &mut findings);
    design_findings(c, &mut findings);
    Ok(Calibration {
        text: doc.to_string(),
        changes,
        findings,
    })
}

/// Task counts from Fargate vCPU-hours, where one service alone bills the usage type and the
/// billed hours are a whole number of its tasks.
fn fargate_counts(
    doc: &mut toml_edit::DocumentMut,
    estimate: &Estimate,
    c: &Comparison,
    month: &str,
    changes: &mut Vec<Change>,
    findings: &mut Vec<String>,
) {
    for row in c
        .rows
        .iter()
        .filter(|r| r.price_keys.iter().any(|k| k.contains(".vcpu_hour.")))
    {
        let (Some(est_q), Some(bill_q)) = (row.estimated_quantity, row.billed_quantity) else {
            continue;
        };
        if est_q == bill_q || row.bill_lines == 0 {
            continue;
        }
        let services: Vec<&str> = row
            .estimate_lines
            .iter()
            .filter_map(|l| l.split_once(": ").map(|(r, _)| r))
            .collect();
        let [service] = services.as_slice() else {
            findings.push(format!(
                "{}: billed {} vCPU-hours, estimated {}, shared by services {}: the bill does not say which service ran more or fewer tasks; counts not changed",
                row.label,
                bill_q.normalize(),
                est_q.normalize(),
                services.join(", ")
            ));
            continue;
        };
        let services = doc
            .get_mut("service")
            .and_then(|s| s.as_array_of_tables_mut());
        let Some(table) = services.and_then(|a| {
            a.iter_mut()
                .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(service))
        }) else {
            continue;
        };
        let (Some(count), Some(vcpu)) = (
            table.get("count").and_then(number),
            table.get("vcpu").and_then(number),
        ) else {
            continue;
        };
        let tasks = crate::money::exact_mul(vcpu, estimate.hours_per_month)
            .filter(|p| !p.is_zero())
            .and_then(|p| bill_q.checked_div(p));
        match tasks {
            Some(t) if t.fract().is_zero() && t != count => {
                set(table, "count", count, t.normalize(), month);
                changes.push(Change {
                    path: format!("service `{service}` count"),
                    old: count,
                    new: t.normalize(),
                });
            }
            Some(t) if t.fract().is_zero() => {}
            _ => findings.push(format!(
                "service `{service}`: billed {} vCPU-hours are not a whole number of tasks of {} vCPU over {} hours (tasks that scaled or ran part of the month); count not changed",
                bill_q.normalize(),
                vcpu.normalize(),
                estimate.hours_per_month.normalize()
            )),
        }
    }
}

/// Instances, nodes and LCUs the bill shows differently: for a person to decide.
fn design_findings(c: &Comparison, findings: &mut Vec<String>) {
    for row in &c.rows {
        let (Some(est_q), Some(bill_q)) = (row.estimated_quantity, row.billed_quantity) else {
            continue;
        };
        let design = row.price_keys.iter().any(|k| {
            k.starts_with("rds.instance_hour")
                || k.starts_with("elasticache.node_hour")
                || k == "alb.lcu_hour"
                || k == "nat.gateway_hour"
        });
        if design && est_q != bill_q {
            findings.push(format!(
                "{}: billed {} {}, estimated {}; a design choice (instance class, count, or LCU dimensions the bill does not tell apart): not changed",
                row.label,
                bill_q.normalize(),
                row.unit,
                est_q.normalize()
            ));
        }
    }
    for u in &c.not_in_topology {
        let instance = [
            "InstanceUsage:",
            "Multi-AZUsage:",
            "NodeUsage:",
            "BoxUsage:",
        ]
        .iter()
        .any(|p| u.usage_type.contains(p));
        if instance
            && matches!(
                u.service.as_str(),
                "AmazonRDS" | "AmazonElastiCache" | "AmazonEC2"
            )
        {
            findings.push(format!(
                "the bill has {} {} ({} {}) that the topology does not: not added",
                u.service,
                u.usage_type,
                u.quantity.normalize(),
                u.unit.as_deref().unwrap_or("units")
            ));
        }
    }
}
