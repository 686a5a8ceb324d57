//! The `[vpc_endpoints]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VpcEndpoints {
    pub interface_endpoints: u32,
    pub azs: u32,
    pub data_processed_gb: Decimal,
}
