//! The validated topology: what the cost models read. Built only by [`validate`] from
//! [`raw::TopologyRaw`], so every value here is in range and every name resolves to a price.

pub mod fargate;
pub mod group_amounts;
pub mod load;
pub mod located;
pub mod paths;
pub mod raw;
pub mod schema;
pub mod validate;

use crate::model::Group;
use crate::pricing::PriceTable;
use rust_decimal::Decimal;
use std::sync::Arc;

pub use validate::{load, parse};

/// A range the topology declares for one input, e.g. `count = { low = 2, expected = 5, high = 10 }`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredRange {
    /// The input's path, as in scenario files: `service.worker.count`, `nat.data_processed_gb`.
    pub path: String,
    pub low: Decimal,
    pub expected: Decimal,
    pub high: Decimal,
    /// Whether the input is a whole number (moves in whole steps).
    pub whole: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    pub name: String,
    pub region: String,
    pub hours_per_month: Decimal,
    pub services: Vec<Service>,
    pub database: Option<Database>,
    pub cache: Option<Cache>,
    pub load_balancer: Option<LoadBalancer>,
    pub nat: Option<Nat>,
    pub data_transfer: DataTransfer,
    /// Explicit address count; `None` = derived (NAT gateways + ALB AZs).
    pub public_ipv4_addresses: Option<u32>,
    pub vpc_endpoints: VpcEndpoints,
    pub reference: Option<Reference>,
    /// Load settings, defaults applied (`load.stated` is false without `[load]` or `[service.load]`).
    pub load: load::Load,
    pub recovery: Option<load::Recovery>,
    /// Ranges declared as `{ low, expected, high }`; the fields above hold the expected values.
    pub ranges: Vec<DeclaredRange>,
    pub budget: Option<Budget>,
    /// The plain usage sections (`[s3]`), by input path (see [`crate::resource::usage`]).
    pub usage: crate::resource::usage::Usage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    X86_64,
    Arm64,
}

impl Arch {
    pub fn id(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Arm64 => "arm64",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    Windows,
}

impl Os {
    pub fn id(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Windows => "windows",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityProvider {
    OnDemand,
    Spot,
}

impl CapacityProvider {
    pub fn id(self) -> &'static str {
        match self {
            CapacityProvider::OnDemand => "on-demand",
            CapacityProvider::Spot => "spot",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub count: u32,
    pub vcpu: Decimal,
    pub memory_gb: Decimal,
    pub arch: Arch,
    pub os: Os,
    pub capacity: CapacityProvider,
    pub ephemeral_storage_gb: Decimal,
    pub hours_per_month: Decimal,
    /// `[service.load]`, `[load]` defaults applied.
    pub load: Option<load::ServiceLoad>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    SingleAz,
    MultiAz,
}

impl Deployment {
    /// The form used in the topology file.
    pub fn id(self) -> &'static str {
        match self {
            Deployment::SingleAz => "single-az",
            Deployment::MultiAz => "multi-az",
        }
    }
    /// The form used in price keys.
    pub fn key(self) -> &'static str {
        match self {
            Deployment::SingleAz => "single_az",
            Deployment::MultiAz => "multi_az",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageType {
    Gp2,
    Gp3,
    Io1,
}

impl StorageType {
    pub fn id(self) -> &'static str {
        match self {
            StorageType::Gp2 => "gp2",
            StorageType::Gp3 => "gp3",
            StorageType::Io1 => "io1",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Database {
    /// Engine as used in price keys: `postgres`.
    pub engine: String,
    pub instance_class: String,
    pub deployment: Deployment,
    pub storage_type: StorageType,
    pub storage_gb: Decimal,
    /// gp3: total provisioned IOPS (None = baseline); io1: provisioned IOPS.
    pub iops: Option<Decimal>,
    /// gp3 throughput (None = baseline).
    pub throughput_mibps: Option<Decimal>,
    pub backup_retention_days: u32,
    pub backup_storage_gb: Decimal,
    pub cpu_credits_vcpu_hours: Decimal,
    pub read_replicas: Vec<ReadReplica>,
}

/// An RDS read replica in a region of its own, priced from that region's table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReplica {
    pub region: String,
    pub instance_class: String,
    pub deployment: Deployment,
    pub storage_gb: Decimal,
    /// GB replicated per month, billed as inter-region transfer out of the primary's region.
    pub replicated_gb: Decimal,
    /// The replica region's price table (selected by `region` at validation).
    pub prices: Arc<PriceTable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cache {
    /// Engine as used in price keys: `redis` or `valkey`.
    pub engine: String,
    pub node_type: String,
    pub nodes: u32,
    pub backup_storage_gb: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancer {
    pub count: u32,
    pub azs: u32,
    pub new_connections_per_second: Decimal,
    pub active_connections_per_minute: Decimal,
    pub processed_gb_per_hour: Decimal,
    pub rule_evaluations_per_second: Decimal,
    pub lambda_targets: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Nat {
    pub gateways: u32,
    pub data_processed_gb: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataTransfer {
    pub internet_out_gb: Decimal,
    pub inter_az_gb: Decimal,
    pub inter_region_out_gb: Decimal,
    pub free_tier: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VpcEndpoints {
    pub interface_endpoints: u32,
    pub azs: u32,
    pub data_processed_gb: Decimal,
}

/// Figures a document states, for reconciliation.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub source: String,
    pub total_usd: Option<Decimal>,
    /// Stated monthly USD per cost group, in group order.
    pub groups: Vec<(Group, Decimal)>,
    /// (group, component) pairs the stated figures leave out.
    pub excludes: Vec<(Group, String)>,
}

/// Declared monthly spending limits in USD (at least one is set).
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// Limit for the whole topology.
    pub monthly_usd: Option<Decimal>,
    /// Limits per cost group, in group order.
    pub groups: Vec<(Group, Decimal)>,
}

impl Topology {
    /// Public IPv4 addresses: the explicit count, or one per NAT gateway plus one per ALB AZ.
    pub fn public_ipv4_addresses(&self) -> u32 {
        self.public_ipv4_addresses.unwrap_or_else(|| {
            let nat = self.nat.as_ref().map_or(0, |n| n.gateways);
            let alb = self
                .load_balancer
                .as_ref()
                .map_or(0, |lb| lb.azs.saturating_mul(lb.count));
            nat.saturating_add(alb)
        })
    }
}
