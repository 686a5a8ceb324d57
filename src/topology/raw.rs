//! The topology file as written: a serde mirror of the TOML, with spans. Nothing here is
//! validated beyond its shape; `validate` turns it into a [`crate::Topology`].
//!
//! The doc comments are the reference: they become the JSON Schema's descriptions.

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
    /// CloudWatch logs, metrics, alarms and dashboards per month.
    #[serde(default)]
    pub cloudwatch: Option<Located<CloudWatchRaw>>,
    /// Secrets Manager.
    #[serde(default)]
    pub secrets_manager: Option<Located<SecretsManagerRaw>>,
    /// ECR image storage.
    #[serde(default)]
    pub ecr: Option<Located<EcrRaw>>,
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

/// CloudWatch usage per month.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloudWatchRaw {
    /// GB of logs ingested per month, Standard class. Default 0.
    #[serde(default)]
    pub logs_ingested_gb: Option<Located<Num>>,
    /// GB of logs ingested per month, Infrequent Access class. Default 0.
    #[serde(default)]
    pub logs_ingested_infrequent_access_gb: Option<Located<Num>>,
    /// GB of logs stored (average over the month). Default 0.
    #[serde(default)]
    pub logs_stored_gb: Option<Located<Num>>,
    /// GB scanned by Logs Insights queries per month. Default 0.
    #[serde(default)]
    pub logs_insights_scanned_gb: Option<Located<Num>>,
    /// Custom metrics (tiered). Whole number. Default 0.
    #[serde(default)]
    pub custom_metrics: Option<Located<Num>>,
    /// Standard-resolution alarms. Whole number. Default 0.
    #[serde(default)]
    pub alarms: Option<Located<Num>>,
    /// High-resolution alarms. Whole number. Default 0.
    #[serde(default)]
    pub high_resolution_alarms: Option<Located<Num>>,
    /// Dashboards. Whole number. Default 0.
    #[serde(default)]
    pub dashboards: Option<Located<Num>>,
    /// API requests per month (GetMetricData and others). Default 0.
    #[serde(default)]
    pub api_requests: Option<Located<Num>>,
}

/// Secrets Manager.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretsManagerRaw {
    /// Number of secrets stored. Whole number. Default 0.
    #[serde(default)]
    pub secrets: Option<Located<Num>>,
    /// API calls per month. Default 0.
    #[serde(default)]
    pub api_calls: Option<Located<Num>>,
}

/// ECR.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcrRaw {
    /// GB of images stored. Default 0.
    #[serde(default)]
    pub storage_gb: Option<Located<Num>>,
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

/// Monthly figures a source document states, per cost group, in USD.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRaw {
    /// Where the figures come from, e.g. "seed cost table".
    pub source: Located<String>,
    /// Stated total per month.
    #[serde(default)]
    pub total_usd: Option<Located<Num>>,
    /// Components inside stated groups that the document's figures leave out, written
    /// "group: component", e.g. "nat_gateway: data processed". They are reconciled as not stated.
    #[serde(default)]
    pub excludes: Vec<Located<String>>,
    /// Stated monthly USD for ECS Fargate.
    #[serde(default)]
    pub ecs_fargate: Option<Located<Num>>,
    /// Stated monthly USD for RDS.
    #[serde(default)]
    pub rds: Option<Located<Num>>,
    /// Stated monthly USD for ElastiCache.
    #[serde(default)]
    pub elasticache: Option<Located<Num>>,
    /// Stated monthly USD for the ALB.
    #[serde(default)]
    pub alb: Option<Located<Num>>,
    /// Stated monthly USD for NAT gateways.
    #[serde(default)]
    pub nat_gateway: Option<Located<Num>>,
    /// Stated monthly USD for data transfer.
    #[serde(default)]
    pub data_transfer: Option<Located<Num>>,
    /// Stated monthly USD for CloudWatch.
    #[serde(default)]
    pub cloudwatch: Option<Located<Num>>,
    /// Stated monthly USD for Secrets Manager.
    #[serde(default)]
    pub secrets_manager: Option<Located<Num>>,
    /// Stated monthly USD for ECR.
    #[serde(default)]
    pub ecr: Option<Located<Num>>,
    /// Stated monthly USD for public IPv4.
    #[serde(default)]
    pub public_ipv4: Option<Located<Num>>,
    /// Stated monthly USD for VPC endpoints.
    #[serde(default)]
    pub vpc_endpoints: Option<Located<Num>>,
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
    pub groups: Option<Located<BudgetGroupsRaw>>,
}

/// Monthly limits per cost group in USD; the keys are the group ids used in JSON and CSV.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetGroupsRaw {
    /// ECS services on Fargate.
    #[serde(default)]
    pub ecs_fargate: Option<Located<Num>>,
    /// RDS instance, storage and backups.
    #[serde(default)]
    pub rds: Option<Located<Num>>,
    /// ElastiCache nodes and backups.
    #[serde(default)]
    pub elasticache: Option<Located<Num>>,
    /// Application Load Balancer hours and LCUs.
    #[serde(default)]
    pub alb: Option<Located<Num>>,
    /// NAT gateway hours and data processed.
    #[serde(default)]
    pub nat_gateway: Option<Located<Num>>,
    /// Internet, inter-AZ and inter-region data transfer.
    #[serde(default)]
    pub data_transfer: Option<Located<Num>>,
    /// CloudWatch logs, metrics, alarms and dashboards.
    #[serde(default)]
    pub cloudwatch: Option<Located<Num>>,
    /// Secrets Manager secrets and API calls.
    #[serde(default)]
    pub secrets_manager: Option<Located<Num>>,
    /// ECR image storage.
    #[serde(default)]
    pub ecr: Option<Located<Num>>,
    /// Public IPv4 addresses.
    #[serde(default)]
    pub public_ipv4: Option<Located<Num>>,
    /// VPC interface endpoints.
    #[serde(default)]
    pub vpc_endpoints: Option<Located<Num>>,
}

impl BudgetGroupsRaw {
    /// Each group's limit as written, in group order.
    pub fn entries(&self) -> [(crate::estimate::Group, &Option<Located<Num>>); 11] {
        use crate::estimate::Group;
        [
            (Group::EcsFargate, &self.ecs_fargate),
            (Group::Rds, &self.rds),
            (Group::Elasticache, &self.elasticache),
            (Group::Alb, &self.alb),
            (Group::NatGateway, &self.nat_gateway),
            (Group::DataTransfer, &self.data_transfer),
            (Group::Cloudwatch, &self.cloudwatch),
            (Group::SecretsManager, &self.secrets_manager),
            (Group::Ecr, &self.ecr),
            (Group::PublicIpv4, &self.public_ipv4),
            (Group::VpcEndpoints, &self.vpc_endpoints),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::Group;

    /// `[budget.groups]` accepts exactly the group ids, in group order.
    #[test]
    fn budget_groups_cover_every_group_id() {
        let schema = serde_json::to_value(schemars::schema_for!(BudgetGroupsRaw)).unwrap();
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let ids: Vec<&str> = Group::ALL.iter().map(|g| g.id()).collect();
        assert_eq!(keys, ids);
        let raw: BudgetGroupsRaw = toml::from_str("rds = 1").unwrap();
        let entries = raw.entries();
        assert!(entries.iter().map(|(g, _)| *g).eq(Group::ALL));
        assert!(
            entries
                .iter()
                .all(|(g, v)| v.is_some() == (*g == Group::Rds))
        );
    }
}
