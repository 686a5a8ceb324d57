//! The `[load_balancer]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// An Elastic Load Balancing load balancer (Application or Network) and its traffic, averaged
/// over the month.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerRaw {
    /// Name, unique among the load balancers; required when the topology has more than one. It addresses
    /// the load balancer in scenario paths (`load_balancer.NAME.count`), reports and diffs.
    #[serde(default)]
    pub name: Option<Located<String>>,
    /// `"application"` (an ALB, billed in LCUs; the default) or `"network"` (an NLB, billed in
    /// NLCUs per protocol: give its traffic in `[load_balancer.tcp]`, `.udp` and `.tls`).
    #[serde(default, rename = "type")]
    pub lb_type: Option<Located<String>>,
    /// Number of load balancers. Default 1.
    #[serde(default)]
    pub count: Option<Located<Num>>,
    /// Availability zones the load balancer spans (2 or more for an ALB); each uses one public IPv4 address. Default 2.
    #[serde(default)]
    pub azs: Option<Located<Num>>,
    /// ALB: new connections per second (an LCU covers 25). Default 0.
    #[serde(default)]
    pub new_connections_per_second: Option<Located<Num>>,
    /// ALB: active connections per minute (an LCU covers 3,000, or 1,500 with mutual TLS). Default 0.
    #[serde(default)]
    pub active_connections_per_minute: Option<Located<Num>>,
    /// ALB: GB processed per hour (an LCU covers 1 GB, or 0.4 GB for Lambda targets). Default 0.
    #[serde(default)]
    pub processed_gb_per_hour: Option<Located<Num>>,
    /// ALB: billable rule evaluations per second: request rate × (rules processed − 10 free). An LCU covers 1,000. Default 0.
    #[serde(default)]
    pub rule_evaluations_per_second: Option<Located<Num>>,
    /// ALB: whether the targets are Lambda functions (changes the processed-bytes LCU dimension). Default false.
    #[serde(default)]
    pub lambda_targets: Option<Located<bool>>,
    /// ALB: trust stores used by mutual TLS listeners, each billed per trust-store-hour. Default 0.
    #[serde(default)]
    pub trust_stores: Option<Located<Num>>,
    /// ALB: whether listeners use mutual TLS (an LCU then covers 1,500 active connections per minute instead of 3,000). Default: true when `trust_stores` is above 0.
    #[serde(default)]
    pub mutual_tls: Option<Located<bool>>,
    /// NLB: TCP traffic (an NLCU covers 800 new connections per second, 100,000 active connections, 1 GB per hour).
    #[serde(default)]
    pub tcp: Option<Located<NlbTrafficRaw>>,
    /// NLB: UDP traffic (an NLCU covers 400 new flows per second, 50,000 active flows, 1 GB per hour).
    #[serde(default)]
    pub udp: Option<Located<NlbTrafficRaw>>,
    /// NLB: TLS traffic (an NLCU covers 50 new connections per second, 3,000 active connections, 1 GB per hour).
    #[serde(default)]
    pub tls: Option<Located<NlbTrafficRaw>>,
}

/// A Network Load Balancer's traffic of one protocol, averaged over the month.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NlbTrafficRaw {
    /// New connections (TCP, TLS) or flows (UDP) per second. Default 0.
    #[serde(default)]
    pub new_flows_per_second: Option<Located<Num>>,
    /// Active connections or flows, sampled per minute. Default 0.
    #[serde(default)]
    pub active_flows: Option<Located<Num>>,
    /// GB processed per hour. Default 0.
    #[serde(default)]
    pub processed_gb_per_hour: Option<Located<Num>>,
}

/// Which kind of load balancer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LbType {
    /// Application Load Balancer (layer 7), billed in LCUs.
    #[default]
    Application,
    /// Network Load Balancer (layer 4), billed in NLCUs per protocol.
    Network,
}

impl LbType {
    /// The value written in the topology.
    pub fn id(self) -> &'static str {
        match self {
            LbType::Application => "application",
            LbType::Network => "network",
        }
    }
}

/// A Network Load Balancer's traffic of one protocol.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NlbTraffic {
    pub new_flows_per_second: Decimal,
    pub active_flows: Decimal,
    pub processed_gb_per_hour: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancer {
    /// The `name` given, if any (a single load balancer may go unnamed).
    pub name: Option<String>,
    pub lb_type: LbType,
    pub count: u32,
    pub azs: u32,
    pub new_connections_per_second: Decimal,
    pub active_connections_per_minute: Decimal,
    pub processed_gb_per_hour: Decimal,
    pub rule_evaluations_per_second: Decimal,
    pub lambda_targets: bool,
    /// ALB trust stores used by mutual TLS.
    pub trust_stores: u32,
    /// ALB listeners use mutual TLS.
    pub mutual_tls: bool,
    /// NLB traffic per protocol.
    pub tcp: NlbTraffic,
    pub udp: NlbTraffic,
    pub tls: NlbTraffic,
}

impl LoadBalancer {
    /// An Application Load Balancer with no traffic, in `azs` zones.
    pub fn application(azs: u32) -> LoadBalancer {
        LoadBalancer {
            name: None,
            lb_type: LbType::Application,
            count: 1,
            azs,
            new_connections_per_second: Decimal::ZERO,
            active_connections_per_minute: Decimal::ZERO,
            processed_gb_per_hour: Decimal::ZERO,
            rule_evaluations_per_second: Decimal::ZERO,
            lambda_targets: false,
            trust_stores: 0,
            mutual_tls: false,
            tcp: NlbTraffic::default(),
            udp: NlbTraffic::default(),
            tls: NlbTraffic::default(),
        }
    }
}
