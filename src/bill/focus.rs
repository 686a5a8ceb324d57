//! FOCUS 1.0 and 1.2 as AWS Data Exports (or a FOCUS converter) writes them: PascalCase columns,
//! `NULL` for SQL nulls, quoted or bare numbers, `Tags` as a JSON object. AWS's own
//! `x_ServiceCode` and `x_Operation` columns, with the usage type in `x_UsageType` (FOCUS 1.0) or
//! `SkuMeter` (FOCUS 1.2, where AWS dropped `x_UsageType`: "This is now the SkuMeter column",
//! <https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-2-migrating.html>),
//! give CUR-level lines when present; without them the bill is only as fine as `ServiceName`.
//! The version is told from the columns: FOCUS 1.2 added `BillingAccountType`, `SubAccountType`,
//! `InvoiceId` and the `PricingCurrency*` columns (same page), which FOCUS 1.0 has none of.
//! The billed total is the sum of `BilledCost` (invoice basis, credits negative), never
//! `EffectiveCost` or `ListCost`.

use std::collections::BTreeMap;
use std::io::Read;

use rust_decimal::Decimal;

use super::{BillFormat, BillInfo, BillRecord, Granularity, LineItemType, diagnostic};
use crate::error::Result;

/// Columns FOCUS 1.2 added over 1.0 (any one of them marks a 1.2 file).
const FOCUS_1_2_ONLY: &[&str] = &[
    "BillingAccountType",
    "SubAccountType",
    "InvoiceId",
    "PricingCurrency",
];

pub(super) const REQUIRED: &[&str] = &[
    "BilledCost",
    "BillingPeriodStart",
    "ChargeCategory",
    "ServiceName",
];

/// Every column a FOCUS line is read from (a Parquet reader projects only these).
pub(super) const COLUMNS: &[&str] = &[
    "BilledCost",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeFrequency",
    "CommitmentDiscountType",
    "ServiceName",
    "x_ServiceCode",
    "x_UsageType",
    "SkuMeter",
    "x_Operation",
    "RegionId",
    "ConsumedQuantity",
    "ConsumedUnit",
    "BillingCurrency",
    "SubAccountId",
    "BillingAccountId",
    "Tags",
    "BillingAccountType",
    "SubAccountType",
    "InvoiceId",
    "PricingCurrency",
];

pub(super) fn value(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t != "NULL").then(|| t.to_string())
}

/// What a FOCUS file's columns say about it: its version and how fine its lines are.
pub(super) struct Layout {
    version_1_2: bool,
    /// AWS's usage type: `x_UsageType` (1.0), `SkuMeter` (1.2, with AWS's `x_` columns).
    usage_type_column: Option<&'static str>,
    has_x: bool,
}

impl Layout {
    /// The layout of a file with the columns `has` says it has; an error names the first
    /// required column missing.
    pub(super) fn of(has: &dyn Fn(&str) -> bool) -> std::result::Result<Self, &'static str> {
        if let Some(missing) = REQUIRED.iter().find(|c| !has(c)) {
            return Err(missing);
        }
        let has_code = has("x_ServiceCode");
        let usage_type_column = if has("x_UsageType") {
            Some("x_UsageType")
        } else if has_code && has("SkuMeter") {
            Some("SkuMeter")
        } else {
            None
        };
        Ok(Layout {
            version_1_2: FOCUS_1_2_ONLY.iter().any(|c| has(c)),
            usage_type_column,
            has_x: has_code && usage_type_column.is_some(),
        })
    }

    pub(super) fn info(&self, parquet: bool) -> BillInfo {
        BillInfo {
            format: match (self.version_1_2, parquet) {
                (false, false) => BillFormat::Focus,
                (true, false) => BillFormat::Focus12,
                (false, true) => BillFormat::FocusParquet,
                (true, true) => BillFormat::Focus12Parquet,
            },
            gzip: false,
            granularity: if self.has_x {
                Granularity::UsageType
            } else {
                Granularity::Service
            },
        }
    }
}

/// One FOCUS line as a record: `at` gives a column's value as text (`None` for null),
/// `tags` the `Tags` map when the reader has it as a map, `fail` the error at a column.
pub(super) fn record(
    layout: &Layout,
    at: &dyn Fn(&str) -> Option<String>,
    tags: Option<BTreeMap<String, String>>,
    fail: &dyn Fn(&str, String) -> crate::error::Error,
    location: String,
) -> Result<BillRecord> {
    let amount = |name: &str| -> Result<Option<Decimal>> {
        match at(name) {
            None => Ok(None),
            Some(s) => super::parse_amount(&s)
                .map(Some)
                .ok_or_else(|| fail(name, format!("`{s}` is not an amount"))),
        }
    };
    let start = at("BillingPeriodStart").ok_or_else(|| {
        fail(
            "BillingPeriodStart",
            "the billing period start is missing".into(),
        )
    })?;
    let month = super::month_of(&start)
        .ok_or_else(|| fail("BillingPeriodStart", format!("`{start}` is not a date")))?;
    let billed = amount("BilledCost")?
        .ok_or_else(|| fail("BilledCost", "the billed cost is missing".into()))?;
    let category = at("ChargeCategory")
        .ok_or_else(|| fail("ChargeCategory", "the charge category is missing".into()))?;
    let tags = match tags {
        Some(t) => t,
        None => match at("Tags") {
            Some(t) => super::cur::json_map(&t).map_err(|m| fail("Tags", m))?,
            None => BTreeMap::new(),
        },
    };
    Ok(BillRecord {
        month,
        account: at("SubAccountId").or_else(|| at("BillingAccountId")),
        product_code: at("x_ServiceCode"),
        service_name: at("ServiceName"),
        usage_type: layout.usage_type_column.and_then(at),
        operation: at("x_Operation"),
        region: at("RegionId"),
        line_item_type: charge_type(
            &category,
            at("CommitmentDiscountType").as_deref(),
            at("ChargeFrequency").as_deref(),
            layout.usage_type_column.and_then(at).as_deref(),
        ),
        usage_amount: amount("ConsumedQuantity")?.unwrap_or_default(),
        usage_unit: at("ConsumedUnit"),
        unblended_cost: billed,
        currency: at("BillingCurrency").unwrap_or_else(|| "USD".to_string()),
        tags,
        estimated: false,
        lines: 1,
        location,
    })
}

