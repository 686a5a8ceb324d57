//! The topology file as written: a serde mirror of the TOML, with spans. Nothing here is
//! validated beyond its shape; `validate` turns it into a [`crate::Topology`].
//!
//! The doc comments are the reference: they become the JSON Schema's descriptions.

use super::group_amounts::GroupAmountsRaw;
use super::located::{Located, Num};
use super::workload::{LoadRaw, RecoveryRaw};
use schemars::JsonSchema;
use serde::Deserialize;

pub use crate::resource::alb::input::{LoadBalancerRaw, NlbTrafficRaw};
pub use crate::resource::data_transfer::input::{DataTransferRaw, InterRegionRaw};
pub use crate::resource::elasticache::input::CacheRaw;
pub use crate::resource::fargate::input::ServiceRaw;
pub use crate::resource::nat::input::NatRaw;
pub use crate::resource::public_ipv4::input::PublicIpv4Raw;
pub use crate::resource::rds::input::{DatabaseRaw, ReadReplicaRaw};
pub use crate::resource::vpc_endpoints::input::VpcEndpointsRaw;

/// One architecture and its monthly usage.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopologyRaw {
    /// Name of the architecture, shown in reports.
    pub name: Located<String>,
    /// AWS region code whose price table is used, e.g. "us-east-1".
    pub region: Located<String>,
    /// Hours in a billing month. Default 730 (AWS Pricing Calculator convention, 8760 / 12); 1 to 744.
    #[serde(default)]
    pub hours_per_month: Option<Located<Num>>,
    /// ECS services on AWS Fargate, one table per service.
    #[serde(default)]
    pub service: Vec<Located<ServiceRaw>>,
    /// RDS databases, one `[[database]]` table each (with a `name` when there are several).
    /// A single `[database]` table is read as one unnamed database.
    #[serde(default)]
    pub database: Vec<Located<DatabaseRaw>>,
    /// ElastiCache clusters, one `[[cache]]` table each (with a `name` when there are several).
    /// A single `[cache]` table is read as one unnamed cache.
    #[serde(default)]
    pub cache: Vec<Located<CacheRaw>>,
    /// Load balancers, one `[[load_balancer]]` table each (with a `name` when there are several):
    /// Application Load Balancers (per hour plus LCU-hours, trust stores for mutual TLS) or
    /// Network Load Balancers (per hour plus NLCU-hours per protocol). A single `[load_balancer]`
    /// table is read as one unnamed load balancer.
    #[serde(default)]
    pub load_balancer: Vec<Located<LoadBalancerRaw>>,
    /// NAT gateways.
    #[serde(default)]
    pub nat: Option<Located<NatRaw>>,
    /// Data transfer per month.
    #[serde(default)]
    pub data_transfer: Option<Located<DataTransferRaw>>,
    /// Public IPv4 addresses ($0.005 per address-hour since 2024-02-01).
    #[serde(default)]
    pub public_ipv4: Option<Located<PublicIpv4Raw>>,
    /// VPC interface endpoints (PrivateLink).
    #[serde(default)]
    pub vpc_endpoints: Option<Located<VpcEndpointsRaw>>,
    /// Figures the source document states, for reconciliation.
    #[serde(default)]
    pub reference: Option<Located<ReferenceRaw>>,
    /// Load profile: defaults for every service's `[service.load]` and load on shared components.
    #[serde(default)]
    pub load: Option<Located<LoadRaw>>,
    /// Recovery targets (RTO, RPO) checked by `costplan capacity`.
    #[serde(default)]
    pub recovery: Option<Located<RecoveryRaw>>,
    /// Monthly spending limits: for the whole topology and optionally per cost group. `costplan check` exits 1 when a limit is exceeded; `estimate` shows the headroom.
    #[serde(default)]
    pub budget: Option<Located<BudgetRaw>>,
    /// The first month of the cash-flow view of commitments and credits, "YYYY-MM": commitments are bought in it, and credits are counted from it. Default: the month of the price table's `effective_date`.
    #[serde(default)]
    pub start_month: Option<Located<String>>,
    /// Savings Plans, one `[[savings_plan]]` table each.
    #[serde(default)]
    pub savings_plan: Vec<Located<super::commitments::SavingsPlanRaw>>,
    /// Negotiated discounts: an enterprise percentage and private prices, each with its source.
    #[serde(default)]
    pub discounts: Option<Located<super::commitments::DiscountsRaw>>,
    /// Credits (promotional credits, AWS Activate), one `[[credit]]` table each.
    #[serde(default)]
    pub credit: Vec<Located<super::commitments::CreditRaw>>,
    /// Plain usage sections (`[s3]`), read through each kind's input table
    /// ([`crate::resource::usage`]) rather than serde; keyed by section.
    #[serde(skip)]
    #[schemars(skip)]
    pub usage: std::collections::BTreeMap<&'static str, Located<crate::resource::usage::UsageRaw>>,
}

