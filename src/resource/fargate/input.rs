//! The `[[service]]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use crate::topology::workload::{self, ServiceLoadRaw};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// An ECS service on Fargate.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceRaw {
    /// Service name (letters, digits, `-`, `_`), unique in the topology.
    pub name: Located<String>,
    /// Number of running tasks (desired count). Whole number.
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
    /// Launch type: "fargate" (default) or "ec2": tasks on EC2 container instances, whose cost is the
    /// instances' and is not priced with the service (the estimate says so). `vcpu` and `memory_gb`
    /// then need not be a Fargate size.
    #[serde(default)]
    pub launch_type: Option<Located<String>>,
    /// Ephemeral storage per task in GB: 20 (default, included); beyond 20 GB is billed.
    #[serde(default)]
    pub ephemeral_storage_gb: Option<Located<Num>>,
    /// Hours per month each task runs. Default: the topology's `hours_per_month`.
    #[serde(default)]
    pub hours_per_month: Option<Located<Num>>,
    /// Load on this service, for `costplan capacity`.
    #[serde(default)]
    pub load: Option<Located<ServiceLoadRaw>>,
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
    pub launch_type: LaunchType,
    pub ephemeral_storage_gb: Decimal,
    pub hours_per_month: Decimal,
    /// `[service.load]`, `[load]` defaults applied.
    pub load: Option<workload::ServiceLoad>,
}

/// Where an ECS service's tasks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchType {
    /// On AWS Fargate, priced per vCPU-hour and GB-hour.
    Fargate,
    /// On EC2 container instances: the instances carry the cost.
    Ec2,
}

impl LaunchType {
    pub fn id(self) -> &'static str {
        match self {
            LaunchType::Fargate => "fargate",
            LaunchType::Ec2 => "ec2",
        }
    }
}
