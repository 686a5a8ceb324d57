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

/// The fields of a CUR 2.0 `product` map a bill line needs, read without building the whole map.
#[derive(Default)]
pub(super) struct ProductFields {
    pub product_name: Option<String>,
    pub region_code: Option<String>,
    pub region: Option<String>,
}

/// The `product` JSON text of a CUR 2.0 CSV line: only `product_name`, `region_code` and
/// `region` are kept (as borrowed text while parsing; the rest is skipped unparsed).
pub(super) fn product_fields(text: &str) -> std::result::Result<ProductFields, String> {
    #[derive(serde::Deserialize)]
    struct Borrowed<'a> {
        #[serde(borrow, default)]
        product_name: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow, default)]
        region_code: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow, default)]
        region: Option<std::borrow::Cow<'a, str>>,
    }
    let t = text.trim();
    if t.is_empty() || t == "{}" || t == "NULL" {
        return Ok(ProductFields::default());
    }
    let keep = |v: Option<std::borrow::Cow<'_, str>>| v.and_then(|s| non_empty(&s));
    match serde_json::from_str::<Borrowed<'_>>(t) {
        Ok(b) => Ok(ProductFields {
            product_name: keep(b.product_name),
            region_code: keep(b.region_code),
            region: keep(b.region),
        }),
        // Values that are no strings (numbers, null): the general reading.
        Err(_) => {
            let map = json_map(t)?;
            let get = |k: &str| map.get(k).and_then(|s| non_empty(s));
            Ok(ProductFields {
                product_name: get("product_name"),
                region_code: get("region_code"),
                region: get("region"),
            })
        }
    }
}

/// A `resource_tags` JSON object: straight into text keys and values when every value is a
/// string (as AWS writes tags), else through [`json_map`].
pub(super) fn tag_map(text: &str) -> std::result::Result<BTreeMap<String, String>, String> {
    let t = text.trim();
    if t.is_empty() || t == "{}" || t == "NULL" {
        return Ok(BTreeMap::new());
    }
    serde_json::from_str::<BTreeMap<String, String>>(t).or_else(|_| json_map(t))
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
    // Each needed column's index, looked up once (not per line).
    let col = |name: &str| index(name);
    let c_start = col("bill_billing_period_start_date");
    let c_account = col("line_item_usage_account_id");
    let c_type = col("line_item_line_item_type");
    let c_code = col("line_item_product_code");
    let c_usage_type = col("line_item_usage_type");
    let c_operation = col("line_item_operation");
    let c_amount = col("line_item_usage_amount");
    let c_cost = col("line_item_unblended_cost");
    let c_currency = col("line_item_currency_code");
    let c_unit = col("pricing_unit");
    let c_region_code = col("product_region_code");
    let c_region = col("product_region");
    let c_product_name = col("product_product_name");
    let c_product = col("product");
    let c_tags = col("resource_tags");
    let tag_cols: Vec<(String, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.strip_prefix(TAG_PREFIX).map(|k| (k.to_string(), i)))
        .collect();
    // The billing period start of the previous line and its month: a bill has one or a few
    // periods, so the month is worked out again only when the text changes.
    let mut last_start: Option<(String, String)> = None;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(super::csv_error(path, &e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = |c: Option<usize>| -> Option<&str> { c.and_then(|i| record.get(i)) };
        let text = |c: Option<usize>| at(c).and_then(non_empty);
        let fail = |c: Option<usize>, name: &str, message: String| {
            let column = c.map(|i| i + 1).unwrap_or(0);
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
        let amount = |c: Option<usize>, name: &str| -> Result<Option<Decimal>> {
            match at(c).map(str::trim) {
                None | Some("") => Ok(None),
                Some(s) => super::parse_amount(s)
                    .map(Some)
                    .ok_or_else(|| fail(c, name, format!("`{s}` is not an amount"))),
            }
        };
        let period_start_month = match at(c_start) {
            Some(s) => match &last_start {
                Some((text, month)) if text == s => Some(month.clone()),
                _ => {
                    let month = super::month_of(s).ok_or_else(|| {
                        fail(
                            c_start,
                            "bill_billing_period_start_date",
                            format!("`{s}` is not a date"),
                        )
                    })?;
                    last_start = Some((s.to_string(), month.clone()));
                    Some(month)
                }
            },
            None => None,
        };
        let mut f = CurFields {
            period_start_month,
            account: text(c_account),
            line_item_type: text(c_type),
            product_code: text(c_code),
            usage_type: text(c_usage_type),
            operation: text(c_operation),
            usage_amount: amount(c_amount, "line_item_usage_amount")?,
            unblended_cost: amount(c_cost, "line_item_unblended_cost")?,
            currency: text(c_currency),
            unit: text(c_unit),
            region: text(c_region_code).or_else(|| text(c_region)),
            product_name: text(c_product_name),
            tags: BTreeMap::new(),
        };
        if let Some(s) = at(c_product) {
            let product = product_fields(s).map_err(|m| fail(c_product, "product", m))?;
            if f.product_name.is_none() {
                f.product_name = product.product_name;
            }
            if f.region.is_none() {
                f.region = product.region_code.or(product.region);
            }
        }
        if let Some(s) = at(c_tags) {
            f.tags = tag_map(s).map_err(|m| fail(c_tags, "resource_tags", m))?;
        }
        for (key, i) in &tag_cols {
            if let Some(v) = record.get(*i).and_then(non_empty) {
                f.tags.insert(key.clone(), v);
            }
        }
        let r = f.into_record(format!("line {line}")).map_err(|(name, m)| {
            let c = match name {
                "bill_billing_period_start_date" => c_start,
                "line_item_unblended_cost" => c_cost,
                "line_item_line_item_type" => c_type,
                _ => None,
            };
            fail(c, name, m)
        })?;
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
