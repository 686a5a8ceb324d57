//! Usage a plan cannot know (GB through a NAT gateway, log GB ingested, LCU dimensions, API
//! requests), from a usage file keyed by resource address with wildcards: Infracost's format
//! (YAML, `version: 0.1`, `resource_usage:`, `resource_type_default_usage:`, its key names), or the
//! same in TOML. The keys each resource type takes are one table, [`KEYS`], read by the mapper,
//! the checks here and `costplan usage template`.

use crate::error::{Error, Result};
use crate::source::SourceFile;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The largest usage file costplan reads.
pub const MAX_USAGE_BYTES: u64 = 4 * 1024 * 1024;

/// One usage key of a resource type: name, meaning, and whether costplan prices it (keys
/// Infracost reads that costplan does not are accepted and reported as ignored).
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub doc: &'static str,
    pub priced: bool,
}

const fn key(name: &'static str, doc: &'static str) -> Key {
    Key {
        name,
        doc,
        priced: true,
    }
}
const fn ignored(name: &'static str, doc: &'static str) -> Key {
    Key {
        name,
        doc,
        priced: false,
    }
}

/// The usage keys of each resource type costplan maps (Infracost's names; `costplan.*` are
/// costplan's own pseudo-resources for usage no Terraform resource carries).
pub static KEYS: &[(&str, &[Key])] = &[
    (
        "aws_nat_gateway",
        &[key(
            "monthly_data_processed_gb",
            "Monthly data processed by the NAT gateway in GB.",
        )],
    ),
    (
        "aws_lb",
        &[
            key("new_connections", "New connections per second on average."),
            key(
                "active_connections",
                "Active connections per minute on average.",
            ),
            key("processed_bytes_gb", "GB processed per hour on average."),
            key(
                "rule_evaluations",
                "Rule evaluations per second (request rate × rules processed beyond the 10 free).",
            ),
        ],
    ),
    (
        "aws_alb",
        &[
            key("new_connections", "New connections per second on average."),
            key(
                "active_connections",
                "Active connections per minute on average.",
            ),
            key("processed_bytes_gb", "GB processed per hour on average."),
            key(
                "rule_evaluations",
                "Rule evaluations per second (request rate × rules processed beyond the 10 free).",
            ),
        ],
    ),
    (
        "aws_cloudwatch_log_group",
        &[
            key("storage_gb", "GB of logs stored (archived)."),
            key("monthly_data_ingested_gb", "GB of logs ingested per month."),
            key(
                "monthly_data_scanned_gb",
                "GB scanned by Logs Insights queries per month.",
            ),
        ],
    ),
    (
        "aws_secretsmanager_secret",
        &[key("monthly_requests", "API requests per month.")],
    ),
    (
        "aws_ecr_repository",
        &[key("storage_gb", "GB of images stored.")],
    ),
    (
        "aws_db_instance",
        &[
            key(
                "additional_backup_storage_gb",
                "Backup storage beyond the free allowance (100% of the storage), in GB.",
            ),
            key(
                "monthly_cpu_credit_hrs",
                "Surplus CPU credits (T classes, unlimited mode) in vCPU-hours per month.",
            ),
            ignored(
                "monthly_standard_io_requests",
                "I/O requests (magnetic storage).",
            ),
            ignored(
                "monthly_additional_performance_insights_requests",
                "Performance Insights API requests.",
            ),
            ignored("reserved_instance_term", "Reserved Instance term."),
            ignored(
                "reserved_instance_payment_option",
                "Reserved Instance payment option.",
            ),
        ],
    ),
    (
        "aws_elasticache_cluster",
        &[
            key("snapshot_storage_size_gb", "Snapshot storage in GB."),
            ignored("reserved_instance_term", "Reserved node term."),
            ignored(
                "reserved_instance_payment_option",
                "Reserved node payment option.",
            ),
        ],
    ),
    (
        "aws_elasticache_replication_group",
        &[
            key("snapshot_storage_size_gb", "Snapshot storage in GB."),
            ignored("reserved_instance_term", "Reserved node term."),
            ignored(
                "reserved_instance_payment_option",
                "Reserved node payment option.",
            ),
        ],
    ),
    (
        "aws_vpc_endpoint",
        &[key(
            "monthly_data_processed_gb",
            "GB processed by the interface endpoint per month.",
        )],
    ),
    (
        "aws_s3_bucket",
        &[
            key("standard.storage_gb", "GB stored in S3 Standard."),
            key(
                "standard.monthly_tier_1_requests",
                "PUT, COPY, POST, LIST requests per month.",
            ),
            key(
                "standard.monthly_tier_2_requests",
                "GET, SELECT and other requests per month.",
            ),
        ],
    ),
    (
        "aws_data_transfer",
        &[
            key(
                "region",
                "Region the data leaves from (Infracost's pseudo-resource).",
            ),
            key(
                "monthly_intra_region_gb",
                "GB crossing availability zones per month (charged out and in).",
            ),
            key(
                "monthly_outbound_internet_gb",
                "GB out to the internet per month.",
            ),
            key(
                "monthly_outbound_other_regions_gb",
                "GB out to other AWS regions per month.",
            ),
            key(
                "monthly_outbound_us_east_to_us_east_gb",
                "GB between us-east-1 and us-east-2 per month.",
            ),
        ],
    ),
    (
        "costplan.cloudwatch",
        &[key(
            "custom_metrics",
            "CloudWatch custom metrics (no Terraform resource carries them).",
        )],
    ),
];

