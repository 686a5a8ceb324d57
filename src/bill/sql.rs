//! Bills bigger than one machine: the one aggregation query costplan needs, as SQL text for the
//! engines teams already query their CUR with (Athena/Trino, Spark, DuckDB), and the reader of
//! that query's CSV result as a bill ([`BillFormat::Aggregate`]).
//!
//! The query groups a CUR table (CUR 2.0 from Data Exports, or the legacy CUR's Athena
//! integration with its snake_case flat columns) by billing month, product code, usage type,
//! operation, region, line item type and currency, and sums the usage amount and the unblended
//! cost. Amounts are summed as `DECIMAL(38, 12)` (the CUR stores doubles; every cost AWS writes
//! has at most 10 decimals), so the sums are exact and equal costplan's own decimal sums of the
//! raw lines. The result's columns, in this order, are [`RESULT_COLUMNS`]:
//!
//! | column | what it holds |
//! |---|---|
//! | `billing_month` | `YYYY-MM` of `bill_billing_period_start_date` |
//! | `product_code` | `line_item_product_code` (`AmazonEC2`) |
//! | `usage_type` | `line_item_usage_type` (`USE1-NatGateway-Bytes`) |
//! | `operation` | `line_item_operation` |
//! | `region` | `product_region_code` (CUR 2.0) or `product_region` (legacy) |
//! | `line_item_type` | `line_item_line_item_type` (`Usage`, `Tax`, `Credit`, `RIFee`, ...) |
//! | `currency` | `line_item_currency_code` |
//! | `usage_amount` | sum of `line_item_usage_amount` |
//! | `unblended_cost` | sum of `line_item_unblended_cost` (invoice basis, credits negative) |
//! | `line_count` | how many CUR lines the row sums |

use std::fmt;
use std::io::Read;

use super::{BillFormat, BillInfo, BillRecord, Granularity, LineItemType, diagnostic};
use crate::error::{Error, Result};

/// The result columns of the aggregation query, in order; a CSV whose header is exactly these is
/// read as a [`BillFormat::Aggregate`] bill.
pub const RESULT_COLUMNS: &[&str] = &[
    "billing_month",
    "product_code",
    "usage_type",
    "operation",
    "region",
    "line_item_type",
    "currency",
    "usage_amount",
    "unblended_cost",
    "line_count",
];

/// The SQL engine the query is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Amazon Athena (Trino / Presto SQL).
    Athena,
    /// Apache Spark SQL (Databricks, EMR, Glue).
    Spark,
    /// DuckDB.
    DuckDb,
}

impl Dialect {
    /// The dialect of its command-line name: `athena` (or `trino`), `spark`, `duckdb`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "athena" | "trino" => Some(Self::Athena),
            "spark" => Some(Self::Spark),
            "duckdb" => Some(Self::DuckDb),
            _ => None,
        }
    }

    fn quote(self, ident: &str) -> String {
        match self {
            Dialect::Spark => format!("`{ident}`"),
            Dialect::Athena | Dialect::DuckDb => format!("\"{ident}\""),
        }
    }

    fn month_of(self, column: &str) -> String {
        match self {
            Dialect::Athena => format!("date_format({column}, '%Y-%m')"),
            Dialect::Spark => format!("date_format({column}, 'yyyy-MM')"),
            Dialect::DuckDb => format!("strftime({column}, '%Y-%m')"),
        }
    }

    fn map_value(self, map: &str, key: &str) -> String {
        match self {
            // Trino's `map[key]` fails on a missing key; element_at gives NULL.
            Dialect::Athena => format!("element_at({map}, {key})"),
            Dialect::Spark | Dialect::DuckDb => format!("{map}[{key}]"),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Athena => "athena",
            Dialect::Spark => "spark",
            Dialect::DuckDb => "duckdb",
        })
    }
}

/// The CUR table's column set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// CUR 2.0 (Data Exports): `product_region_code`, `resource_tags` a `map<string, string>`.
    Cur2,
    /// The legacy CUR's Athena integration (and its Parquet files): `product_region`, one
    /// `resource_tags_user_<key>` column per cost allocation tag.
    Legacy,
}

