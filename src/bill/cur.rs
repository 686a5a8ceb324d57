//! The Cost and Usage Report as CSV: legacy (`lineItem/UnblendedCost` headers) and CUR 2.0
//! (snake_case headers, `product` and `resource_tags` as JSON text). Legacy headers are turned
//! into the snake_case names Athena and the Parquet files use (`lineItem/UsageType` →
//! `line_item_usage_type`, `resourceTags/user:Project` → `resource_tags_user_project`), so one
//! column vocabulary ([`CurFields`]) serves CSV and Parquet alike.

use std::collections::BTreeMap;
use std::io::Read;

use rust_decimal::Decimal;

use super::{BillFormat, BillInfo, BillRecord, Granularity, LineItemType, diagnostic};
use crate::error::Result;

/// The columns a CUR line is read from, by snake_case name.
pub(super) const NEEDED: &[&str] = &[
    "bill_billing_period_start_date",
    "line_item_usage_account_id",
    "line_item_line_item_type",
    "line_item_product_code",
    "line_item_usage_type",
    "line_item_operation",
    "line_item_usage_amount",
    "line_item_unblended_cost",
    "line_item_currency_code",
    "pricing_unit",
    "product_region_code",
    "product_region",
    "product_product_name",
    "product",
    "resource_tags",
];

/// The columns without which a CUR file is no bill costplan can read.
pub(super) const REQUIRED: &[&str] = &[
    "bill_billing_period_start_date",
    "line_item_line_item_type",
    "line_item_product_code",
    "line_item_unblended_cost",
];

/// The prefix of legacy tag columns in snake_case (`resource_tags_user_project`).
pub(super) const TAG_PREFIX: &str = "resource_tags_user_";

