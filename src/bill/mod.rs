//! AWS bills as they really come, read into one normalised record per bill line.
//!
//! Seven sources, detected from the content (never the file name): the legacy Cost and Usage Report
//! (CSV, gzip CSV, Parquet), CUR 2.0 from Data Exports (CSV, gzip CSV, Parquet), FOCUS 1.0 and 1.2
//! as AWS writes them (CSV, gzip CSV, Parquet), a Cost Explorer `GetCostAndUsage` response (JSON), and the CSV
//! result of costplan's own aggregation query over a CUR table ([`sql`]). Readers stream:
//! every line is handed to a callback as it is read, so memory does not grow with the bill.
//! Every amount is a `Decimal` parsed from the text (scientific notation included); a Parquet
//! double becomes the decimal of its shortest round-trip representation. This module only reads:
//! matching a bill with an estimate, and any formatting, live elsewhere.

mod cost_explorer;
mod cur;
mod focus;
mod parquet_cur;
pub mod sql;

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use rust_decimal::Decimal;

use crate::error::{Diagnostic, Error, Result};

/// The format a bill was detected as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum BillFormat {
    /// Legacy CUR as CSV: `lineItem/UnblendedCost` headers.
    LegacyCurCsv,
    /// Legacy CUR as Parquet: snake_case flat columns, no `product` map.
    LegacyCurParquet,
    /// CUR 2.0 (Data Exports) as CSV: snake_case headers, `product` and `resource_tags` as JSON text.
    Cur2Csv,
    /// CUR 2.0 as Parquet: `product` and `resource_tags` as MAP columns.
    Cur2Parquet,
    /// FOCUS 1.0 CSV (`BilledCost`, `ChargeCategory`, ...; AWS's `x_UsageType` when present).
    Focus,
    /// FOCUS 1.2 CSV as AWS Data Exports writes it (`BillingAccountType`, `InvoiceId`,
    /// `PricingCurrency`, ...; the usage type in `SkuMeter`, AWS's `x_ServiceCode`, `x_Operation`).
    Focus12,
    /// FOCUS 1.0 as Parquet.
    FocusParquet,
    /// FOCUS 1.2 as Parquet (AWS Data Exports' default for FOCUS).
    Focus12Parquet,
    /// The result of costplan's own aggregation query ([`sql`]) over a CUR table, as CSV.
    Aggregate,
    /// A Cost Explorer `GetCostAndUsage` response (CLI or SDK JSON).
    CostExplorer,
}

impl fmt::Display for BillFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BillFormat::LegacyCurCsv => "legacy CUR (CSV)",
            BillFormat::LegacyCurParquet => "legacy CUR (Parquet)",
            BillFormat::Cur2Csv => "CUR 2.0 (CSV)",
            BillFormat::Cur2Parquet => "CUR 2.0 (Parquet)",
            BillFormat::Focus => "FOCUS 1.0 (CSV)",
            BillFormat::Focus12 => "FOCUS 1.2 (CSV)",
            BillFormat::FocusParquet => "FOCUS 1.0 (Parquet)",
            BillFormat::Focus12Parquet => "FOCUS 1.2 (Parquet)",
            BillFormat::Aggregate => "costplan aggregate query result (CSV)",
            BillFormat::CostExplorer => "Cost Explorer GetCostAndUsage (JSON)",
        })
    }
}

/// How fine the bill's lines are: what a comparison with an estimate can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Granularity {
    /// Per product code, usage type, operation and region (CUR; FOCUS with AWS's `x_` columns;
    /// Cost Explorer grouped by usage type).
    UsageType,
    /// Per service only (Cost Explorer by SERVICE; FOCUS with `ServiceName` alone).
    Service,
}

