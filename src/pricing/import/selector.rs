//! Selectors: which product of which offer file gives a price key. Explicit data, no regexes.

#[cfg(test)]
use super::offer::Product;
use super::offer::ProductView;

/// How one product attribute must look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrMatch {
    /// The attribute equals the value exactly.
    Equals(&'static str, String),
    /// A usage type: the attribute equals `base`, or is `base` behind a region prefix of 2–4
    /// capital letters and an optional digit (`USE1-`, `USW2-`, `EU-`, `APN1-`). Other prefixes
    /// (`Global-`, `Regional`, `ExtendedSupport…-`) do not match.
    UsageType(String),
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
    let b = prefix.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &b[letters..];
    (2..=4).contains(&letters) && (rest.is_empty() || (rest.len() == 1 && rest[0].is_ascii_digit()))
}

/// Which product and price of an offer file a price key comes from, plus the words the table
/// keeps with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub key: String,
    pub description: String,
    /// The unit written in the table (the offer's own unit, e.g. `Hrs`, is not kept).
    pub unit: String,
    pub offer_code: &'static str,
    /// Required `productFamily`; `None` when the product may have none.
    pub product_family: Option<&'static str>,
    /// All must hold.
    pub attributes: Vec<AttrMatch>,
}

impl Selector {
    pub fn matches(&self, p: &dyn ProductView) -> bool {
        if let Some(f) = self.product_family
            && p.product_family() != Some(f)
        {
            return false;
        }
        self.attributes.iter().all(|a| a.matches(p))
    }

    /// `offer AmazonEC2, productFamily "NAT Gateway", usagetype = ...` for messages.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("offer {}", self.offer_code)];
        if let Some(f) = self.product_family {
            parts.push(format!("productFamily = \"{f}\""));
        }
        parts.extend(self.attributes.iter().map(AttrMatch::describe));
        parts.join(", ")
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
}