impl Schema {
    /// The schema of its command-line name: `cur2` or `legacy`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "cur2" => Some(Self::Cur2),
            "legacy" => Some(Self::Legacy),
            _ => None,
        }
    }

    fn region_column(self) -> &'static str {
        match self {
            Schema::Cur2 => "product_region_code",
            Schema::Legacy => "product_region",
        }
    }
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Schema::Cur2 => "cur2",
            Schema::Legacy => "legacy",
        })
    }
}

/// The optional parts of the query: which month, which slice of the bill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only this billing month, `YYYY-MM`.
    pub month: Option<String>,
    /// Only lines carrying every one of these user tags (`Project` = `orders`), tag keys as
    /// written in AWS (the `user_` prefix is added).
    pub tags: Vec<(String, String)>,
    /// Only lines of these usage accounts (12 digits).
    pub accounts: Vec<String>,
}

/// The aggregation query for `table` (`database.table` or `table`), optionally for one month.
pub fn emit(dialect: Dialect, schema: Schema, month: Option<&str>, table: &str) -> Result<String> {
    emit_filtered(
        dialect,
        schema,
        table,
        &Filters {
            month: month.map(str::to_string),
            ..Filters::default()
        },
    )
}

fn usage(message: String) -> Error {
    Error::Usage { message }
}

/// `'text'` as a SQL string literal (quotes doubled; control characters refused).
fn literal(text: &str) -> Result<String> {
    if text.chars().any(char::is_control) {
        return Err(usage(format!(
            "`{}` holds a control character, which a SQL filter value cannot",
            text.escape_debug()
        )));
    }
    Ok(format!("'{}'", text.replace('\'', "''")))
}

/// The table name as quoted identifiers, one per dot-separated part.
fn table_name(dialect: Dialect, table: &str) -> Result<String> {
    let parts: Vec<&str> = table.split('.').collect();
    let ok = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if parts.len() > 3 || !parts.iter().all(ok) {
        return Err(usage(format!(
            "`{}` is no table name: give `table`, `database.table` or `catalog.database.table`, each part letters, digits, `_` or `-`",
            table.escape_debug()
        )));
    }
    Ok(parts
        .iter()
        .map(|p| dialect.quote(p))
        .collect::<Vec<_>>()
        .join("."))
}

/// The month after `YYYY-MM`, or `None` when `month` is not one.
fn month_bounds(month: &str) -> Option<(String, String)> {
    let b = month.as_bytes();
    let ok = b.len() == 7 && b[4] == b'-' && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit);
    if !ok {
        return None;
    }
    let y: u32 = month[..4].parse().ok()?;
    let m: u32 = month[5..].parse().ok()?;
    if !(1..=12).contains(&m) || y < 1000 {
        return None;
    }
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Some((
        format!("{y:04}-{m:02}-01 00:00:00"),
        format!("{ny:04}-{nm:02}-01 00:00:00"),
    ))
}

/// The legacy Athena column of a user tag: `Project` → `resource_tags_user_project` (AWS's
/// Athena integration lower-cases the names and turns what is no letter or digit into `_`).
fn legacy_tag_column(key: &str) -> String {
    let mut out = String::from("resource_tags_user_");
    let mut prev_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            out.push('_');
            prev_lower = false;
        }
    }
    out
}

