//! Selectors: which products of which offer file give a price key. Explicit data, no regexes.
//!
//! A selector is either *fixed* (one key, e.g. `alb.hour`, from exactly one product) or a *key
//! template* (`rds.instance_hour.{engine}.{deployment}.{class}`): it matches a product family and
//! fixed attributes, and derives each `{part}` of the key from the product's attributes
//! ([`Part`]), so an offer file yields every engine, class or destination it holds.

#[cfg(test)]
use super::offer::Product;
use super::offer::ProductView;
use rust_decimal::Decimal;

/// How one product attribute must look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrMatch {
    /// The attribute equals the value exactly.
    Equals(&'static str, String),
    /// A usage type: the attribute equals `base`, or is `base` behind a region prefix of 2–4
    /// capital letters and an optional digit (`USE1-`, `USW2-`, `EU-`, `APN1-`). Other prefixes
    /// (`Global-`, `Regional`, `ExtendedSupport…-`) do not match.
    UsageType(String),
    /// The usage type without its region prefix fits one of these patterns (see [`fits`]).
    UsageTypeLike(&'static [&'static str]),
    /// The attribute does not contain the text (absent attributes pass).
    NotContains(&'static str, &'static str),
    /// The attribute does not start with the text (absent attributes pass).
    NotStartsWith(&'static str, &'static str),
    /// The attribute is absent or empty.
    Absent(&'static str),
}

impl AttrMatch {
    pub fn matches(&self, p: &dyn ProductView) -> bool {
        match self {
            AttrMatch::Equals(name, v) => p.attr(name) == Some(v.as_str()),
            AttrMatch::UsageType(base) => p
                .attr("usagetype")
                .is_some_and(|u| usage_type_matches(u, base)),
            AttrMatch::UsageTypeLike(patterns) => p.attr("usagetype").is_some_and(|u| {
                let stem = usage_type_stem(u);
                patterns.iter().any(|pat| fits(stem, pat))
            }),
            AttrMatch::NotContains(name, text) => !p.attr(name).is_some_and(|v| v.contains(text)),
            AttrMatch::NotStartsWith(name, text) => {
                !p.attr(name).is_some_and(|v| v.starts_with(text))
            }
            AttrMatch::Absent(name) => p.attr(name).is_none(),
        }
    }

    /// A short human form for messages, e.g. `usagetype ~ [PREFIX-]NatGateway-Hours`.
    pub fn describe(&self) -> String {
        match self {
            AttrMatch::Equals(n, v) => format!("{n} = \"{v}\""),
            AttrMatch::UsageType(b) => {
                format!("usagetype = \"{b}\" (optionally behind a region prefix)")
            }
            AttrMatch::UsageTypeLike(pats) => format!(
                "usagetype (region prefix removed) like {}",
                pats.iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            AttrMatch::NotContains(n, t) => format!("{n} without \"{t}\""),
            AttrMatch::NotStartsWith(n, t) => format!("{n} not starting \"{t}\""),
            AttrMatch::Absent(n) => format!("no {n}"),
        }
    }
}

/// `value` is `base`, or `P-base` with `P` = 2–4 ASCII capitals and an optional digit.
pub fn usage_type_matches(value: &str, base: &str) -> bool {
    if value == base {
        return true;
    }
    let Some(prefix) = value.strip_suffix(base).and_then(|p| p.strip_suffix('-')) else {
        return false;
    };
    is_region_prefix(prefix)
}

/// 2–4 ASCII capitals and an optional digit (`USE1`, `EU`, `APN1`).
fn is_region_prefix(prefix: &str) -> bool {
    let b = prefix.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &b[letters..];
    (2..=4).contains(&letters) && (rest.is_empty() || (rest.len() == 1 && rest[0].is_ascii_digit()))
}

/// The usage type without its region prefix: `EU-InstanceUsage:db.t3.micro` →
/// `InstanceUsage:db.t3.micro`; a usage type without one is returned as it is.
pub fn usage_type_stem(usage_type: &str) -> &str {
    match usage_type.split_once('-') {
        Some((prefix, rest)) if is_region_prefix(prefix) => rest,
        _ => usage_type,
    }
}

/// A pattern with at most one `*` at either end: `X*` = starts with `X`, `*X` = ends with `X`,
/// `X` = equals `X`.
pub fn fits(value: &str, pattern: &str) -> bool {
    if let Some(p) = pattern.strip_suffix('*') {
        value.starts_with(p)
    } else if let Some(p) = pattern.strip_prefix('*') {
        value.ends_with(p)
    } else {
        value == pattern
    }
}

/// The first value of `map` whose pattern fits `value`.
fn lookup(map: &[(&'static str, &'static str)], value: &str) -> Option<&'static str> {
    map.iter()
        .find(|(pat, _)| fits(value, pat))
        .map(|(_, v)| *v)
}

