//! Data transfer: internet out (tiered, with the optional free allowance), inter-AZ both ways, and
//! inter-region out priced per destination at the source region's rate.

use super::input::{DataTransfer, representative_destination};
use crate::error::Result;
use crate::estimate::{Group, Pricer};
use crate::pricing::{Rate, key};
use crate::topology::Topology;
use rust_decimal::Decimal;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    price_one(&t.data_transfer, &t.region, p)
}

/// The lines of one `[data_transfer]` table whose traffic leaves `region`.
pub fn price_one(dt: &DataTransfer, region: &str, p: &mut Pricer) -> Result<()> {
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
    for d in &dt.inter_region {
        p.add(
            Group::DataTransfer,
            "inter-region",
            format_args!("out to {}", d.to_region),
            d.gb,
            &key::inter_region_out_gb(&d.to_region),
        )?;
    }
    // The deprecated destination-less form: priced at the representative destination (a warning
    // shows the rewrite).
    let to = representative_destination(region);
    p.add(
        Group::DataTransfer,
        "inter-region",
        format_args!("out, destination not stated (priced as to {to})"),
        dt.inter_region_out_gb,
        &key::inter_region_out_gb(to),
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