/// What a bill line is: usage, or one of the charges kept apart from usage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum LineItemType {
    Usage,
    /// Usage covered by a reservation (its cost sits on the `RIFee` line).
    DiscountedUsage,
    Tax,
    Credit,
    Refund,
    Fee,
    /// The monthly fee of a reservation.
    RiFee,
    SavingsPlanCoveredUsage,
    SavingsPlanNegation,
    SavingsPlanRecurringFee,
    SavingsPlanUpfrontFee,
    /// A discount line (`EdpDiscount`, `BundledDiscount`, `PrivateRateDiscount`, ...).
    Discount,
    /// A FOCUS `Purchase` charge (commitments bought).
    Purchase,
    /// A FOCUS `Adjustment` charge.
    Adjustment,
    /// Any other type, as the bill spells it.
    Other(String),
}

impl LineItemType {
    /// The type of a CUR `line_item_line_item_type` or FOCUS `ChargeCategory` value.
    pub fn parse(s: &str) -> Self {
        match s {
            "Usage" => Self::Usage,
            "DiscountedUsage" => Self::DiscountedUsage,
            "Tax" => Self::Tax,
            "Credit" => Self::Credit,
            "Refund" => Self::Refund,
            "Fee" => Self::Fee,
            "RIFee" => Self::RiFee,
            "SavingsPlanCoveredUsage" => Self::SavingsPlanCoveredUsage,
            "SavingsPlanNegation" => Self::SavingsPlanNegation,
            "SavingsPlanRecurringFee" => Self::SavingsPlanRecurringFee,
            "SavingsPlanUpfrontFee" => Self::SavingsPlanUpfrontFee,
            "Purchase" => Self::Purchase,
            "Adjustment" => Self::Adjustment,
            s if s.ends_with("Discount") => Self::Discount,
            s => Self::Other(s.to_string()),
        }
    }

    /// Whether the line is usage (priced consumption), as opposed to tax, credits, fees and the rest.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Self::Usage | Self::DiscountedUsage | Self::SavingsPlanCoveredUsage
        )
    }
}

/// One bill line, normalised across formats.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BillRecord {
    /// The billing period, `YYYY-MM`.
    pub month: String,
    /// The usage account (`line_item_usage_account_id`, FOCUS `SubAccountId`, CE `LINKED_ACCOUNT`).
    pub account: Option<String>,
    /// The offer code (`AmazonEC2`, `AWSELB`, ...), when the bill has it.
    pub product_code: Option<String>,
    /// The service's name as the bill spells it (CE SERVICE, FOCUS `ServiceName`, CUR product name).
    pub service_name: Option<String>,
    pub usage_type: Option<String>,
    pub operation: Option<String>,
    /// The region code (`us-east-1`), when the bill has it.
    pub region: Option<String>,
    pub line_item_type: LineItemType,
    pub usage_amount: Decimal,
    pub usage_unit: Option<String>,
    /// The unblended (invoice-basis) cost, in `currency`; credits are negative.
    pub unblended_cost: Decimal,
    pub currency: String,
    pub tags: BTreeMap<String, String>,
    /// A Cost Explorer period marked `Estimated` (not final).
    pub estimated: bool,
    /// Where the line is: `line N` of a CSV, `row N` of a Parquet file, or a JSON path.
    pub location: String,
}

impl BillRecord {
    /// The key per-service totals are grouped by: the offer code when the bill has one, else the
    /// service name.
    pub fn service_key(&self) -> &str {
        self.product_code
            .as_deref()
            .or(self.service_name.as_deref())
            .unwrap_or("")
    }
}

/// What was learnt about a bill while reading it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BillInfo {
    pub format: BillFormat,
    /// The file was gzip-compressed.
    pub gzip: bool,
    pub granularity: Granularity,
}

impl fmt::Display for BillInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.format)?;
        if self.gzip {
            f.write_str(", gzip")?;
        }
        Ok(())
    }
}

