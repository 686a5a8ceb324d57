//! The `[nat]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// NAT gateways.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NatRaw {
    /// Number of NAT gateways (one per AZ for resilience). Whole number.
    pub gateways: Located<Num>,
    /// GB processed by all gateways per month. Default 0.
    #[serde(default)]
    pub data_processed_gb: Option<Located<Num>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Nat {
    pub gateways: u32,
    pub data_processed_gb: Decimal,
}
