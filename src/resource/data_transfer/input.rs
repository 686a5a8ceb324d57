//! The `[data_transfer]` input as written (with spans, read by serde; its doc comments
//! are the JSON Schema's descriptions) and as validated (what the cost model reads).

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataTransfer {
    pub internet_out_gb: Decimal,
    pub inter_az_gb: Decimal,
    pub inter_region_out_gb: Decimal,
    pub free_tier: bool,
}
