//! The validated topology: what the cost models read. Built only by [`validate`] from
//! [`raw::TopologyRaw`], so every value here is in range and every name resolves to a price.

pub mod assumed;
pub mod commitments;
pub mod group_amounts;
pub mod located;
pub mod paths;
pub mod raw;
pub mod schema;
pub mod validate;
pub mod workload;

use crate::model::Group;
use rust_decimal::Decimal;

pub use validate::{parse, read};

pub use crate::resource::alb::input::LoadBalancer;
pub use crate::resource::data_transfer::input::{DataTransfer, InterRegion};
pub use crate::resource::elasticache::input::Cache;
pub use crate::resource::fargate::input::{Arch, CapacityProvider, LaunchType, Os, Service};
pub use crate::resource::nat::input::Nat;
pub use crate::resource::rds::input::{Database, Deployment, ReadReplica, StorageType};
pub use crate::resource::vpc_endpoints::input::VpcEndpoints;

/// A resource of a many-of-each section (`[[database]]`), which may carry a name.
pub trait Named {
    /// The `name` given, if any.
    fn name(&self) -> Option<&str>;
    fn set_name(&mut self, name: Option<String>);
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn name(&self) -> Option<&str> {
                self.name.as_deref()
            }
            fn set_name(&mut self, name: Option<String>) {
                self.name = name;
            }
        }
    )*};
}
named!(Database, Cache, LoadBalancer);

/// The resource text of a line of a named resource: `orders: postgres db.t3.medium`, or the
/// description alone for an unnamed one (so a single unnamed resource reads as before).
pub fn named_resource(name: Option<&str>, description: impl std::fmt::Display) -> String {
    match name {
        Some(n) => format!("{n}: {description}"),
        None => description.to_string(),
    }
}

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
    /// The `[[database]]` tables, in file order.
    pub databases: Vec<Database>,
    /// The `[[cache]]` tables, in file order.
    pub caches: Vec<Cache>,
    /// The `[[load_balancer]]` tables, in file order.
    pub load_balancers: Vec<LoadBalancer>,
    pub nat: Option<Nat>,
    pub data_transfer: DataTransfer,
    /// Explicit address count; `None` = derived (NAT gateways + ALB AZs).
    pub public_ipv4_addresses: Option<u32>,
    pub vpc_endpoints: VpcEndpoints,
    pub reference: Option<Reference>,
    /// Load settings, defaults applied (`load.stated` is false without `[load]` or `[service.load]`).
    pub load: workload::Load,
    pub recovery: Option<workload::Recovery>,
    /// Ranges declared as `{ low, expected, high }`; the fields above hold the expected values.
    pub ranges: Vec<DeclaredRange>,
    pub budget: Option<Budget>,
    /// The plain usage sections (`[s3]`), by input path (see [`crate::resource::usage`]).
    pub usage: crate::resource::usage::Usage,
    /// The inputs the file marks `# [assumed]`, in file order (see [`assumed`]).
    pub assumed: Vec<crate::model::AssumedInput>,
    /// Savings Plans, discounts and credits (reservations are on their database or cache).
    pub finance: commitments::Finance,
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
            let alb = self.load_balancers.iter().fold(0u32, |n, lb| {
                n.saturating_add(lb.azs.saturating_mul(lb.count))
            });
            nat.saturating_add(alb)
        })
    }
}
