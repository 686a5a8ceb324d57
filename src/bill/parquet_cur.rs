//! The Cost and Usage Report as Parquet: the legacy CUR's Athena-ready files (snake_case flat
//! columns, `product_*`, `resource_tags_user_*`; the set drifts month to month) and CUR 2.0
//! (`product` and `resource_tags` as MAP columns). Only the columns a bill line needs are
//! projected and decoded, row group by row group. Doubles become the decimal of their shortest
//! round-trip text (`0.1` stays `0.1`); rates written as strings are parsed as text; dates are
//! UTC timestamps. Account ids are read as text, leading zeros kept. FOCUS as Parquet (a file
//! with a `BilledCost` column) is read here too, into the FOCUS reader's records.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use parquet::schema::types::Type;
use rust_decimal::Decimal;

use super::cur::{CurFields, NEEDED, REQUIRED, TAG_PREFIX};
use super::{BillFormat, BillInfo, BillRecord, Granularity, diagnostic};
use crate::error::{Error, Result};

fn bad_file(path: &str, e: impl std::fmt::Display) -> Error {
    diagnostic(
        path,
        0,
        0,
        format!("unreadable Parquet file: {e}"),
        Some("give the Parquet file of a Cost and Usage Report as AWS delivers it".to_string()),
    )
}