/// The kind of a FOCUS charge. A `Purchase` of a commitment is the line the CUR calls `RIFee`
/// (a reservation's recurring fee), `Fee` (its upfront fee) or `SavingsPlanRecurringFee` /
/// `SavingsPlanUpfrontFee`: told apart by `CommitmentDiscountType` (`Reservation`, `Savings
/// Plan`) or, when AWS leaves it empty, by the usage type (`HeavyUsage…` is a reservation's), and
/// by `ChargeFrequency` (`One-Time` is the upfront fee). So the same bill in FOCUS and in the CUR
/// shows the same charges.
fn charge_type(
    category: &str,
    commitment_type: Option<&str>,
    frequency: Option<&str>,
    usage_type: Option<&str>,
) -> LineItemType {
    if category != "Purchase" {
        return LineItemType::parse(category);
    }
    let usage_type = usage_type.unwrap_or_default();
    let one_time = frequency == Some("One-Time");
    let reservation = commitment_type == Some("Reservation") || usage_type.contains("HeavyUsage");
    let savings_plan = commitment_type == Some("Savings Plan")
        || usage_type.contains("SavingsPlan")
        || usage_type.contains("ComputeSP");
    match (reservation, savings_plan, one_time) {
        (true, _, false) => LineItemType::RiFee,
        (true, _, true) => LineItemType::Fee,
        (false, true, false) => LineItemType::SavingsPlanRecurringFee,
        (false, true, true) => LineItemType::SavingsPlanUpfrontFee,
        _ => LineItemType::Purchase,
    }
}

pub(super) fn read<R: Read>(
    mut csv: csv::Reader<R>,
    headers: Vec<String>,
    path: &str,
    each: &mut dyn FnMut(BillRecord) -> Result<()>,
) -> Result<BillInfo> {
    let index = |name: &str| headers.iter().position(|n| n == name);
    let layout = Layout::of(&|c| index(c).is_some()).map_err(|required| {
        diagnostic(
            path,
            1,
            1,
            format!("the FOCUS header has no `{required}` column"),
            Some(format!("a FOCUS bill needs {}", REQUIRED.join(", "))),
        )
    })?;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(super::csv_error(path, &e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = |name: &str| index(name).and_then(|i| record.get(i)).and_then(value);
        let fail = |name: &str, message: String| {
            diagnostic(
                path,
                line,
                index(name).map(|i| i + 1).unwrap_or(0),
                format!("column `{name}`: {message}"),
                Some(
                    "amounts are decimal numbers (`0.25`, `1.81E-8`); dates are ISO 8601"
                        .to_string(),
                ),
            )
        };
        each(record_of(&layout, &at, &fail, line)?)?;
    }
    Ok(layout.info(false))
}

fn record_of(
    layout: &Layout,
    at: &dyn Fn(&str) -> Option<String>,
    fail: &dyn Fn(&str, String) -> crate::error::Error,
    line: u64,
) -> Result<BillRecord> {
    record(layout, at, None, fail, format!("line {line}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commitment_purchase_is_the_fee_the_cur_names() {
        let t = |c, k, f, u| charge_type(c, k, f, u);
        assert_eq!(t("Usage", None, None, None), LineItemType::Usage);
        assert_eq!(t("Credit", None, None, None), LineItemType::Credit);
        assert_eq!(
            t(
                "Purchase",
                None,
                Some("Recurring"),
                Some("HeavyUsage:t3.medium")
            ),
            LineItemType::RiFee
        );
        assert_eq!(
            t("Purchase", Some("Reservation"), Some("One-Time"), None),
            LineItemType::Fee
        );
        assert_eq!(
            t("Purchase", Some("Savings Plan"), Some("Recurring"), None),
            LineItemType::SavingsPlanRecurringFee
        );
        assert_eq!(
            t("Purchase", Some("Savings Plan"), Some("One-Time"), None),
            LineItemType::SavingsPlanUpfrontFee
        );
        assert_eq!(
            t("Purchase", None, Some("One-Time"), Some("Marketplace")),
            LineItemType::Purchase
        );
    }
}
