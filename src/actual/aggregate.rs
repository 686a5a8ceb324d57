//! A bill summed while it streams: one entry per (product code, usage type, operation, region,
//! line item type) and month, so memory grows with the number of distinct keys, not of lines.
//! `--tag` and `--account` filters apply as lines are read; the month is chosen afterwards
//! (`--month`, or the bill's only month).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use crate::bill::{self, BillInfo, BillRecord, LineItemType};
use crate::error::{Diagnostic, Error, Result};
use crate::money::exact_add;

/// What selects the bill lines of one topology.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `YYYY-MM`; required when the bill holds several months.
    pub month: Option<String>,
    /// `KEY=VALUE` pairs, all of which a line's tags must have.
    pub tags: Vec<(String, String)>,
    pub account: Option<String>,
}

/// The key bill lines are summed by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BillKey {
    /// The offer code, or the service name when the bill has no offer code.
    pub service: String,
    pub usage_type: String,
    pub operation: String,
    pub region: String,
    pub line_item_type: LineItemType,
}

/// The sums of the bill lines of one key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillAmount {
    pub usage_amount: Decimal,
    /// Unblended cost (invoice basis, credits negative).
    pub cost: Decimal,
    pub unit: Option<String>,
    pub lines: u64,
}

/// One month of a bill, summed by key.
#[derive(Debug, Clone, PartialEq)]
pub struct BillMonth {
    pub path: String,
    pub info: BillInfo,
    pub month: String,
    pub currency: String,
    /// Some of the month's lines are from a period Cost Explorer marks `Estimated`.
    pub estimated: bool,
    /// Lines of the month that passed the filters.
    pub lines: u64,
    pub amounts: BTreeMap<BillKey, BillAmount>,
}

impl BillMonth {
    /// Every line of the month (invoice basis, credits negative).
    pub fn total(&self) -> Result<Decimal> {
        sum(self.amounts.values().map(|a| a.cost), "the bill total")
    }

    /// Usage lines only.
    pub fn usage_total(&self) -> Result<Decimal> {
        sum(
            self.amounts
                .iter()
                .filter(|(k, _)| k.line_item_type.is_usage())
                .map(|(_, a)| a.cost),
            "the bill's usage total",
        )
    }
}

fn sum(amounts: impl IntoIterator<Item = Decimal>, what: &str) -> Result<Decimal> {
    crate::money::exact_sum(amounts).ok_or_else(|| Error::Overflow {
        what: what.to_string(),
    })
}

