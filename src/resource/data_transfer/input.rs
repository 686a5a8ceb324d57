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
    /// Transfer out to other AWS regions per month, one entry per destination, each priced at this
    /// region's rate to that destination (us-east-1 → us-east-2 costs less than → eu-west-1):
    /// `inter_region = [{ to_region = "us-east-2", gb = 500 }]`. Default none.
    #[serde(default)]
    pub inter_region: Vec<Located<InterRegionRaw>>,
    /// Deprecated: GB out to other AWS regions per month, destination unstated. Priced as transfer
    /// to the representative destination docs/pricing.md names (us-west-2 from us-east-1 and
    /// us-west-1, us-west-1 from elsewhere), with a warning showing the `inter_region` rewrite.
    /// Default 0.
    #[serde(default)]
    pub inter_region_out_gb: Option<Located<Num>>,
    /// Apply AWS's free internet allowance (100 GB/month, account-wide) to this estimate. Default false.
    #[serde(default)]
    pub free_tier: Option<Located<bool>>,
}

/// One destination of inter-region transfer.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterRegionRaw {
    /// The destination region code, e.g. "us-east-2" (a current commercial region, not this one).
    pub to_region: Located<String>,
    /// GB out to that region per month.
    pub gb: Located<Num>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataTransfer {
    pub internet_out_gb: Decimal,
    pub inter_az_gb: Decimal,
    /// Transfer out to other regions, by destination (each destination once, in file order).
    pub inter_region: Vec<InterRegion>,
    /// The deprecated destination-less form, priced at [`representative_destination`].
    pub inter_region_out_gb: Decimal,
    pub free_tier: bool,
}

/// GB per month out to one other region.
#[derive(Debug, Clone, PartialEq)]
pub struct InterRegion {
    pub to_region: String,
    pub gb: Decimal,
}

/// The destination the deprecated `inter_region_out_gb` is priced at, for a source region: the
/// one infracost prices "outbound data transfer to other regions" at (infracost/infracost
/// internal/resources/aws/data_transfer.go, commit 0ee89cff8): us-west-2 from us-east-1 and
/// us-west-1, us-west-1 from every other region. Never a same-region pair.
pub fn representative_destination(source_region: &str) -> &'static str {
    match source_region {
        "us-east-1" | "us-west-1" => "us-west-2",
        _ => "us-west-1",
    }
}