/// The keys of a resource type, if costplan maps it.
pub fn keys_of(kind: &str) -> Option<&'static [Key]> {
    KEYS.iter().find(|(k, _)| *k == kind).map(|(_, keys)| *keys)
}

/// A usage value: a number, or text (`region`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(Decimal),
    Text(String),
}

/// One entry of the file: an address pattern (or a type, for defaults) and its keys.
#[derive(Debug, Clone)]
struct Entry {
    pattern: String,
    values: BTreeMap<String, Value>,
}

/// A usage file, read and checked.
#[derive(Debug, Clone, Default)]
pub struct UsageFile {
    pub path: String,
    entries: Vec<Entry>,
    defaults: Vec<Entry>,
    /// Keys Infracost reads and costplan does not price, as `address: key`.
    pub ignored: Vec<String>,
}

/// The usage of one resource: its keys, the most specific entry winning per key.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    values: BTreeMap<String, Value>,
    /// The patterns that supplied values, for the import's comments.
    pub from: Vec<String>,
}

impl Usage {
    pub fn number(&self, key: &str) -> Option<Decimal> {
        match self.values.get(key)? {
            Value::Number(n) => Some(*n),
            Value::Text(_) => None,
        }
    }
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.values.get(key)? {
            Value::Text(t) => Some(t),
            Value::Number(_) => None,
        }
    }
}

impl UsageFile {
    /// The usage of the resource at `address` of type `kind`: its exact entry, then the first
    /// wildcard pattern matching it, then the type's defaults, key by key.
    pub fn for_resource(&self, address: &str, kind: &str) -> Usage {
        let mut out = Usage::default();
        let mut take = |e: &Entry| {
            let mut used = false;
            for (k, v) in &e.values {
                if !out.values.contains_key(k) {
                    out.values.insert(k.clone(), v.clone());
                    used = true;
                }
            }
            if used {
                out.from.push(e.pattern.clone());
            }
        };
        for e in self.entries.iter().filter(|e| e.pattern == address) {
            take(e);
        }
        for e in self
            .entries
            .iter()
            .filter(|e| e.pattern != address && glob(&e.pattern, address))
        {
            take(e);
        }
        for e in self.defaults.iter().filter(|e| e.pattern == kind) {
            take(e);
        }
        out
    }

    /// Entries whose pattern is a pseudo-resource (`aws_data_transfer.NAME`, `costplan.cloudwatch`):
    /// their address and usage.
    pub fn pseudo(&self, kind: &str) -> Vec<(String, Usage)> {
        self.entries
            .iter()
            .filter(|e| kind_of(&e.pattern) == kind)
            .map(|e| (e.pattern.clone(), self.for_resource(&e.pattern, kind)))
            .collect()
    }
}