/// A field as text (`None` for null and empty strings).
fn text(field: &Field) -> Option<String> {
    let s = match field {
        Field::Null => return None,
        Field::Str(s) => s.clone(),
        Field::Bytes(b) => String::from_utf8_lossy(b.data()).into_owned(),
        Field::Int(i) => i.to_string(),
        Field::Long(i) => i.to_string(),
        Field::TimestampMillis(ms) => date_of_millis(*ms),
        Field::TimestampMicros(us) => date_of_millis(us.div_euclid(1000)),
        other => other.to_string(),
    };
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A field as an amount: numbers exactly, doubles by their shortest round-trip text.
fn amount(field: &Field) -> std::result::Result<Option<Decimal>, String> {
    match field {
        Field::Null => Ok(None),
        Field::Double(d) => double(*d).map(Some),
        Field::Float(f) => double(f64::from(*f)).map(Some),
        Field::Int(i) => Ok(Some(Decimal::from(*i))),
        Field::Long(i) => Ok(Some(Decimal::from(*i))),
        Field::Str(s) if s.trim().is_empty() => Ok(None),
        Field::Str(s) => super::parse_amount(s)
            .map(Some)
            .ok_or_else(|| format!("`{s}` is not an amount")),
        Field::Decimal(_) => super::parse_amount(&field.to_string())
            .map(Some)
            .ok_or_else(|| format!("`{field}` is not an amount")),
        other => Err(format!("`{other}` is not an amount")),
    }
}

fn double(d: f64) -> std::result::Result<Decimal, String> {
    if !d.is_finite() {
        return Err(format!("`{d}` is not an amount"));
    }
    let shortest = format!("{d:e}");
    crate::money::parse_exact(&shortest)
        .map(|d| d.normalize())
        .ok_or_else(|| format!("`{shortest}` has more digits than exact decimal money holds"))
}

/// `YYYY-MM-DD` of a UTC timestamp in milliseconds (Howard Hinnant's civil-from-days).
fn date_of_millis(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn map_entries(field: &Field) -> BTreeMap<String, String> {
    match field {
        Field::MapInternal(m) => m
            .entries()
            .iter()
            .filter_map(|(k, v)| Some((text(k)?, text(v).unwrap_or_default())))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// The rows of `reader` with only `fields` (columns of its schema) decoded.
fn projected_rows<'a>(
    reader: &'a SerializedFileReader<std::fs::File>,
    fields: Vec<Arc<Type>>,
    shown: &str,
) -> Result<parquet::record::reader::RowIter<'a>> {
    let schema = reader.metadata().file_metadata().schema();
    let projection = Type::group_type_builder(schema.name())
        .with_fields(fields)
        .build()
        .map_err(|e| bad_file(shown, e))?;
    reader
        .get_row_iter(Some(projection))
        .map_err(|e| bad_file(shown, e))
}

/// The error at a column of row `row_number` (counted from 1) of a Parquet bill.
fn row_error(shown: &str, row_number: usize, name: &str, message: String) -> Error {
    diagnostic(
        shown,
        0,
        0,
        format!("row {row_number}, column `{name}`: {message}"),
        Some("amounts are numbers or decimal text; dates are timestamps".to_string()),
    )
}

pub(super) fn read(
    path: &Path,
    shown: &str,
    each: &mut dyn FnMut(BillRecord) -> Result<()>,
) -> Result<BillInfo> {
    let file = crate::source::open(path)?;
    let reader = SerializedFileReader::new(file).map_err(|e| bad_file(shown, e))?;
    let schema = reader.metadata().file_metadata().schema();
    if schema.get_fields().iter().any(|f| f.name() == "BilledCost") {
        return read_focus(&reader, shown, each);
    }
    let fields: Vec<Arc<Type>> = schema
        .get_fields()
        .iter()
        .filter(|f| NEEDED.contains(&f.name()) || f.name().starts_with(TAG_PREFIX))
        .cloned()
        .collect();
    let has = |n: &str| fields.iter().any(|f| f.name() == n);
    let format = if has("product") || has("resource_tags") {
        BillFormat::Cur2Parquet
    } else {
        BillFormat::LegacyCurParquet
    };
    if let Some(missing) = REQUIRED.iter().find(|n| !has(n)) {
        return Err(diagnostic(
            shown,
            0,
            0,
            format!(
                "this Parquet file has no `{missing}` column: it is not a Cost and Usage Report"
            ),
            Some(format!("a bill needs {}", REQUIRED.join(", "))),
        ));
    }
    for (i, row) in projected_rows(&reader, fields, shown)?.enumerate() {
        let row = row.map_err(|e| bad_file(shown, e))?;
        let row_number = i + 1;
        let fail = |name: &str, message: String| row_error(shown, row_number, name, message);
        let mut f = CurFields::default();
        let mut product = BTreeMap::new();
        for (name, field) in row.get_column_iter() {
            let name = name.as_str();
            let num = |f: &Field| amount(f).map_err(|m| fail(name, m));
            match name {
                "bill_billing_period_start_date" => {
                    f.period_start_month = text(field).and_then(|s| super::month_of(&s));
                }
                "line_item_usage_account_id" => f.account = text(field),
                "line_item_line_item_type" => f.line_item_type = text(field),
                "line_item_product_code" => f.product_code = text(field),
                "line_item_usage_type" => f.usage_type = text(field),
                "line_item_operation" => f.operation = text(field),
                "line_item_usage_amount" => f.usage_amount = num(field)?,
                "line_item_unblended_cost" => f.unblended_cost = num(field)?,
                "line_item_currency_code" => f.currency = text(field),
                "pricing_unit" => f.unit = text(field),
                "product_region_code" => f.region = text(field).or(f.region.take()),
                "product_region" => {
                    if f.region.is_none() {
                        f.region = text(field);
                    }
                }
                "product_product_name" => f.product_name = text(field),
                "product" => product = map_entries(field),
                "resource_tags" => f.tags.extend(map_entries(field)),
                tag => {
                    if let (Some(key), Some(v)) = (tag.strip_prefix(TAG_PREFIX), text(field)) {
                        f.tags.insert(key.to_string(), v);
                    }
                }
            }
        }
        if f.product_name.is_none() {
            f.product_name = product
                .get("product_name")
                .cloned()
                .filter(|s| !s.is_empty());
        }
        if f.region.is_none() {
            f.region = product
                .get("region_code")
                .cloned()
                .filter(|s| !s.is_empty());
        }
        let r = f
            .into_record(format!("row {row_number}"))
            .map_err(|(name, m)| fail(name, m))?;
        each(r)?;
    }
    Ok(BillInfo {
        format,
        gzip: false,
        granularity: Granularity::UsageType,
    })
}

/// FOCUS as Parquet (what AWS Data Exports writes by default): the FOCUS columns projected, each
/// value turned into the text the CSV reader would have seen, `Tags` a MAP or JSON text.
fn read_focus(
    reader: &SerializedFileReader<std::fs::File>,
    shown: &str,
    each: &mut dyn FnMut(BillRecord) -> Result<()>,
) -> Result<BillInfo> {
    use super::focus;
    let schema = reader.metadata().file_metadata().schema();
    let fields: Vec<Arc<Type>> = schema
        .get_fields()
        .iter()
        .filter(|f| focus::COLUMNS.contains(&f.name()))
        .cloned()
        .collect();
    let layout =
        focus::Layout::of(&|c| fields.iter().any(|f| f.name() == c)).map_err(|missing| {
            diagnostic(
                shown,
                0,
                0,
                format!("this FOCUS Parquet file has no `{missing}` column"),
                Some(format!("a FOCUS bill needs {}", focus::REQUIRED.join(", "))),
            )
        })?;
    for (i, row) in projected_rows(reader, fields, shown)?.enumerate() {
        let row = row.map_err(|e| bad_file(shown, e))?;
        let row_number = i + 1;
        let fail = |name: &str, message: String| row_error(shown, row_number, name, message);
        let mut values: BTreeMap<&str, String> = BTreeMap::new();
        let mut tags = None;
        for (name, field) in row.get_column_iter() {
            let value = match field {
                Field::MapInternal(_) if name == "Tags" => {
                    tags = Some(map_entries(field));
                    continue;
                }
                Field::Double(_) | Field::Float(_) | Field::Decimal(_) => amount(field)
                    .map_err(|m| fail(name, m))?
                    .map(|d| d.to_string()),
                _ => text(field).and_then(|t| focus::value(&t)),
            };
            if let (Some(v), Some(key)) = (value, focus::COLUMNS.iter().find(|c| **c == name)) {
                values.insert(key, v);
            }
        }
        let at = |name: &str| values.get(name).cloned();
        each(focus::record(
            &layout,
            &at,
            tags,
            &fail,
            format!("row {row_number}"),
        )?)?;
    }
    Ok(layout.info(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_give_utc_dates() {
        assert_eq!(date_of_millis(0), "1970-01-01");
        // 2018-10-01T00:00:00Z and the millisecond before it.
        assert_eq!(date_of_millis(1_538_352_000_000), "2018-10-01");
        assert_eq!(date_of_millis(1_538_351_999_999), "2018-09-30");
        assert_eq!(date_of_millis(951_782_400_000), "2000-02-29");
    }

    #[test]
    fn doubles_become_their_shortest_decimal() {
        assert_eq!(double(0.1).unwrap().to_string(), "0.1");
        assert_eq!(double(1.81e-8).unwrap().to_string(), "0.0000000181");
        assert_eq!(double(12345.678).unwrap().to_string(), "12345.678");
        assert!(double(f64::NAN).is_err());
    }
}