/// A tag key as every format spells it, made comparable: `user:Project` (legacy CUR header),
/// `user_Project` (CUR 2.0 `resource_tags`), `project` (legacy CUR Parquet column), `Project`
/// (Cost Explorer, FOCUS `Tags`) all become `project`.
pub fn tag_key(key: &str) -> String {
    let k = key.trim();
    let k = k
        .strip_prefix("user:")
        .or_else(|| k.strip_prefix("user_"))
        .unwrap_or(k);
    k.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Whether a bill line passes the tag and account filters.
pub fn selected(r: &BillRecord, filter: &Filter) -> bool {
    if let Some(account) = &filter.account
        && r.account.as_deref().map(|a| a.trim_start_matches('0'))
            != Some(account.trim_start_matches('0'))
    {
        return false;
    }
    filter.tags.iter().all(|(key, value)| {
        let want = tag_key(key);
        r.tags.iter().any(|(k, v)| tag_key(k) == want && v == value)
    })
}

/// The line number in a record's location (`line 12`), when it has one.
fn line_of(location: &str) -> usize {
    location
        .strip_prefix("line ")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn input_error(path: &str, line: usize, message: String, hint: &str) -> Error {
    Error::Input(Box::new(Diagnostic {
        path: path.to_string(),
        line,
        column: usize::from(line > 0),
        message,
        hint: Some(hint.to_string()),
        excerpt: None,
    }))
}

struct MonthSums {
    currency: String,
    first_location: String,
    estimated: bool,
    lines: u64,
    amounts: BTreeMap<BillKey, BillAmount>,
}

/// Reads the bill at `path`, keeps the lines `filter` selects and sums the chosen month.
///
/// Errors (exit 2, naming the file and, where there is one, the line): several months and no
/// `--month` (listing them); a `--month` the bill lacks; two currencies in the month; filters
/// that leave nothing.
pub fn read_month(path: &Path, filter: &Filter) -> Result<BillMonth> {
    let shown = path.display().to_string();
    let mut months: BTreeMap<String, MonthSums> = BTreeMap::new();
    let mut all_months: BTreeSet<String> = BTreeSet::new();
    let mut tag_keys: BTreeSet<String> = BTreeSet::new();
    let mut read = 0u64;
    let info = bill::read_bill(path, &mut |r: BillRecord| {
        read += 1;
        // (no allocation per line: a bill has one or a few months)
        if !all_months.contains(&r.month) {
            all_months.insert(r.month.clone());
        }
        if tag_keys.len() < 50 {
            tag_keys.extend(r.tags.keys().cloned());
        }
        if !selected(&r, filter) {
            return Ok(());
        }
        if filter.month.as_ref().is_some_and(|m| *m != r.month) {
            return Ok(());
        }
        if !months.contains_key(&r.month) {
            months.insert(
                r.month.clone(),
                MonthSums {
                    currency: r.currency.clone(),
                    first_location: r.location.clone(),
                    estimated: false,
                    lines: 0,
                    amounts: BTreeMap::new(),
                },
            );
        }
        let m = months.get_mut(&r.month).expect("inserted above");
        if m.currency != r.currency {
            return Err(input_error(
                &shown,
                line_of(&r.location),
                format!(
                    "{}: currency `{}` differs from `{}` of {} ({}); costplan does not convert currencies",
                    r.location, r.currency, m.currency, r.month, m.first_location
                ),
                "filter the export to one currency (one billing entity), or compare one slice with --account",
            ));
        }
        m.estimated |= r.estimated;
        m.lines += r.lines;
        // The record is owned: its texts move into the key instead of being copied.
        let service = r.service_key().to_string();
        let BillRecord {
            usage_type,
            operation,
            region,
            line_item_type,
            usage_amount,
            usage_unit,
            unblended_cost,
            lines,
            location,
            ..
        } = r;
        let key = BillKey {
            service,
            usage_type: usage_type.unwrap_or_default(),
            operation: operation.unwrap_or_default(),
            region: region.unwrap_or_default(),
            line_item_type,
        };
        let a = m.amounts.entry(key).or_default();
        let overflow = || Error::Overflow {
            what: format!("the bill amounts at {location}"),
        };
        a.usage_amount = exact_add(a.usage_amount, usage_amount).ok_or_else(overflow)?;
        a.cost = exact_add(a.cost, unblended_cost).ok_or_else(overflow)?;
        if a.unit.is_none() {
            a.unit = usage_unit;
        }
        a.lines += lines;
        Ok(())
    })?;
    let listed = || all_months.iter().cloned().collect::<Vec<_>>().join(", ");
    if read == 0 {
        return Err(input_error(
            &shown,
            0,
            "the bill has no lines".to_string(),
            "give a bill export with at least one line item",
        ));
    }
    if let Some(month) = &filter.month
        && !all_months.contains(month)
    {
        return Err(input_error(
            &shown,
            0,
            format!("the bill has no line of {month}; it covers {}", listed()),
            "pick one of those months with --month YYYY-MM",
        ));
    }
    if filter.month.is_none() && all_months.len() > 1 {
        return Err(input_error(
            &shown,
            0,
            format!(
                "the bill holds {} billing periods ({}); say which to compare",
                all_months.len(),
                listed()
            ),
            "add --month YYYY-MM",
        ));
    }
    let month = match &filter.month {
        Some(m) => m.clone(),
        None => all_months.iter().next().cloned().unwrap_or_default(),
    };
    let Some(sums) = months.remove(&month) else {
        let what = match (&filter.account, filter.tags.is_empty()) {
            (Some(a), true) => format!("--account {a}"),
            (None, false) => "--tag".to_string(),
            _ => "--tag and --account".to_string(),
        };
        let seen: Vec<String> = tag_keys.into_iter().take(12).collect();
        let hint = if seen.is_empty() {
            "the bill's lines carry no tags; drop --tag, or check the account id".to_string()
        } else {
            format!(
                "tag keys in the bill: {}; a key matches in any spelling (`user:Project`, `user_Project`, `project`), the value exactly",
                seen.join(", ")
            )
        };
        return Err(input_error(
            &shown,
            0,
            format!("{what} leaves no line of {month} in the bill"),
            &hint,
        ));
    };
    Ok(BillMonth {
        path: shown,
        info,
        month,
        currency: sums.currency,
        estimated: sums.estimated,
        lines: sums.lines,
        amounts: sums.amounts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_keys_match_in_every_spelling() {
        for k in ["user:Project", "user_Project", "project", "Project"] {
            assert_eq!(tag_key(k), "project", "{k}");
        }
        assert_eq!(tag_key("cost-center"), "cost_center");
        assert_ne!(tag_key("Projects"), "project");
    }

    fn record(tags: &[(&str, &str)], account: &str) -> BillRecord {
        BillRecord {
            month: "2026-11".into(),
            account: Some(account.into()),
            product_code: Some("AmazonEC2".into()),
            service_name: None,
            usage_type: None,
            operation: None,
            region: None,
            line_item_type: LineItemType::Usage,
            usage_amount: Decimal::ONE,
            usage_unit: None,
            unblended_cost: Decimal::ONE,
            currency: "USD".into(),
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            estimated: false,
            lines: 1,
            location: "line 2".into(),
        }
    }

    #[test]
    fn filters_select_by_tag_and_account() {
        let f = Filter {
            month: None,
            tags: vec![("Project".into(), "orders".into())],
            account: Some("11254002932".into()),
        };
        assert!(selected(
            &record(&[("user_Project", "orders")], "011254002932"),
            &f
        ));
        assert!(!selected(
            &record(&[("user_Project", "billing")], "011254002932"),
            &f
        ));
        assert!(!selected(&record(&[], "011254002932"), &f));
        assert!(!selected(&record(&[("user_Project", "orders")], "999"), &f));
    }
}