/// `*` matches any run of characters (Infracost's wildcards: `aws_nat_gateway.*`,
/// `module.app.aws_lb.this[*]`).
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// The resource type an address pattern names: `module.x.aws_lb.y[*]` → `aws_lb`,
/// `costplan.cloudwatch` → itself.
pub fn kind_of(pattern: &str) -> String {
    if let Some(rest) = pattern.strip_prefix("costplan.") {
        return format!("costplan.{}", rest.split('.').next().unwrap_or(""));
    }
    let segments: Vec<&str> = pattern.split('.').collect();
    let mut i = 0;
    while i < segments.len() {
        if segments[i] == "module" {
            i += 2;
            continue;
        }
        return segments[i].to_string();
    }
    String::new()
}

/// Reads a usage file: YAML (`.yml`, `.yaml`) in Infracost's format, or TOML.
pub fn read(path: &std::path::Path) -> Result<UsageFile> {
    let file = SourceFile::read(path, MAX_USAGE_BYTES)?;
    let is_toml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml {
        parse_toml(&file)
    } else {
        parse_yaml(&file)
    }
}

/// The generic tree both formats read into, with a locator for messages.
enum Tree {
    Map(Vec<(String, Tree, usize)>),
    Number(Decimal),
    Text(String),
    Other(&'static str),
}

/// Parses Infracost's YAML usage file.
pub fn parse_yaml(file: &SourceFile) -> Result<UsageFile> {
    let doc: serde_norway::Value = serde_norway::from_str(&file.text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        Error::from(file.diagnostic(
            Some(offset..offset + 1),
            format!("not a valid YAML usage file: {e}"),
            Some("the format is Infracost's: `version: 0.1` and `resource_usage:` keyed by resource address".into()),
        ))
    })?;
    fn tree(v: &serde_norway::Value, text: &str, from: usize) -> Tree {
        use serde_norway::Value as Y;
        match v {
            Y::Mapping(m) => Tree::Map(
                m.iter()
                    .map(|(k, v)| {
                        let k = match k {
                            Y::String(s) => s.clone(),
                            Y::Number(n) => n.to_string(),
                            Y::Bool(b) => b.to_string(),
                            _ => String::from("?"),
                        };
                        let at = text[from.min(text.len())..]
                            .find(&k)
                            .map_or(from, |i| from + i);
                        let child = tree(v, text, at);
                        (k, child, at)
                    })
                    .collect(),
            ),
            Y::Number(n) => crate::money::parse_exact(&n.to_string())
                .map_or(Tree::Other("a number too large"), Tree::Number),
            Y::String(s) => Tree::Text(s.clone()),
            Y::Bool(_) => Tree::Other("a boolean"),
            Y::Null => Tree::Other("an empty value"),
            Y::Sequence(_) => Tree::Other("a list"),
            Y::Tagged(_) => Tree::Other("a tagged value"),
        }
    }
    from_tree(file, tree(&doc, &file.text, 0))
}

/// Parses the TOML form: `version = "0.1"`, `[resource_usage."ADDRESS"]` tables.
pub fn parse_toml(file: &SourceFile) -> Result<UsageFile> {
    use toml::de::{DeTable, DeValue};
    let doc =
        DeTable::parse(&file.text).map_err(|e| crate::topology::validate::toml_error(file, &e))?;
    fn tree(v: &DeValue<'_>) -> Tree {
        match v {
            DeValue::Table(t) => Tree::Map(
                t.iter()
                    .map(|(k, v)| (k.get_ref().to_string(), tree(v.get_ref()), k.span().start))
                    .collect(),
            ),
            DeValue::Integer(i) => crate::money::parse_exact(i.as_str())
                .map_or(Tree::Other("a number in another radix"), Tree::Number),
            DeValue::Float(f) => crate::money::parse_exact(f.as_str()).map_or(
                Tree::Other("a number costplan cannot read exactly"),
                Tree::Number,
            ),
            DeValue::String(s) => Tree::Text(s.to_string()),
            DeValue::Boolean(_) => Tree::Other("a boolean"),
            DeValue::Datetime(_) => Tree::Other("a date"),
            DeValue::Array(_) => Tree::Other("an array"),
        }
    }
    let top = Tree::Map(
        doc.get_ref()
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), tree(v.get_ref()), k.span().start))
            .collect(),
    );
    from_tree(file, top)
}

