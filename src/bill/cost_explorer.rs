//! A Cost Explorer `GetCostAndUsage` response (AWS CLI or SDK JSON, `ResponseMetadata` and
//! `DimensionValueAttributes` ignored). Each group of each period becomes one record of the
//! period's month, so DAILY results sum into their month; `Estimated` periods are flagged.
//! The cost is `UnblendedCost`; `Tax` is a SERVICE value of its own. Group keys follow
//! `GroupDefinitions`: SERVICE, LINKED_ACCOUNT, USAGE_TYPE, OPERATION, REGION, RECORD_TYPE, and
//! TAG keys as `Key$Value`. The response is small (one entry per period and group) and is read
//! whole.

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::Value;

use super::{BillFormat, BillInfo, BillRecord, Granularity, LineItemType, diagnostic};
use crate::error::Result;

fn fail(path: &str, json_path: &str, message: String) -> crate::error::Error {
    diagnostic(
        path,
        0,
        0,
        format!("at `{json_path}`: {message}"),
        Some("give the JSON that `aws ce get-cost-and-usage` (or the SDK) returns, with the UnblendedCost metric".to_string()),
    )
}

pub(super) fn read(
    reader: impl Read,
    path: &str,
    each: &mut dyn FnMut(BillRecord) -> Result<()>,
) -> Result<BillInfo> {
    let root: Value = serde_json::from_reader(reader).map_err(|e| {
        diagnostic(
            path,
            e.line() as u64,
            e.column(),
            format!("not valid JSON: {e}"),
            None,
        )
    })?;
    let results = root
        .get("ResultsByTime")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            fail(
                path,
                "ResultsByTime",
                "missing: this JSON is no Cost Explorer GetCostAndUsage response".to_string(),
            )
        })?;
    let definitions: Vec<(String, String)> = match root.get("GroupDefinitions") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let field = |k: &str| {
                    d.get(k)
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .ok_or_else(|| {
                            fail(
                                path,
                                &format!("GroupDefinitions[{i}].{k}"),
                                "missing".to_string(),
                            )
                        })
                };
                Ok((field("Type")?, field("Key")?))
            })
            .collect::<Result<_>>()?,
        Some(_) => {
            return Err(fail(path, "GroupDefinitions", "not an array".to_string()));
        }
    };
    let by_usage_type = definitions.iter().any(|(_, k)| k == "USAGE_TYPE");
    for (i, period) in results.iter().enumerate() {
        let here = format!("ResultsByTime[{i}]");
        let start = period
            .pointer("/TimePeriod/Start")
            .and_then(Value::as_str)
            .ok_or_else(|| fail(path, &format!("{here}.TimePeriod.Start"), "missing".into()))?;
        let month = super::month_of(start).ok_or_else(|| {
            fail(
                path,
                &format!("{here}.TimePeriod.Start"),
                format!("`{start}` is not a date"),
            )
        })?;
        let estimated = period
            .get("Estimated")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let groups = period.get("Groups").and_then(Value::as_array);
        let entries: Vec<(String, Option<&Value>, &Value)> = match groups {
            Some(g) if !g.is_empty() => g
                .iter()
                .enumerate()
                .map(|(j, g)| {
                    (
                        format!("{here}.Groups[{j}]"),
                        g.get("Keys"),
                        g.get("Metrics").unwrap_or(&Value::Null),
                    )
                })
                .collect(),
            _ => match period.get("Total") {
                Some(t) if t.as_object().is_some_and(|o| !o.is_empty()) => {
                    vec![(format!("{here}.Total"), None, t)]
                }
                _ => Vec::new(),
            },
        };
        for (at, keys, metrics) in entries {
            let cost = metrics.get("UnblendedCost").ok_or_else(|| {
                fail(
                    path,
                    &format!("{at}.Metrics"),
                    "no `UnblendedCost` metric".to_string(),
                )
            })?;
            let amount_text = cost.get("Amount").and_then(Value::as_str).ok_or_else(|| {
                fail(
                    path,
                    &format!("{at}.Metrics.UnblendedCost.Amount"),
                    "missing or not a string".to_string(),
                )
            })?;
            let amount = super::parse_amount(amount_text).ok_or_else(|| {
                fail(
                    path,
                    &format!("{at}.Metrics.UnblendedCost.Amount"),
                    format!("`{amount_text}` is not an amount"),
                )
            })?;
            let currency = cost
                .get("Unit")
                .and_then(Value::as_str)
                .unwrap_or("USD")
                .to_string();
            let (usage_amount, usage_unit) = match metrics.get("UsageQuantity") {
                Some(q) => (
                    q.get("Amount")
                        .and_then(Value::as_str)
                        .and_then(super::parse_amount)
                        .unwrap_or_default(),
                    q.get("Unit")
                        .and_then(Value::as_str)
                        .filter(|u| *u != "N/A")
                        .map(str::to_string),
                ),
                None => (Default::default(), None),
            };
            let mut r = BillRecord {
                month: month.clone(),
                account: None,
                product_code: None,
                service_name: None,
                usage_type: None,
                operation: None,
                region: None,
                line_item_type: LineItemType::Usage,
                usage_amount,
                usage_unit,
                unblended_cost: amount,
                currency,
                tags: BTreeMap::new(),
                estimated,
                lines: 1,
                location: format!("{path}: {at}"),
            };
            let keys: Vec<&str> = keys
                .and_then(Value::as_array)
                .map(|k| k.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for ((kind, key), value) in definitions.iter().zip(keys) {
                let v = Some(value.to_string());
                match (kind.as_str(), key.as_str()) {
                    ("TAG", _) => {
                        let (k, v) = value.split_once('$').unwrap_or((key, value));
                        r.tags.insert(k.to_string(), v.to_string());
                    }
                    (_, "SERVICE") => {
                        if value == "Tax" {
                            r.line_item_type = LineItemType::Tax;
                        }
                        r.service_name = v;
                    }
                    (_, "LINKED_ACCOUNT") => r.account = v,
                    (_, "USAGE_TYPE") => r.usage_type = v,
                    (_, "OPERATION") => r.operation = v,
                    (_, "REGION") => r.region = v,
                    (_, "RECORD_TYPE") => r.line_item_type = LineItemType::parse(value),
                    _ => {}
                }
            }
            each(r)?;
        }
    }
    Ok(BillInfo {
        format: BillFormat::CostExplorer,
        gzip: false,
        granularity: if by_usage_type {
            Granularity::UsageType
        } else {
            Granularity::Service
        },
    })
}