/// How a `{part}` of a key template is read from a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The attribute's value as written (`instanceType` `db.r6g.large`, `toRegionCode`
    /// `us-east-2`); only letters, digits, `.`, `-` and `_` (at most 64) fit.
    Attr(&'static str),
    /// The attribute's value through a table of (pattern, key word); a value no pattern fits
    /// does not fit the template.
    AttrMap(&'static str, &'static [(&'static str, &'static str)]),
    /// The usage type without its region prefix through a table of (pattern, key word).
    UsageType(&'static [(&'static str, &'static str)]),
    /// Field `n` (from 0) of the usage type without its region prefix, split at `:`, through a
    /// table of (pattern, key word).
    UsageTypeField(usize, &'static [(&'static str, &'static str)]),
}

impl Part {
    /// The key word of a product, or why it has none.
    pub fn derive<'p>(&self, p: &'p dyn ProductView) -> Result<std::borrow::Cow<'p, str>, String> {
        use std::borrow::Cow;
        match self {
            Part::Attr(name) => {
                let v = p.attr(name).ok_or_else(|| format!("no {name}"))?;
                let safe = v.len() <= 64
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
                if safe {
                    Ok(Cow::Borrowed(v))
                } else {
                    Err(format!("{name} \"{v}\" is not a key word"))
                }
            }
            Part::AttrMap(name, map) => {
                let v = p.attr(name).ok_or_else(|| format!("no {name}"))?;
                lookup(map, v)
                    .map(Cow::Borrowed)
                    .ok_or_else(|| format!("{name} \"{v}\" is not mapped"))
            }
            Part::UsageType(map) => {
                let stem = usage_type_stem(p.usage_type());
                lookup(map, stem)
                    .map(Cow::Borrowed)
                    .ok_or_else(|| format!("usagetype \"{stem}\" is not mapped"))
            }
            Part::UsageTypeField(n, map) => {
                let stem = usage_type_stem(p.usage_type());
                let field = stem.split(':').nth(*n).unwrap_or("");
                lookup(map, field).map(Cow::Borrowed).ok_or_else(|| {
                    format!("usagetype \"{stem}\" field {n} \"{field}\" is not mapped")
                })
            }
        }
    }

    /// The key words it can give: `None` when any word can (a verbatim attribute).
    pub fn words(&self) -> Option<Vec<&'static str>> {
        match self {
            Part::Attr(_) => None,
            Part::AttrMap(_, map) | Part::UsageType(map) | Part::UsageTypeField(_, map) => {
                let mut w: Vec<&'static str> = map.iter().map(|(_, v)| *v).collect();
                w.sort_unstable();
                w.dedup();
                Some(w)
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Part::Attr(n) => format!("{n} as written"),
            Part::AttrMap(n, map) => format!("{n} mapped {}", describe_map(map)),
            Part::UsageType(map) => format!("usagetype mapped {}", describe_map(map)),
            Part::UsageTypeField(i, map) => {
                format!("usagetype field {i} mapped {}", describe_map(map))
            }
        }
    }
}

fn describe_map(map: &[(&str, &str)]) -> String {
    let pairs: Vec<String> = map.iter().map(|(a, b)| format!("\"{a}\"→{b}")).collect();
    format!("({})", pairs.join(", "))
}

/// What to do when several products derive the same key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Duplicates {
    /// An ambiguity error naming every SKU.
    #[default]
    Error,
    /// Accepted when every product has the same on-demand price (AWS publishes one product per
    /// engine version for Extended Support, one per Aurora engine for Aurora storage); the key
    /// takes the product with the lowest SKU. Different prices are an ambiguity error.
    SamePrice,
}

/// A key priced per many offer units (`rds.aurora_io_request_million` from a price per I/O).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitScale {
    /// The key's unit is this many offer units.
    pub factor: u32,
    /// The offer units accepted (`None`: any); any other unit is an error naming it.
    pub offer_units: Option<&'static [&'static str]>,
}