fn from_tree(file: &SourceFile, top: Tree) -> Result<UsageFile> {
    let mut errors: Vec<Error> = Vec::new();
    let err = |at: usize, message: String, hint: Option<String>| -> Error {
        file.diagnostic(Some(at..at + 1), message, hint).into()
    };
    let Tree::Map(top) = top else {
        return Err(err(
            0,
            "a usage file is a mapping of `version` and `resource_usage`".into(),
            None,
        ));
    };
    let mut out = UsageFile {
        path: file.path.clone(),
        ..UsageFile::default()
    };
    for (k, v, at) in top {
        match (k.as_str(), v) {
            ("version", Tree::Text(s)) if s == "0.1" => {}
            ("version", Tree::Number(n)) if n == Decimal::new(1, 1) => {}
            ("version", _) => errors.push(err(at, "`version` must be 0.1".into(), Some("write `version: 0.1`".into()))),
            ("resource_usage", Tree::Map(entries)) => {
                for (pattern, v, at) in entries {
                    match entry(&pattern, v, at, false, &err, &mut out.ignored) {
                        Ok(e) => out.entries.push(e),
                        Err(e) => errors.extend(e),
                    }
                }
            }
            ("resource_type_default_usage", Tree::Map(entries)) => {
                for (kind, v, at) in entries {
                    match entry(&kind, v, at, true, &err, &mut out.ignored) {
                        Ok(e) => out.defaults.push(e),
                        Err(e) => errors.extend(e),
                    }
                }
            }
            (k @ ("resource_usage" | "resource_type_default_usage"), _) => {
                errors.push(err(at, format!("`{k}` must be a mapping of resource addresses to usage keys"), None));
            }
            (other, _) => errors.push(err(
                at,
                format!("unknown top-level key `{other}`"),
                Some("a usage file has `version`, `resource_usage` and `resource_type_default_usage`".into()),
            )),
        }
    }
    let mut errors = errors.into_iter();
    match errors.next() {
        None => Ok(out),
        Some(first) => Err(Error::combine(first, errors.collect())),
    }
}