/// Monthly figures a source document states, per cost group, in USD: `source`, `total_usd`,
/// `excludes`, and one amount per group id (`rds = 105.12`).
#[derive(Debug, Clone, Default)]
pub struct ReferenceRaw {
    /// Where the figures come from, e.g. "seed cost table".
    pub source: Located<String>,
    /// Stated total per month.
    pub total_usd: Option<Located<Num>>,
    /// Components inside stated groups that the document's figures leave out, written
    /// "group: component", e.g. "nat_gateway: data processed". They are reconciled as not stated.
    pub excludes: Vec<Located<String>>,
    /// Stated monthly USD per group id, as written (validation checks the ids).
    pub groups: GroupAmountsRaw,
}

impl<'de> Deserialize<'de> for ReferenceRaw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ReferenceRaw;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a `[reference]` table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ReferenceRaw, A::Error> {
                let mut source = None;
                let mut r = ReferenceRaw::default();
                while let Some(key) = map.next_key::<Located<String>>()? {
                    match key.get().as_str() {
                        "source" => source = Some(map.next_value()?),
                        "total_usd" => r.total_usd = Some(map.next_value()?),
                        "excludes" => r.excludes = map.next_value()?,
                        _ => r.groups.0.push((key, map.next_value()?)),
                    }
                }
                r.source = source.ok_or_else(|| A::Error::missing_field("source"))?;
                Ok(r)
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for ReferenceRaw {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReferenceRaw".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut properties = super::group_amounts::group_properties(generator, |g| {
            format!("Stated monthly USD for {}", g.description())
        });
        properties.insert(
            "source".into(),
            serde_json::json!({ "description": "Where the figures come from, e.g. \"seed cost table\".", "type": "string" }),
        );
        let mut total = generator.subschema_for::<Num>().to_value();
        if let Some(o) = total.as_object_mut() {
            o.insert("description".into(), "Stated total per month.".into());
        }
        properties.insert("total_usd".into(), total);
        properties.insert(
            "excludes".into(),
            serde_json::json!({
                "description": "Components inside stated groups that the document's figures leave out, written \"group: component\", e.g. \"nat_gateway: data processed\". They are reconciled as not stated.",
                "type": "array",
                "items": { "type": "string" },
            }),
        );
        schemars::Schema::try_from(serde_json::json!({
            "description": "Monthly figures a source document states, per cost group (keys are the group ids), in USD.",
            "type": "object",
            "properties": properties,
            "required": ["source"],
            "additionalProperties": false,
        }))
        .unwrap_or_default()
    }
}

/// Monthly spending limits in USD. Declare at least one: `monthly_usd`, or a limit in `[budget.groups]`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetRaw {
    /// Limit for the whole topology per month in USD, e.g. 450. 0 to 1,000,000,000.
    #[serde(default)]
    pub monthly_usd: Option<Located<Num>>,
    /// Limits per cost group per month in USD, keyed by group id, e.g. `rds = 150`.
    #[serde(default)]
    pub groups: Option<Located<GroupAmountsRaw>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Group;

    /// `[budget.groups]` and `[reference]` accept exactly the group ids, from the one list.
    #[test]
    fn group_keys_come_from_the_group_list() {
        let ids: Vec<&str> = Group::ALL.iter().map(|g| g.id()).collect();
        let schema = serde_json::to_value(schemars::schema_for!(BudgetRaw)).unwrap();
        let defs = &schema["$defs"]["BudgetGroups"]["properties"];
        let keys: Vec<&str> = defs
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted_ids = ids.clone();
        sorted_ids.sort_unstable();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        assert_eq!(sorted_keys, sorted_ids);
        let r: ReferenceRaw = toml::from_str("source = \"doc\"\nrds = 1\ns3 = 2").unwrap();
        let written: Vec<&str> = r.groups.0.iter().map(|(k, _)| k.get().as_str()).collect();
        assert_eq!(written, ["rds", "s3"]);
    }
}
