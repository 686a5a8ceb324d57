//! Reading what `diff` compares: a topology TOML to price, or a JSON estimate written by
//! `costplan estimate --format json` (which reads back exactly: the round trip is identity).

use crate::error::{Diagnostic, Result};
use crate::estimate::{Estimate, SCHEMA_VERSION, group_totals};
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use rust_decimal::Decimal;
use std::path::Path;

/// The largest JSON estimate costplan reads.
pub const MAX_ESTIMATE_BYTES: u64 = 16 * 1024 * 1024;
/// The most line items a JSON estimate may have.
pub const MAX_LINE_ITEMS: usize = 100_000;
/// The largest quantity, unit price or monthly amount a JSON estimate may hold (10^18), so that
/// sums and annual figures of every line stay far inside exact decimal range.
const MAX_AMOUNT: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

/// What kind of file an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Topology,
    JsonEstimate,
}

/// By extension (`.json`, `.toml`), else by content: a JSON estimate starts with `{`.
pub fn detect(path: &Path, text: &str) -> InputKind {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => InputKind::JsonEstimate,
        Some("toml") => InputKind::Topology,
        _ if text.trim_start().starts_with('{') => InputKind::JsonEstimate,
        _ => InputKind::Topology,
    }
}

/// Loads either kind of input and returns its estimate.
pub fn read(path: &Path, catalog: &PriceCatalog) -> Result<Estimate> {
    read_with(path, catalog, &crate::terraform::PlanInput::default())
}

/// Loads a topology, a JSON estimate or a Terraform plan (priced with `plan`'s usage file and
/// region) and returns its estimate.
pub fn read_with(
    path: &Path,
    catalog: &PriceCatalog,
    plan: &crate::terraform::PlanInput,
) -> Result<Estimate> {
    // A plan says so in its first bytes (`{"format_version": …`); it is read with a plan's limit.
    if crate::terraform::starts_like_plan(path) {
        let file = SourceFile::read(path, crate::terraform::plan::MAX_PLAN_BYTES)?;
        if crate::terraform::is_plan(path, &file.text) {
            return crate::terraform::estimate_file(path, &file, plan, catalog);
        }
    }
    let limit = MAX_ESTIMATE_BYTES.max(crate::topology::validate::MAX_TOPOLOGY_BYTES);
    let file = SourceFile::read(path, limit)?;
    match detect(path, &file.text) {
        InputKind::JsonEstimate => from_json(&file),
        InputKind::Topology => {
            if file.text.len() as u64 > crate::topology::validate::MAX_TOPOLOGY_BYTES {
                return Err(whole_file(&file, "file is too large for a topology", None));
            }
            let topology = crate::topology::parse(&file, catalog)?;
            crate::checks::estimate(&topology, catalog.table(&topology.region)?)
        }
    }
}

#[derive(serde::Deserialize)]
struct VersionOnly {
    schema_version: Option<serde_json::Value>,
}

/// Parses a JSON estimate and checks that it is one this version wrote and that it adds up.
pub fn from_json(file: &SourceFile) -> Result<Estimate> {
    let version = serde_json::from_str::<VersionOnly>(&file.text)
        .ok()
        .and_then(|v| v.schema_version);
    if let Some(v) = version
        && v.as_u64() != Some(u64::from(SCHEMA_VERSION))
    {
        return Err(at(
            file,
            "\"schema_version\"",
            format!("unsupported estimate schema_version {v} (this costplan reads {SCHEMA_VERSION})"),
            Some("re-create the estimate with this costplan: `costplan estimate FILE --format json -o FILE.json`".into()),
        ));
    }
    let estimate: Estimate = serde_json::from_str(&file.text).map_err(|e| {
        let offset = offset_of(&file.text, e.line(), e.column());
        let message = format!(
            "not a costplan JSON estimate: {}",
            strip_position(&e.to_string())
        );
        file.diagnostic(
            Some(offset..offset + 1),
            message,
            Some(
                "write it with `costplan estimate FILE --format json`, or pass the topology TOML"
                    .into(),
            ),
        )
    })?;
    if let Some(figure) = rounded_figure(&file.text) {
        return Err(at(
            file,
            &format!("\"{figure}\""),
            format!(
                "`{figure}` has more than {} significant digits and would be rounded",
                crate::money::EXACT_DIGITS
            ),
            Some("costplan keeps money exact; re-create the estimate with `costplan estimate --format json`".into()),
        ));
    }
    check_consistent(file, &estimate)?;
    Ok(estimate)
}

