//! `costplan actual --format json`: the exact comparison (money as decimal strings), with the
//! totals at the top level: `billed_total_usd` (every selected line of the month, invoice basis,
//! credits negative), `billed_usage_usd`, `estimated_total_usd`, `variance_usd`,
//! `variance_percent`; then the effects, the rows, the unestimated lines and the charges.

use crate::actual::{Actual, Precision};
use serde_json::json;

/// The version of the `actual` JSON contract.
pub const ACTUAL_SCHEMA_VERSION: u32 = 1;

pub fn render(a: &Actual) -> String {
    let c = &a.comparison;
    let precision_note = match c.precision {
        Precision::UsageType => "matched by offer code, usage type and region",
        Precision::Service => "matched by service: the bill has no usage types",
    };
    let without_bill_line: Vec<&str> = c
        .rows
        .iter()
        .filter(|r| r.bill_lines == 0)
        .map(|r| r.label.as_str())
        .collect();
    let value = json!({
        "schema_version": ACTUAL_SCHEMA_VERSION,
        "estimate": a.estimate_name,
        "region": a.region,
        "bill": {
            "path": a.bill_path,
            "format": a.bill_format,
            "month": a.month,
            "currency": a.currency,
            "estimated_period": a.bill_estimated,
            "lines": a.bill_lines,
            "filters": a.filters,
        },
        "precision": c.precision,
        "precision_note": precision_note,
        "billed_total_usd": c.billed_total_usd,
        "billed_usage_usd": c.billed_usage_usd,
        "estimated_total_usd": c.estimated_total_usd,
        "variance_usd": c.variance_usd,
        "variance_percent": c.variance_percent,
        "price_effect_usd": c.price_effect_usd,
        "usage_effect_usd": c.usage_effect_usd,
        "unsplit_variance_usd": c.unsplit_variance_usd,
        "not_in_topology_usd": c.not_in_topology_usd,
        "charges_usd": c.charges_usd,
        "rows": c.rows,
        "estimate_rows_without_bill_line": without_bill_line,
        "not_in_topology": c.not_in_topology,
        "charges": c.charges,
    });
    let mut s = serde_json::to_string_pretty(&value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}
