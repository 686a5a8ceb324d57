//! The topology file as written: a serde mirror of the TOML, with spans. Nothing here is
//! validated beyond its shape; `validate` turns it into a [`crate::Topology`].
//!
//! The doc comments are the reference: they become the JSON Schema's descriptions.

use super::group_amounts::GroupAmountsRaw;
use super::load::{LoadRaw, RecoveryRaw, ServiceLoadRaw};
use super::located::{Located, Num};
use schemars::JsonSchema;
use serde::Deserialize;

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
    /// RDS database instance.
    #[serde(default)]
    pub database: Option<Located<DatabaseRaw>>,
    /// ElastiCache cluster.
    #[serde(default)]
    pub cache: Option<Located<CacheRaw>>,
    /// Application Load Balancer, billed per hour plus LCU-hours.
    #[serde(default)]
    pub load_balancer: Option<Located<LoadBalancerRaw>>,
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
    /// Plain usage sections (`[s3]`), read through each kind's input table
    /// ([`crate::resource::usage`]) rather than serde; keyed by section.
    #[serde(skip)]
    #[schemars(skip)]
    pub usage: std::collections::BTreeMap<&'static str, Located<crate::resource::usage::UsageRaw>>,
}

/// An ECS service on Fargate.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceRaw {
    /// Service name (letters, digits, `-`, `_`), unique in the topology.
    pub name: Located<String>,
    /// Number of running tasks (desired count). Whole number, 0 to 10000.
    pub count: Located<Num>,
    /// vCPU per task: 0.25, 0.5, 1, 2, 4, 8 or 16 (ECS CPU units / 1024).
    pub vcpu: Located<Num>,
    /// Memory per task in GB; must be a valid Fargate size for the vCPU.
    pub memory_gb: Located<Num>,
    /// CPU architecture: "x86_64" (default) or "arm64" (Graviton).
    #[serde(default)]
    pub arch: Option<Located<String>>,
    /// Operating system: "linux" (default) or "windows".
    #[serde(default)]
    pub os: Option<Located<String>>,
    /// Capacity provider: "on-demand" (default) or "spot" (Fargate Spot, Linux only).
    #[serde(default)]
    pub capacity: Option<Located<String>>,
    /// Ephemeral storage per task in GB: 20 (default, included) to 200; beyond 20 GB is billed.
    #[serde(default)]
    pub ephemeral_storage_gb: Option<Located<Num>>,
    /// Hours per month each task runs. Default: the topology's `hours_per_month`.
    #[serde(default)]
    pub hours_per_month: Option<Located<Num>>,
    /// Load on this service, for `costplan capacity`.
    #[serde(default)]
    pub load: Option<Located<ServiceLoadRaw>>,
}

/// An RDS database instance.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatabaseRaw {
    /// Database engine: "postgres".
    pub engine: Located<String>,
    /// Instance class, e.g. "db.t3.medium"; must be in the region's price table.
    pub instance_class: Located<String>,
    /// "single-az" or "multi-az" (primary + synchronous standby, billed twice). Default "single-az".
    #[serde(default)]
    pub deployment: Option<Located<String>>,
    /// Storage type: "gp2", "gp3" or "io1". Default "gp2".
    #[serde(default)]
    pub storage_type: Option<Located<String>>,
    /// Allocated storage in GB: 20 to 65536 (io1: 100 to 65536).
    pub storage_gb: Located<Num>,
    /// Provisioned IOPS: gp3 total IOPS (above the included 3,000, or 12,000 from 400 GB, is billed), or io1 IOPS (required, 1,000 to 256,000).
    #[serde(default)]
    pub iops: Option<Located<Num>>,
    /// gp3 throughput in MiB/s (above the included 125, or 500 from 400 GB, is billed).
    #[serde(default)]
    pub throughput_mibps: Option<Located<Num>>,
    /// Automated backup retention in days, 0 to 35. Default 7. Informational for cost; backup storage is `backup_storage_gb`.
    #[serde(default)]
    pub backup_retention_days: Option<Located<Num>>,
    /// Backup storage in GB beyond the free allowance (which equals the provisioned storage). Default 0.
    #[serde(default)]
    pub backup_storage_gb: Option<Located<Num>>,
    /// Surplus CPU credits of a burstable (T) class in vCPU-hours per month. Default 0.
    #[serde(default)]
    pub cpu_credits_vcpu_hours: Option<Located<Num>>,
    /// Read replicas, e.g. a cross-region replica for disaster recovery: `[[database.read_replica]]`.
    #[serde(default)]
    pub read_replica: Vec<Located<ReadReplicaRaw>>,
}