/// Every string of the estimate (values and keys, wherever they are) through the one name check,
/// [`crate::text::check_name`]: a refused name is an error at its JSON path. The file is walked
/// as it is parsed (no value tree), so memory stays that of the path.
fn check_names(file: &SourceFile, hint: Option<String>) -> Result<()> {
    let mut path = String::new();
    let mut de = serde_json::Deserializer::from_str(&file.text);
    let Ok(found) = serde::de::DeserializeSeed::deserialize(Names { path: &mut path }, &mut de)
    else {
        return Ok(());
    };
    match found {
        None => Ok(()),
        Some(Refused {
            path,
            text,
            problem,
        }) => {
            let message = format!(
                "a name in the estimate contains {problem} (`{}`)",
                path.trim_start_matches('.')
            );
            let needle = serde_json::to_string(&text).unwrap_or_default();
            Err(at(file, &needle, message, hint))
        }
    }
}

/// The first string [`check_names`] refused: its JSON path, the text and why.
struct Refused {
    path: String,
    text: String,
    problem: String,
}

/// Walks one JSON value at `path`, checking its strings and keys.
struct Names<'p> {
    path: &'p mut String,
}

impl Names<'_> {
    fn check(&self, s: &str) -> Option<Refused> {
        crate::text::check_name(s).err().map(|p| Refused {
            path: self.path.clone(),
            text: s.to_string(),
            problem: p.to_string(),
        })
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Names<'_> {
    type Value = Option<Refused>;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Names<'_> {
    type Value = Option<Refused>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, s: &str) -> std::result::Result<Self::Value, E> {
        Ok(self.check(s))
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut found = None;
        let mut i = 0usize;
        loop {
            if found.is_some() {
                if seq.next_element::<serde::de::IgnoredAny>()?.is_none() {
                    return Ok(found);
                }
                continue;
            }
            let len = self.path.len();
            let _ = std::fmt::Write::write_fmt(self.path, format_args!("[{i}]"));
            let next = seq.next_element_seed(Names { path: self.path })?;
            self.path.truncate(len);
            match next {
                None => return Ok(None),
                Some(f) => found = f,
            }
            i += 1;
        }
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if found.is_some() {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            let len = self.path.len();
            self.path.push('.');
            self.path.push_str(&key);
            found = match self.check(&key) {
                Some(f) => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    Some(f)
                }
                None => map.next_value_seed(Names { path: self.path })?,
            };
            self.path.truncate(len);
        }
        Ok(found)
    }
}

/// The first JSON string in `text` that is a number `Decimal` would have to round (more than 28
/// significant digits): serde reads amounts with `Decimal::from_str`, which rounds silently.
fn rounded_figure(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let body = &rest[start + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = end?;
        let s = &body[..end];
        if s.len() > crate::money::EXACT_DIGITS as usize && crate::money::needs_rounding(s) {
            return Some(s);
        }
        rest = &body[end + 1..];
    }
    None
}