/// Reads the bill at `path`, calling `each` with every line in file order.
pub fn read_bill(path: &Path, each: &mut dyn FnMut(BillRecord) -> Result<()>) -> Result<BillInfo> {
    let shown = path.display().to_string();
    let read_err = |source| Error::Read {
        path: shown.clone(),
        source,
    };
    let mut file = crate::source::open(path)?;
    let mut magic = [0u8; 4];
    let n = read_up_to(&mut file, &mut magic).map_err(read_err)?;
    let magic = &magic[..n];
    if magic == b"PAR1" {
        return parquet_cur::read(path, &shown, each);
    }
    let file = crate::source::open(path)?;
    let gzip = magic.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            file,
        )))
    } else {
        Box::new(file)
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let first = first_non_space(&mut reader).map_err(read_err)?;
    let mut info = if first == Some(b'{') {
        cost_explorer::read(reader, &shown, each)?
    } else {
        read_csv(reader, &shown, each)?
    };
    info.gzip = gzip;
    Ok(info)
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn first_non_space(r: &mut impl std::io::BufRead) -> std::io::Result<Option<u8>> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        // A UTF-8 byte order mark is skipped like white space.
        let skip = buf
            .iter()
            .position(|b| !(b.is_ascii_whitespace() || [0xef, 0xbb, 0xbf].contains(b)));
        match skip {
            Some(i) => return Ok(Some(buf[i])),
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

fn read_csv(
    reader: impl Read,
    path: &str,
    each: &mut dyn FnMut(BillRecord) -> Result<()>,
) -> Result<BillInfo> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        // (the csv crate drops a UTF-8 byte order mark before the first header)
        .map(str::to_string)
        .collect::<Vec<_>>();
    if sql::is_result_header(&headers) {
        sql::read(csv, path, each)
    } else if headers.iter().any(|h| h == "lineItem/UnblendedCost") {
        cur::read(csv, headers, path, BillFormat::LegacyCurCsv, each)
    } else if headers.iter().any(|h| h == "line_item_unblended_cost") {
        cur::read(csv, headers, path, BillFormat::Cur2Csv, each)
    } else if headers.iter().any(|h| h == "BilledCost") {
        focus::read(csv, headers, path, each)
    } else {
        Err(diagnostic(
            path,
            1,
            1,
            "this CSV is not an AWS bill: its header has none of `lineItem/UnblendedCost` (legacy CUR), `line_item_unblended_cost` (CUR 2.0) or `BilledCost` (FOCUS), and is not the header of costplan's aggregation query result".to_string(),
            Some("give a Cost and Usage Report, a FOCUS export or a Cost Explorer GetCostAndUsage JSON".to_string()),
        ))
    }
}

/// An input error at `line:column` of the bill.
pub(crate) fn diagnostic(
    path: &str,
    line: u64,
    column: usize,
    message: String,
    hint: Option<String>,
) -> Error {
    Error::Input(Box::new(Diagnostic {
        path: path.to_string(),
        line: usize::try_from(line).unwrap_or(usize::MAX),
        column,
        message,
        hint,
        excerpt: None,
    }))
}

pub(crate) fn csv_error(path: &str, e: &csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    diagnostic(
        path,
        line,
        1,
        format!("unreadable CSV: {e}"),
        Some("a bill is comma-separated UTF-8 with one header line and the same number of fields on every line".to_string()),
    )
}

/// An amount as a bill writes it: plain (`0.00000080000`) or scientific (`1.81E-8`), exactly
/// (through [`crate::money::parse_exact`]; `None` for text that is no number or would be rounded).
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    crate::money::parse_exact(t)
}

/// The `YYYY-MM` a date or timestamp text starts with (`2023-11-01T00:00:00.000Z`, `2024-09-01 00:00:00`).
pub fn month_of(text: &str) -> Option<String> {
    let t = text.trim();
    let b = t.as_bytes();
    let ok = b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && (b.len() == 7 || b[7] == b'-');
    let month: u32 = t.get(5..7)?.parse().ok()?;
    (ok && (1..=12).contains(&month)).then(|| t[..7].to_string())
}