/// The aggregation query with every filter of `filters`.
pub fn emit_filtered(
    dialect: Dialect,
    schema: Schema,
    table: &str,
    filters: &Filters,
) -> Result<String> {
    let from = table_name(dialect, table)?;
    let decimal = "DECIMAL(38, 12)";
    let mut conditions = Vec::new();
    if let Some(month) = &filters.month {
        let (start, end) = month_bounds(month).ok_or_else(|| {
            usage(format!(
                "`{}` is no month: give it as YYYY-MM (`2026-11`)",
                month.escape_debug()
            ))
        })?;
        conditions.push(format!(
            "bill_billing_period_start_date >= TIMESTAMP '{start}'"
        ));
        conditions.push(format!(
            "bill_billing_period_start_date < TIMESTAMP '{end}'"
        ));
    }
    for (key, value) in &filters.tags {
        if key.is_empty() {
            return Err(usage("a tag filter needs a key (`Project=orders`)".into()));
        }
        let column = match schema {
            Schema::Cur2 => dialect.map_value("resource_tags", &literal(&format!("user_{key}"))?),
            Schema::Legacy => legacy_tag_column(key),
        };
        conditions.push(format!("{column} = {}", literal(value)?));
    }
    if !filters.accounts.is_empty() {
        let mut list = Vec::new();
        for a in &filters.accounts {
            if a.is_empty() || !a.chars().all(|c| c.is_ascii_digit()) {
                return Err(usage(format!(
                    "`{}` is no AWS account id (12 digits)",
                    a.escape_debug()
                )));
            }
            list.push(literal(a)?);
        }
        conditions.push(format!(
            "line_item_usage_account_id IN ({})",
            list.join(", ")
        ));
    }
    let schema_name = match schema {
        Schema::Cur2 => "CUR 2.0 from Data Exports",
        Schema::Legacy => "legacy CUR, Athena integration",
    };
    let mut sql = format!(
        "-- costplan: the bill of {table} ({schema_name}) summed per month, product code, usage type,\n\
         -- operation, region, line item type and currency ({dialect}). Save the result as CSV and give\n\
         -- it to `costplan actual --bill RESULT.csv`.\n\
         SELECT\n  \
           {month} AS billing_month,\n  \
           line_item_product_code AS product_code,\n  \
           line_item_usage_type AS usage_type,\n  \
           line_item_operation AS operation,\n  \
           {region} AS region,\n  \
           line_item_line_item_type AS line_item_type,\n  \
           line_item_currency_code AS currency,\n  \
           SUM(CAST(line_item_usage_amount AS {decimal})) AS usage_amount,\n  \
           SUM(CAST(line_item_unblended_cost AS {decimal})) AS unblended_cost,\n  \
           COUNT(*) AS line_count\n\
         FROM {from}\n",
        table = table.escape_debug(),
        month = dialect.month_of("bill_billing_period_start_date"),
        region = schema.region_column(),
    );
    if filters.month.is_some() {
        // The month filter is on the billing period column every CUR table has; a table
        // partitioned by period scans less with its partition column filtered too, whose name
        // depends on how the table was made.
        sql = sql.replacen(
            "\nSELECT\n",
            "\n-- On a table partitioned by billing period, add its partition filter to the WHERE\n\
             -- clause to scan one month only.\nSELECT\n",
            1,
        );
    }
    for (i, c) in conditions.iter().enumerate() {
        sql.push_str(if i == 0 { "WHERE " } else { "  AND " });
        sql.push_str(c);
        sql.push('\n');
    }
    sql.push_str("GROUP BY 1, 2, 3, 4, 5, 6, 7\nORDER BY 1, 2, 3, 4, 5, 6, 7\n");
    Ok(sql)
}

/// Whether a CSV header is that of the aggregation query's result.
pub(super) fn is_result_header(headers: &[String]) -> bool {
    headers.len() == RESULT_COLUMNS.len() && headers.iter().zip(RESULT_COLUMNS).all(|(h, c)| h == c)
}

fn value(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t != "NULL" && t != "\\N").then(|| t.to_string())
}