fn check_consistent(file: &SourceFile, e: &Estimate) -> Result<()> {
    let edited = Some(
        "the file was edited or truncated; re-create it with `costplan estimate --format json`"
            .to_string(),
    );
    check_names(file, edited.clone())?;
    if e.line_items.len() > MAX_LINE_ITEMS {
        return Err(whole_file(
            file,
            format!("more than {MAX_LINE_ITEMS} line items"),
            edited,
        ));
    }
    let in_range = |d: Decimal| d.abs() <= MAX_AMOUNT;
    for l in &e.line_items {
        if ![l.quantity, l.unit_price_usd, l.monthly_usd]
            .into_iter()
            .all(in_range)
        {
            let big = [l.quantity, l.unit_price_usd, l.monthly_usd]
                .into_iter()
                .find(|d| !in_range(*d))
                .unwrap_or_default();
            return Err(at(
                file,
                &format!("\"{big}\""),
                format!(
                    "line `{} / {}` has an amount above 10^18",
                    l.resource, l.component
                ),
                edited,
            ));
        }
        if crate::money::exact_mul(l.quantity, l.unit_price_usd) != Some(l.monthly_usd) {
            return Err(at(
                file,
                &format!("\"{}\"", l.monthly_usd),
                format!(
                    "line `{} / {}`: monthly_usd is not quantity × unit_price_usd",
                    l.resource, l.component
                ),
                edited,
            ));
        }
    }
    let groups = group_totals(&e.line_items)?;
    let total = groups
        .iter()
        .try_fold(Decimal::ZERO, |acc, g| {
            crate::money::exact_add(acc, g.monthly_usd)
        })
        .ok_or_else(|| crate::Error::overflow("the total"))?;
    if groups != e.groups
        || total != e.total_monthly_usd
        || crate::money::exact_mul(total, crate::money::MONTHS_PER_YEAR) != Some(e.total_annual_usd)
    {
        return Err(at(
            file,
            "\"total_monthly_usd\"",
            "the estimate's group subtotals or total are not the sums of its line items",
            edited,
        ));
    }
    Ok(())
}

/// A diagnostic at the first occurrence of `needle` in the file, or for the whole file.
fn at(
    file: &SourceFile,
    needle: &str,
    message: impl Into<String>,
    hint: Option<String>,
) -> crate::Error {
    match file.text.find(needle).filter(|_| !needle.is_empty()) {
        Some(i) => file
            .diagnostic(Some(i..i + needle.len()), message, hint)
            .into(),
        None => whole_file(file, message, hint),
    }
}

fn whole_file(file: &SourceFile, message: impl Into<String>, hint: Option<String>) -> crate::Error {
    Diagnostic {
        path: file.path.clone(),
        line: 0,
        column: 0,
        message: message.into(),
        hint,
        excerpt: None,
    }
    .into()
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// serde_json appends " at line L column C"; the diagnostic shows the position itself.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension_then_content() {
        assert_eq!(
            detect(Path::new("a.json"), "name = 1"),
            InputKind::JsonEstimate
        );
        assert_eq!(detect(Path::new("a.toml"), "{"), InputKind::Topology);
        assert_eq!(
            detect(Path::new("base"), "  \n{\"a\":1}"),
            InputKind::JsonEstimate
        );
        assert_eq!(
            detect(Path::new("base"), "name = \"x\""),
            InputKind::Topology
        );
    }

    #[test]
    fn json_errors_point_at_line_and_column() {
        let f = SourceFile::new("e.json", "{\n  \"schema_version\": 1,\n  \"name\": 5\n}\n");
        let e = from_json(&f).unwrap_err().to_string();
        assert!(e.starts_with("e.json:3:"), "{e}");
        assert!(e.contains("not a costplan JSON estimate"), "{e}");
    }

    #[test]
    fn max_amount_is_ten_to_the_eighteenth() {
        assert_eq!(MAX_AMOUNT, Decimal::from(1_000_000_000_000_000_000i64));
    }

    #[test]
    fn other_schema_versions_are_refused() {
        let f = SourceFile::new("e.json", "{\"schema_version\": 99}");
        let e = from_json(&f).unwrap_err().to_string();
        assert!(e.contains("schema_version 99"), "{e}");
    }
}