/// Totals of one billing month.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct MonthTotals {
    /// Every line of the month (invoice basis, credits negative).
    pub total: Decimal,
    /// Usage lines only.
    pub usage: Decimal,
    /// Per service key ([`BillRecord::service_key`]).
    pub by_service: BTreeMap<String, Decimal>,
    pub currency: String,
    /// Some line of the month is from a period marked `Estimated`.
    pub estimated: bool,
    pub lines: u64,
}

/// A bill summed per month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BillTotals {
    pub info: BillInfo,
    pub months: BTreeMap<String, MonthTotals>,
}

/// Reads a bill and sums it per month and service. Mixed currencies within a month are an error
/// naming the first line in the second currency.
pub fn totals(path: &Path) -> Result<BillTotals> {
    let shown = path.display().to_string();
    let mut months: BTreeMap<String, MonthTotals> = BTreeMap::new();
    let info = read_bill(path, &mut |r| {
        // (looked up before inserting: no key allocated per line)
        if !months.contains_key(&r.month) {
            months.insert(r.month.clone(), MonthTotals::default());
        }
        let m = months.get_mut(&r.month).expect("inserted above");
        if m.lines == 0 {
            m.currency = r.currency.clone();
        } else if m.currency != r.currency {
            return Err(Error::Input(Box::new(Diagnostic {
                path: shown.clone(),
                line: 0,
                column: 0,
                message: format!(
                    "{}: currency `{}` differs from `{}` of the month's earlier lines; costplan does not convert currencies",
                    r.location, r.currency, m.currency
                ),
                hint: Some("filter the export to one currency (one billing entity)".to_string()),
                excerpt: None,
            })));
        }
        let overflow = || Error::Overflow {
            what: format!("the bill total of {}", r.month),
        };
        m.total = crate::money::exact_add(m.total, r.unblended_cost).ok_or_else(overflow)?;
        if r.line_item_type.is_usage() {
            m.usage = crate::money::exact_add(m.usage, r.unblended_cost).ok_or_else(overflow)?;
        }
        let key = r.service_key();
        if !m.by_service.contains_key(key) {
            m.by_service.insert(key.to_string(), Decimal::ZERO);
        }
        let s = m.by_service.get_mut(key).expect("inserted above");
        *s = crate::money::exact_add(*s, r.unblended_cost).ok_or_else(overflow)?;
        m.estimated |= r.estimated;
        m.lines += 1;
        Ok(())
    })?;
    Ok(BillTotals { info, months })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn scientific_amounts_are_exact() {
        assert_eq!(parse_amount("1.81E-8"), Some(dec("0.0000000181")));
        assert_eq!(parse_amount("1.3E-9"), Some(dec("0.0000000013")));
        assert_eq!(parse_amount("-2.5e2"), Some(dec("-250")));
        assert_eq!(parse_amount("0.00000080000"), Some(dec("0.0000008")));
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_amount(""), None);
    }

    #[test]
    fn months_come_from_dates_in_every_spelling() {
        assert_eq!(
            month_of("2023-11-01T00:00:00.000Z").as_deref(),
            Some("2023-11")
        );
        assert_eq!(month_of("2024-09-01 00:00:00").as_deref(), Some("2024-09"));
        assert_eq!(month_of("2025-02").as_deref(), Some("2025-02"));
        assert_eq!(month_of("2025-13-01"), None);
        assert_eq!(month_of("20250201"), None);
    }

    #[test]
    fn line_item_types_keep_charges_apart_from_usage() {
        assert!(LineItemType::parse("Usage").is_usage());
        assert!(!LineItemType::parse("Tax").is_usage());
        assert_eq!(LineItemType::parse("RIFee"), LineItemType::RiFee);
        assert_eq!(LineItemType::parse("EdpDiscount"), LineItemType::Discount);
        assert_eq!(
            LineItemType::parse("Weird"),
            LineItemType::Other("Weird".to_string())
        );
    }
}