impl UnitScale {
    /// The price per key unit from the price per offer unit `usd` in `unit`.
    pub fn apply(&self, usd: Decimal, unit: &str) -> Result<Decimal, String> {
        if let Some(units) = self.offer_units
            && !units.contains(&unit)
        {
            return Err(format!(
                "the offer prices it per `{unit}`, not one of {} (the unit this key is converted from)",
                units.join(", ")
            ));
        }
        crate::money::exact_mul(usd, Decimal::from(self.factor))
            .map(|d| d.normalize())
            .ok_or_else(|| format!("{usd} × {} is not exact", self.factor))
    }
}

/// Which products of an offer file give a price key (fixed) or a family of keys (a template),
/// plus the words the table keeps with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    /// The key, or a template with `{name}` parts (each named in `parts`).
    pub key: String,
    /// Written in the table; may use the template's `{name}` parts.
    pub description: String,
    /// The unit written in the table (the offer's own unit, e.g. `Hrs`, is not kept).
    pub unit: String,
    pub offer_code: &'static str,
    /// Required `productFamily`; `None` when the product may have none.
    pub product_family: Option<&'static str>,
    /// All must hold.
    pub attributes: Vec<AttrMatch>,
    /// The template's parts, by name; empty for a fixed key.
    pub parts: Vec<(&'static str, Part)>,
    pub duplicates: Duplicates,
    pub unit_scale: Option<UnitScale>,
}

impl Selector {
    /// True for a key template (its keys come from the products).
    pub fn is_template(&self) -> bool {
        !self.parts.is_empty()
    }

    /// Family and fixed attributes hold (the key may still not derive).
    pub fn matches(&self, p: &dyn ProductView) -> bool {
        if let Some(f) = self.product_family
            && p.product_family() != Some(f)
        {
            return false;
        }
        self.attributes.iter().all(|a| a.matches(p))
    }

    /// The key of a product that [`Selector::matches`]: the fixed key, or the template with every
    /// part derived; `Err` says which part does not fit.
    pub fn derive_key(&self, p: &dyn ProductView) -> Result<String, String> {
        if self.parts.is_empty() {
            return Ok(self.key.clone());
        }
        let mut words = Vec::with_capacity(self.parts.len());
        for (name, part) in &self.parts {
            words.push((*name, part.derive(p)?));
        }
        Ok(fill(&self.key, &words))
    }

    /// The description of a derived key (its parts filled in from the key).
    pub fn describe_key(&self, key: &str) -> String {
        match self.split_key(key) {
            Some(words) if !words.is_empty() => {
                let words: Vec<(&str, std::borrow::Cow<'_, str>)> = words
                    .into_iter()
                    .map(|(n, w)| (n, std::borrow::Cow::Owned(w)))
                    .collect();
                fill(&self.description, &words)
            }
            _ => self.description.clone(),
        }
    }

    /// True when this selector can give `key` (the fixed key, or a key the template can derive).
    pub fn could_produce(&self, key: &str) -> bool {
        self.split_key(key).is_some()
    }

    /// The parts of a key this selector gives, by name (`None` if it cannot give it).
    pub fn split_key(&self, key: &str) -> Option<Vec<(&'static str, String)>> {
        let segments = segments(&self.key);
        let mut out = Vec::new();
        if split(&segments, &self.parts, key, &mut out) {
            Some(out)
        } else {
            None
        }
    }

    /// `offer AmazonEC2, productFamily "NAT Gateway", usagetype = ...` for messages.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("offer {}", self.offer_code)];
        if let Some(f) = self.product_family {
            parts.push(format!("productFamily = \"{f}\""));
        }
        parts.extend(self.attributes.iter().map(AttrMatch::describe));
        parts.extend(
            self.parts
                .iter()
                .map(|(n, p)| format!("{{{n}}} from {}", p.describe())),
        );
        parts.join(", ")
    }
}

