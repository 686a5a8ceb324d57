//! The `[public_ipv4]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use schemars::JsonSchema;
use serde::Deserialize;

/// Public IPv4 addresses.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicIpv4Raw {
    /// Public IPv4 addresses in use or idle. Default: one per NAT gateway plus one per ALB AZ.
    #[serde(default)]
    pub addresses: Option<Located<Num>>,
}