/// Reads the aggregation query's CSV result: one record per row, with the summed amounts.
pub(super) fn read<R: Read>(
    mut csv: csv::Reader<R>,
    path: &str,
    each: &mut dyn FnMut(BillRecord) -> Result<()>,
) -> Result<BillInfo> {
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(super::csv_error(path, &e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let at = |i: usize| record.get(i).and_then(value);
        let fail = |i: usize, message: String| {
            diagnostic(
                path,
                line,
                i + 1,
                format!("column `{}`: {message}", RESULT_COLUMNS[i]),
                Some(
                    "this is the CSV result of `costplan actual --emit-sql`: billing_month is YYYY-MM, amounts are decimal numbers"
                        .to_string(),
                ),
            )
        };
        let month_text = at(0).ok_or_else(|| fail(0, "the billing month is missing".into()))?;
        let month = super::month_of(&month_text)
            .filter(|m| m.len() == month_text.len())
            .ok_or_else(|| fail(0, format!("`{month_text}` is not a YYYY-MM month")))?;
        let amount = |i: usize| -> Result<rust_decimal::Decimal> {
            match at(i) {
                None => Ok(rust_decimal::Decimal::ZERO),
                Some(s) => super::parse_amount(&s)
                    .ok_or_else(|| fail(i, format!("`{s}` is not an amount"))),
            }
        };
        let kind = at(5).ok_or_else(|| fail(5, "the line item type is missing".into()))?;
        let unblended_cost = match at(8) {
            Some(s) => {
                super::parse_amount(&s).ok_or_else(|| fail(8, format!("`{s}` is not an amount")))?
            }
            None => return Err(fail(8, "the unblended cost is missing".into())),
        };
        each(BillRecord {
            month,
            account: None,
            product_code: at(1),
            service_name: None,
            usage_type: at(2),
            operation: at(3),
            region: at(4),
            line_item_type: LineItemType::parse(&kind),
            usage_amount: amount(7)?,
            usage_unit: None,
            unblended_cost,
            currency: at(6).unwrap_or_else(|| "USD".to_string()),
            tags: Default::default(),
            estimated: false,
            location: format!("line {line}"),
        })?;
    }
    Ok(BillInfo {
        format: BillFormat::Aggregate,
        gzip: false,
        granularity: Granularity::UsageType,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_the_result_columns_in_order() {
        let sql = emit(Dialect::Athena, Schema::Cur2, Some("2026-11"), "cur.data").unwrap();
        let mut at = 0;
        for c in RESULT_COLUMNS {
            let found = sql[at..]
                .find(&format!(" AS {c}"))
                .unwrap_or_else(|| panic!("{c} missing or out of order in\n{sql}"));
            at += found;
        }
        assert!(sql.contains("FROM \"cur\".\"data\""), "{sql}");
        assert!(
            sql.contains("bill_billing_period_start_date >= TIMESTAMP '2026-11-01 00:00:00'"),
            "{sql}"
        );
        assert!(sql.contains("< TIMESTAMP '2026-12-01 00:00:00'"), "{sql}");
        assert!(sql.contains("date_format(bill_billing_period_start_date, '%Y-%m')"));
    }

    #[test]
    fn each_dialect_and_schema_spells_its_own() {
        let spark = emit(Dialect::Spark, Schema::Legacy, Some("2026-12"), "cur").unwrap();
        assert!(spark.contains("FROM `cur`"), "{spark}");
        assert!(spark.contains("'yyyy-MM'"), "{spark}");
        assert!(spark.contains("product_region AS region"), "{spark}");
        assert!(
            spark.contains("< TIMESTAMP '2027-01-01 00:00:00'"),
            "{spark}"
        );
        let duck = emit(Dialect::DuckDb, Schema::Cur2, None, "bill").unwrap();
        assert!(duck.contains("strftime("), "{duck}");
        assert!(duck.contains("product_region_code AS region"), "{duck}");
        assert!(!duck.contains("WHERE"), "{duck}");
    }

    #[test]
    fn filters_quote_their_values() {
        let f = Filters {
            month: None,
            tags: vec![("Project".into(), "o'rders".into())],
            accounts: vec!["011254002932".into()],
        };
        let a = emit_filtered(Dialect::Athena, Schema::Cur2, "t", &f).unwrap();
        assert!(
            a.contains("element_at(resource_tags, 'user_Project') = 'o''rders'"),
            "{a}"
        );
        assert!(
            a.contains("line_item_usage_account_id IN ('011254002932')"),
            "{a}"
        );
        let l = emit_filtered(Dialect::Spark, Schema::Legacy, "t", &f).unwrap();
        assert!(l.contains("resource_tags_user_project = 'o''rders'"), "{l}");
        assert_eq!(
            legacy_tag_column("CostCenter"),
            "resource_tags_user_cost_center"
        );
    }

    #[test]
    fn bad_names_months_and_accounts_are_refused() {
        assert!(emit(Dialect::Athena, Schema::Cur2, None, "a\"; DROP TABLE x").is_err());
        assert!(emit(Dialect::Athena, Schema::Cur2, None, "a..b").is_err());
        assert!(emit(Dialect::Athena, Schema::Cur2, Some("2026-13"), "t").is_err());
        assert!(emit(Dialect::Athena, Schema::Cur2, Some("2026-1"), "t").is_err());
        let f = Filters {
            accounts: vec!["1 OR 1=1".into()],
            ..Filters::default()
        };
        assert!(emit_filtered(Dialect::DuckDb, Schema::Cur2, "t", &f).is_err());
        assert_eq!(Dialect::parse("trino"), Some(Dialect::Athena));
        assert_eq!(Schema::parse("legacy"), Some(Schema::Legacy));
        assert_eq!(Dialect::parse("mysql"), None);
    }
}