/// A template's text with `{name}` replaced by the words.
fn fill(template: &str, words: &[(&str, std::borrow::Cow<'_, str>)]) -> String {
    let mut out = template.to_string();
    for (name, w) in words {
        out = out.replace(&format!("{{{name}}}"), w);
    }
    out
}

enum Segment<'a> {
    Literal(&'a str),
    Part(&'a str),
}

fn segments(template: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Segment::Literal(&rest[..open]));
        }
        out.push(Segment::Part(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Segment::Literal(rest));
    }
    out
}

/// Matches `key` against the segments, trying each word a part can give (any non-empty text for
/// a verbatim attribute).
fn split(
    segs: &[Segment<'_>],
    parts: &[(&'static str, Part)],
    key: &str,
    out: &mut Vec<(&'static str, String)>,
) -> bool {
    let Some((first, rest)) = segs.split_first() else {
        return key.is_empty();
    };
    match first {
        Segment::Literal(l) => key
            .strip_prefix(l)
            .is_some_and(|k| split(rest, parts, k, out)),
        Segment::Part(name) => {
            let Some((pname, part)) = parts.iter().find(|(n, _)| n == name) else {
                return false;
            };
            let candidates: Vec<usize> = match part.words() {
                Some(words) => words
                    .iter()
                    .filter(|w| key.starts_with(**w))
                    .map(|w| w.len())
                    .collect(),
                None => (1..=key.len())
                    .filter(|i| key.is_char_boundary(*i))
                    .collect(),
            };
            for n in candidates {
                let word = &key[..n];
                if part.words().is_none()
                    && !word
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                {
                    continue;
                }
                out.push((*pname, word.to_string()));
                if split(rest, parts, &key[n..], out) {
                    return true;
                }
                out.pop();
            }
            false
        }
    }
}

/// A key the table carries but no offer file publishes (Fargate Spot prices vary and are not in
/// the AmazonECS offer file): an update keeps the existing entry as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedKey {
    pub key: String,
    pub reason: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_type_accepts_region_prefixes_only() {
        for ok in [
            "NatGateway-Hours",
            "USE1-NatGateway-Hours",
            "EU-NatGateway-Hours",
            "APN1-NatGateway-Hours",
        ] {
            assert!(usage_type_matches(ok, "NatGateway-Hours"), "{ok}");
        }
        for bad in [
            "RegionalNatGateway-Hours",
            "EU-RegionalNatGateway-Hours",
            "USE1-NatGateway-Prvd-Hours",
            "Global-DataTransfer-Out-Bytes",
            "ExtendedSupportYr1_Yr2-NodeUsage:cache.t3.micro",
            "USEAST1-NatGateway-Hours",
            "-NatGateway-Hours",
            "NatGateway-Hours-x",
        ] {
            let base = if bad.contains("DataTransfer") {
                "DataTransfer-Out-Bytes"
            } else if bad.contains("NodeUsage") {
                "NodeUsage:cache.t3.micro"
            } else {
                "NatGateway-Hours"
            };
            assert!(!usage_type_matches(bad, base), "{bad}");
        }
        // `TS-` has the shape of a region prefix: selectors exclude it explicitly.
        assert!(usage_type_matches(
            "TS-LoadBalancerUsage",
            "LoadBalancerUsage"
        ));
    }

    #[test]
    fn selector_checks_family_and_every_attribute() {
        let s = Selector {
            key: "k".into(),
            description: String::new(),
            unit: "GB".into(),
            offer_code: "AmazonEC2",
            product_family: Some("NAT Gateway"),
            attributes: vec![
                AttrMatch::UsageType("NatGateway-Hours".into()),
                AttrMatch::Equals("regionCode", "eu-west-1".into()),
                AttrMatch::NotContains("usagetype", "Outposts"),
            ],
            ..Selector::default()
        };
        let p = |fam: &str, ut: &str, region: &str| {
            Product::new(
                "X".into(),
                Some(fam.into()),
                vec![
                    ("usagetype".into(), ut.into()),
                    ("regionCode".into(), region.into()),
                ],
            )
        };
        assert!(s.matches(&p("NAT Gateway", "EU-NatGateway-Hours", "eu-west-1")));
        assert!(!s.matches(&p("NAT Gateway", "EU-NatGateway-Hours", "us-east-1")));
        assert!(!s.matches(&p("Compute", "EU-NatGateway-Hours", "eu-west-1")));
        assert!(s.describe().contains("productFamily = \"NAT Gateway\""));
    }

    #[test]
    fn a_template_derives_its_key_from_attributes_and_knows_the_keys_it_can_give() {
        const ENGINES: &[(&str, &str)] = &[("PostgreSQL", "postgres"), ("MySQL", "mysql")];
        const STEMS: &[(&str, &str)] = &[
            ("InstanceUsage:*", "standard"),
            ("InstanceUsageIOOptimized:*", "io_optimized"),
        ];
        let s = Selector {
            key: "rds.instance_hour.{engine}.{storage}.{class}".into(),
            description: "{engine} {class} ({storage})".into(),
            offer_code: "AmazonRDS",
            product_family: Some("Database Instance"),
            parts: vec![
                ("engine", Part::AttrMap("databaseEngine", ENGINES)),
                ("storage", Part::UsageType(STEMS)),
                ("class", Part::Attr("instanceType")),
            ],
            ..Selector::default()
        };
        let p = |engine: &str, ut: &str, class: &str| {
            Product::new(
                "S".into(),
                Some("Database Instance".into()),
                vec![
                    ("databaseEngine".into(), engine.into()),
                    ("usagetype".into(), ut.into()),
                    ("instanceType".into(), class.into()),
                ],
            )
        };
        assert_eq!(
            s.derive_key(&p(
                "MySQL",
                "EU-InstanceUsageIOOptimized:db.r6g.xl",
                "db.r6g.xlarge"
            )),
            Ok("rds.instance_hour.mysql.io_optimized.db.r6g.xlarge".to_string())
        );
        assert_eq!(
            s.derive_key(&p("PostgreSQL", "InstanceUsage:db.t3.micro", "db.t3.micro")),
            Ok("rds.instance_hour.postgres.standard.db.t3.micro".to_string())
        );
        let e = s.derive_key(&p("Oracle", "InstanceUsage:db.t3.micro", "db.t3.micro"));
        assert_eq!(
            e,
            Err("databaseEngine \"Oracle\" is not mapped".to_string())
        );
        assert!(
            s.derive_key(&p("MySQL", "Multi-AZUsage:db.t3.micro", "db.t3.micro"))
                .is_err()
        );
        assert!(
            s.derive_key(&p("MySQL", "InstanceUsage:x", "db t3"))
                .is_err()
        );
        assert!(s.could_produce("rds.instance_hour.postgres.standard.db.t3.micro"));
        assert!(!s.could_produce("rds.instance_hour.oracle.standard.db.t3.micro"));
        assert!(!s.could_produce("rds.instance_hour.postgres.single_az.db.t3.micro"));
        assert!(!s.could_produce("rds.instance_hour.postgres.standard."));
        assert_eq!(
            s.describe_key("rds.instance_hour.mysql.io_optimized.db.m5.large"),
            "mysql db.m5.large (io_optimized)"
        );
        assert!(s.is_template());
    }

    #[test]
    fn usage_type_stems_and_patterns() {
        assert_eq!(
            usage_type_stem("EU-InstanceUsage:db.t3.micro"),
            "InstanceUsage:db.t3.micro"
        );
        assert_eq!(
            usage_type_stem("InstanceUsage:db.t3.micro"),
            "InstanceUsage:db.t3.micro"
        );
        assert_eq!(
            usage_type_stem("ExtendedSupport:Yr1-Yr2:PostgreSQL11"),
            "ExtendedSupport:Yr1-Yr2:PostgreSQL11"
        );
        assert_eq!(
            usage_type_stem("EUC1-ASv2-ExtendedSupport:Yr3"),
            "ASv2-ExtendedSupport:Yr3"
        );
        assert!(fits("RDS:Multi-AZ-GP3-PIOPS", "*GP3-PIOPS"));
        assert!(fits("NodeUsage:cache.t3.micro", "NodeUsage:*"));
        assert!(!fits("ExtendedSupportYr1_Yr2-NodeUsage:x", "NodeUsage:*"));
        assert!(fits("Aurora:StorageUsage", "Aurora:StorageUsage"));
        assert!(!fits("Aurora:StorageUsageX", "Aurora:StorageUsage"));
    }

    #[test]
    fn unit_scale_converts_exactly_and_refuses_other_units() {
        let s = UnitScale {
            factor: 1_000_000,
            offer_units: Some(&["ECPU"]),
        };
        assert_eq!(
            s.apply("0.0000000034".parse().unwrap(), "ECPU"),
            Ok("0.0034".parse().unwrap())
        );
        let e = s
            .apply("0.0034".parse().unwrap(), "Million ECPUs")
            .unwrap_err();
        assert!(e.contains("`Million ECPUs`"), "{e}");
    }
}
