//! The `[load_balancer]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// An Application Load Balancer and its traffic, averaged over the month.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerRaw {
    /// Name, unique among the load balancers; required when the topology has more than one. It addresses
    /// the load balancer in scenario paths (`load_balancer.NAME.count`), reports and diffs.
    #[serde(default)]
    pub name: Option<Located<String>>,
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

#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancer {
    /// The `name` given, if any (a single load balancer may go unnamed).
    pub name: Option<String>,
    pub count: u32,
    pub azs: u32,
    pub new_connections_per_second: Decimal,
    pub active_connections_per_minute: Decimal,
    pub processed_gb_per_hour: Decimal,
    pub rule_evaluations_per_second: Decimal,
    pub lambda_targets: bool,
}