fn entry(
    pattern: &str,
    v: Tree,
    at: usize,
    is_type: bool,
    err: &dyn Fn(usize, String, Option<String>) -> Error,
    ignored: &mut Vec<String>,
) -> std::result::Result<Entry, Vec<Error>> {
    let Tree::Map(fields) = v else {
        return Err(vec![err(
            at,
            format!("`{pattern}` must map usage keys to values"),
            None,
        )]);
    };
    let kind = if is_type {
        pattern.to_string()
    } else {
        kind_of(pattern)
    };
    let known = keys_of(&kind);
    let mut values = BTreeMap::new();
    let mut errors = Vec::new();
    let mut flat: Vec<(String, Tree, usize)> = Vec::new();
    for (k, v, at) in fields {
        match v {
            Tree::Map(inner) => {
                for (k2, v2, at2) in inner {
                    flat.push((format!("{k}.{k2}"), v2, at2));
                }
            }
            v => flat.push((k, v, at)),
        }
    }
    for (k, v, at) in flat {
        if let Some(keys) = known {
            match keys.iter().find(|x| x.name == k) {
                None => {
                    errors.push(err(
                        at,
                        format!("`{pattern}`: unknown usage key `{k}` for {kind}"),
                        Some(crate::suggest::hint_for(&k, keys.iter().map(|x| x.name))),
                    ));
                    continue;
                }
                Some(x) if !x.priced => {
                    ignored.push(format!("{pattern}: {k}"));
                    continue;
                }
                Some(_) => {}
            }
        }
        match v {
            Tree::Number(n) if n >= Decimal::ZERO => {
                values.insert(k, Value::Number(n));
            }
            Tree::Number(n) => errors.push(err(
                at,
                format!("`{pattern}.{k}` must not be negative, found {n}"),
                None,
            )),
            Tree::Text(s) if k == "region" => {
                values.insert(k, Value::Text(s));
            }
            Tree::Text(s) => match crate::money::parse_exact(s.trim()) {
                Some(n) if n >= Decimal::ZERO => {
                    values.insert(k, Value::Number(n));
                }
                _ => errors.push(err(
                    at,
                    format!("`{pattern}.{k}` must be a number, found \"{s}\""),
                    None,
                )),
            },
            Tree::Other(what) => errors.push(err(
                at,
                format!("`{pattern}.{k}` must be a number, found {what}"),
                None,
            )),
            Tree::Map(_) => errors.push(err(at, format!("`{pattern}.{k}` nests too deep"), None)),
        }
    }
    if errors.is_empty() {
        Ok(Entry {
            pattern: pattern.to_string(),
            values,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_infracost() {
        assert!(glob("aws_nat_gateway.*", "aws_nat_gateway.this[0]"));
        assert!(glob(
            "module.app.aws_lb.this[*]",
            "module.app.aws_lb.this[1]"
        ));
        assert!(!glob("aws_nat_gateway.*", "module.x.aws_nat_gateway.a"));
        assert!(glob("*aws_nat_gateway*", "module.x.aws_nat_gateway.a"));
        assert_eq!(kind_of("module.app[\"x\"].aws_lb.this[*]"), "aws_lb");
        assert_eq!(kind_of("costplan.cloudwatch"), "costplan.cloudwatch");
    }

    #[test]
    fn yaml_and_toml_read_the_same() {
        let y = SourceFile::new(
            "u.yml",
            "version: 0.1\nresource_usage:\n  aws_nat_gateway.*:\n    monthly_data_processed_gb: 50\n  aws_nat_gateway.a:\n    monthly_data_processed_gb: 7\n  aws_s3_bucket.b:\n    standard:\n      storage_gb: 10\n  aws_db_instance.d:\n    reserved_instance_term: 1_year\nresource_type_default_usage:\n  aws_ecr_repository:\n    storage_gb: 2\n",
        );
        let t = SourceFile::new(
            "u.toml",
            "version = \"0.1\"\n[resource_usage.\"aws_nat_gateway.*\"]\nmonthly_data_processed_gb = 50\n[resource_usage.\"aws_nat_gateway.a\"]\nmonthly_data_processed_gb = 7\n[resource_usage.\"aws_s3_bucket.b\"]\nstandard = { storage_gb = 10 }\n[resource_usage.\"aws_db_instance.d\"]\nreserved_instance_term = \"1_year\"\n[resource_type_default_usage.aws_ecr_repository]\nstorage_gb = 2\n",
        );
        for u in [parse_yaml(&y).unwrap(), parse_toml(&t).unwrap()] {
            let n = |a: &str, k: &str, key: &str| u.for_resource(a, k).number(key);
            assert_eq!(
                n(
                    "aws_nat_gateway.a",
                    "aws_nat_gateway",
                    "monthly_data_processed_gb"
                ),
                Some(Decimal::from(7))
            );
            assert_eq!(
                n(
                    "aws_nat_gateway.b",
                    "aws_nat_gateway",
                    "monthly_data_processed_gb"
                ),
                Some(Decimal::from(50))
            );
            assert_eq!(
                n("aws_s3_bucket.b", "aws_s3_bucket", "standard.storage_gb"),
                Some(Decimal::from(10))
            );
            assert_eq!(
                n("aws_ecr_repository.r", "aws_ecr_repository", "storage_gb"),
                Some(Decimal::from(2))
            );
            assert_eq!(u.ignored, ["aws_db_instance.d: reserved_instance_term"]);
        }
    }

    #[test]
    fn unknown_keys_are_errors_at_their_line_with_a_suggestion() {
        let y = SourceFile::new(
            "u.yml",
            "version: 0.1\nresource_usage:\n  aws_nat_gateway.*:\n    monthly_data_procesed_gb: 50\n  aws_ecr_repository.r:\n    storage_gb: -1\n",
        );
        let e = parse_yaml(&y).unwrap_err().to_string();
        assert!(
            e.contains("u.yml:4:5") && e.contains("monthly_data_processed_gb"),
            "{e}"
        );
        assert!(e.contains("must not be negative"), "{e}");
    }
}
