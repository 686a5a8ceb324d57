//! Data transfer: internet out (tiered, with the optional free allowance), inter-AZ both ways, inter-region out.

use crate::error::Result;
use crate::estimate::{Group, Pricer};
use crate::pricing::{Rate, key};
use crate::topology::Topology;
use rust_decimal::Decimal;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let dt = &t.data_transfer;
    let mut internet = dt.internet_out_gb;
    if dt.free_tier && !internet.is_zero() {
        let allowance = free_allowance_gb(p)?;
        let free = internet.min(allowance);
        p.add(
            Group::DataTransfer,
            "internet",
            "out, free allowance",
            free,
            key::INTERNET_OUT_FREE,
        )?;
        internet -= free;
    }
    p.add(
        Group::DataTransfer,
        "internet",
        "out",
        internet,
        key::INTERNET_OUT,
    )?;
    p.add(
        Group::DataTransfer,
        "inter-AZ",
        "out",
        dt.inter_az_gb,
        key::INTER_AZ,
    )?;
    p.add(
        Group::DataTransfer,
        "inter-AZ",
        "in",
        dt.inter_az_gb,
        key::INTER_AZ,
    )?;
    p.add(
        Group::DataTransfer,
        "inter-region",
        "out",
        dt.inter_region_out_gb,
        key::INTER_REGION_OUT,
    )
}

/// The size of the free allowance: the end of the free price's last tier.
fn free_allowance_gb(p: &Pricer) -> Result<Decimal> {
    let price = p.table().get(key::INTERNET_OUT_FREE)?;
    match &price.rate {
        Rate::Tiered(tiers) => Ok(tiers.last().and_then(|t| t.to).unwrap_or(Decimal::MAX)),
        Rate::Flat(_) => Ok(Decimal::MAX),
    }
}