/// A legacy CUR header in the snake_case spelling: `lineItem/UnblendedCost` →
/// `line_item_unblended_cost`, `resourceTags/user:Project` → `resource_tags_user_project`.
pub(super) fn snake_case(header: &str) -> String {
    let mut out = String::with_capacity(header.len() + 8);
    let mut prev_lower = false;
    for c in header.chars() {
        if c == '/' || c == ':' {
            out.push('_');
            prev_lower = false;
        } else if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// One CUR line's values, already typed; `column` names the field a problem is reported at.
#[derive(Default)]
pub(super) struct CurFields {
    pub period_start_month: Option<String>,
    pub account: Option<String>,
    pub line_item_type: Option<String>,
    pub product_code: Option<String>,
    pub usage_type: Option<String>,
    pub operation: Option<String>,
    pub usage_amount: Option<Decimal>,
    pub unblended_cost: Option<Decimal>,
    pub currency: Option<String>,
    pub unit: Option<String>,
    pub region: Option<String>,
    pub product_name: Option<String>,
    pub tags: BTreeMap<String, String>,
}

impl CurFields {
    /// The normalised record, or the column (snake_case) and message of what is wrong.
    pub(super) fn into_record(
        self,
        location: String,
    ) -> std::result::Result<BillRecord, (&'static str, String)> {
        let month = self.period_start_month.ok_or((
            "bill_billing_period_start_date",
            "the billing period start is missing or not a date".to_string(),
        ))?;
        let unblended_cost = self.unblended_cost.ok_or((
            "line_item_unblended_cost",
            "the unblended cost is missing".to_string(),
        ))?;
        let line_item_type = self.line_item_type.ok_or((
            "line_item_line_item_type",
            "the line item type is missing".to_string(),
        ))?;
        Ok(BillRecord {
            month,
            account: self.account,
            product_code: self.product_code,
            service_name: self.product_name,
            usage_type: self.usage_type,
            operation: self.operation,
            region: self.region,
            line_item_type: LineItemType::parse(&line_item_type),
            usage_amount: self.usage_amount.unwrap_or_default(),
            usage_unit: self.unit,
            unblended_cost,
            // Tax lines of the legacy CUR can leave the currency empty: AWS bills in USD unless
            // the column says otherwise.
            currency: self.currency.unwrap_or_else(|| "USD".to_string()),
            tags: self.tags,
            estimated: false,
            location,
        })
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A JSON object in a CSV field (CUR 2.0 `product`, `resource_tags`), as text keys and values.
pub(super) fn json_map(text: &str) -> std::result::Result<BTreeMap<String, String>, String> {
    let t = text.trim();
    if t.is_empty() || t == "{}" || t == "NULL" {
        return Ok(BTreeMap::new());
    }
    let value: serde_json::Value =
        serde_json::from_str(t).map_err(|e| format!("not a JSON object: {e}"))?;
    let obj = value
        .as_object()
        .ok_or_else(|| "not a JSON object".to_string())?;
    Ok(obj
        .iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k.clone(), v)
        })
        .collect())
}

pub(super) fn read<R: Read>(
    mut csv: csv::Reader<R>,
    headers: Vec<String>,
    path: &str,
    format: BillFormat,
    each: &mut dyn FnMut(BillRecord) -> Result<()>,
) -> Result<BillInfo> {
    let names: Vec<String> = match format {
        BillFormat::LegacyCurCsv => headers.iter().map(|h| snake_case(h)).collect(),
        _ => headers.clone(),
    };
    let index = |name: &str| names.iter().position(|n| n == name);
    for required in REQUIRED {
        if index(required).is_none() {
            let shown = match format {
                BillFormat::LegacyCurCsv => legacy_name(required),
                _ => (*required).to_string(),
            };
            return Err(diagnostic(
                path,
                1,
                1,
                format!("the {format} header has no `{shown}` column"),
                Some(format!("a bill needs {}", REQUIRED.join(", "))),
            ));
        }
    }
    let col: BTreeMap<&str, usize> = NEEDED
        .iter()
        .filter_map(|n| index(n).map(|i| (*n, i)))
        .collect();
    let tag_cols: Vec<(String, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.strip_prefix(TAG_PREFIX).map(|k| (k.to_string(), i)))
        .collect();
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(super::csv_error(path, &e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = |name: &str| -> Option<&str> { col.get(name).and_then(|&i| record.get(i)) };
        let text = |name: &str| at(name).and_then(non_empty);
        let fail = |name: &str, message: String| {
            let column = col.get(name).map(|i| i + 1).unwrap_or(0);
            let shown = headers
                .get(column.wrapping_sub(1))
                .cloned()
                .unwrap_or_else(|| name.to_string());
            diagnostic(
                path,
                line,
                column,
                format!("column `{shown}`: {message}"),
                Some(
                    "amounts are decimal numbers (`0.25`, `1.81E-8`); dates are ISO 8601"
                        .to_string(),
                ),
            )
        };
        let amount = |name: &str| -> Result<Option<Decimal>> {
            match at(name).map(str::trim) {
                None | Some("") => Ok(None),
                Some(s) => super::parse_amount(s)
                    .map(Some)
                    .ok_or_else(|| fail(name, format!("`{s}` is not an amount"))),
            }
        };
        let mut f = CurFields {
            period_start_month: match at("bill_billing_period_start_date") {
                Some(s) => Some(super::month_of(s).ok_or_else(|| {
                    fail(
                        "bill_billing_period_start_date",
                        format!("`{s}` is not a date"),
                    )
                })?),
                None => None,
            },
            account: text("line_item_usage_account_id"),
            line_item_type: text("line_item_line_item_type"),
            product_code: text("line_item_product_code"),
            usage_type: text("line_item_usage_type"),
            operation: text("line_item_operation"),
            usage_amount: amount("line_item_usage_amount")?,
            unblended_cost: amount("line_item_unblended_cost")?,
            currency: text("line_item_currency_code"),
            unit: text("pricing_unit"),
            region: text("product_region_code").or_else(|| text("product_region")),
            product_name: text("product_product_name"),
            tags: BTreeMap::new(),
        };
        if let Some(s) = at("product") {
            let product = json_map(s).map_err(|m| fail("product", m))?;
            if f.product_name.is_none() {
                f.product_name = product.get("product_name").and_then(|s| non_empty(s));
            }
            if f.region.is_none() {
                f.region = product
                    .get("region_code")
                    .or_else(|| product.get("region"))
                    .and_then(|s| non_empty(s));
            }
        }
        if let Some(s) = at("resource_tags") {
            f.tags = json_map(s).map_err(|m| fail("resource_tags", m))?;
        }
        for (key, i) in &tag_cols {
            if let Some(v) = record.get(*i).and_then(non_empty) {
                f.tags.insert(key.clone(), v);
            }
        }
        let r = f
            .into_record(format!("line {line}"))
            .map_err(|(name, m)| fail(name, m))?;
        each(r)?;
    }
    Ok(BillInfo {
        format,
        gzip: false,
        granularity: Granularity::UsageType,
    })
}

/// The legacy header spelling of a snake_case column, for messages.
fn legacy_name(snake: &str) -> String {
    match snake {
        "bill_billing_period_start_date" => "bill/BillingPeriodStartDate",
        "line_item_line_item_type" => "lineItem/LineItemType",
        "line_item_product_code" => "lineItem/ProductCode",
        "line_item_unblended_cost" => "lineItem/UnblendedCost",
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_headers_become_athena_names() {
        assert_eq!(
            snake_case("lineItem/UnblendedCost"),
            "line_item_unblended_cost"
        );
        assert_eq!(
            snake_case("bill/BillingPeriodStartDate"),
            "bill_billing_period_start_date"
        );
        assert_eq!(snake_case("product/regionCode"), "product_region_code");
        assert_eq!(snake_case("product/ProductName"), "product_product_name");
        assert_eq!(
            snake_case("resourceTags/user:Project"),
            "resource_tags_user_project"
        );
        assert_eq!(
            snake_case("lineItem/LineItemType"),
            "line_item_line_item_type"
        );
    }
}