/// An RDS read replica, priced from the price table of its own region.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadReplicaRaw {
    /// AWS region of the replica, e.g. "us-west-2"; selects the price table (it must exist).
    pub region: Located<String>,
    /// Instance class. Default: the primary's.
    #[serde(default)]
    pub instance_class: Option<Located<String>>,
    /// "single-az" (default) or "multi-az".
    #[serde(default)]
    pub deployment: Option<Located<String>>,
    /// Storage in GB. Default: the primary's allocated storage.
    #[serde(default)]
    pub storage_gb: Option<Located<Num>>,
    /// GB replicated to the replica per month (WAL stream), billed as inter-region transfer out of the primary's region. Default 0.
    #[serde(default)]
    pub replicated_gb: Option<Located<Num>>,
}

/// An ElastiCache cluster of identical nodes.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheRaw {
    /// "redis" (Redis OSS) or "valkey".
    pub engine: Located<String>,
    /// Node type, e.g. "cache.t3.micro"; must be in the region's price table.
    pub node_type: Located<String>,
    /// Number of nodes (primaries and replicas). Whole number, 0 to 500.
    pub nodes: Located<Num>,
    /// Backup storage in GB beyond the free snapshot. Default 0.
    #[serde(default)]
    pub backup_storage_gb: Option<Located<Num>>,
}

/// An Application Load Balancer and its traffic, averaged over the month.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerRaw {
    /// Number of load balancers. Default 1.
    #[serde(default)]
    pub count: Option<Located<Num>>,
    /// Availability zones the ALB spans (2 or more); each uses one public IPv4 address. Default 2.
    #[serde(default)]
    pub azs: Option<Located<Num>>,
    /// New connections per second (an LCU covers 25). Default 0.
    #[serde(default)]
    pub new_connections_per_second: Option<Located<Num>>,
    /// Active connections per minute (an LCU covers 3,000). Default 0.
    #[serde(default)]
    pub active_connections_per_minute: Option<Located<Num>>,
    /// GB processed per hour (an LCU covers 1 GB, or 0.4 GB for Lambda targets). Default 0.
    #[serde(default)]
    pub processed_gb_per_hour: Option<Located<Num>>,
    /// Billable rule evaluations per second: request rate × (rules processed − 10 free). An LCU covers 1,000. Default 0.
    #[serde(default)]
    pub rule_evaluations_per_second: Option<Located<Num>>,
    /// Whether the targets are Lambda functions (changes the processed-bytes LCU dimension). Default false.
    #[serde(default)]
    pub lambda_targets: Option<Located<bool>>,
}

/// NAT gateways.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NatRaw {
    /// Number of NAT gateways (one per AZ for resilience). Whole number, 0 to 100.
    pub gateways: Located<Num>,
    /// GB processed by all gateways per month. Default 0.
    #[serde(default)]
    pub data_processed_gb: Option<Located<Num>>,
}

/// Data transfer per month.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataTransferRaw {
    /// GB out to the internet per month (tiered). Default 0.
    #[serde(default)]
    pub internet_out_gb: Option<Located<Num>>,
    /// GB crossing availability zones per month; charged once out and once in. Default 0.
    #[serde(default)]
    pub inter_az_gb: Option<Located<Num>>,
    /// GB out to other AWS regions per month. Default 0.
    #[serde(default)]
    pub inter_region_out_gb: Option<Located<Num>>,
    /// Apply AWS's free internet allowance (100 GB/month, account-wide) to this estimate. Default false.
    #[serde(default)]
    pub free_tier: Option<Located<bool>>,
}

/// Public IPv4 addresses.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicIpv4Raw {
    /// Public IPv4 addresses in use or idle. Default: one per NAT gateway plus one per ALB AZ.
    #[serde(default)]
    pub addresses: Option<Located<Num>>,
}

/// VPC interface endpoints.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VpcEndpointsRaw {
    /// Number of interface endpoints (e.g. ECR API, ECR DKR, Logs, Secrets Manager). Default 0.
    #[serde(default)]
    pub interface_endpoints: Option<Located<Num>>,
    /// AZs each endpoint is deployed in (billed per endpoint per AZ). Default 2.
    #[serde(default)]
    pub azs: Option<Located<Num>>,
    /// GB processed by the endpoints per month (tiered). Default 0.
    #[serde(default)]
    pub data_processed_gb: Option<Located<Num>>,
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
