//! NAT gateways: gateway hours and GB processed.

use crate::error::Result;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;
use rust_decimal::Decimal;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let Some(nat) = &t.nat else {
        return Ok(());
    };
    p.add(
        Group::NatGateway,
        "nat gateway",
        "gateway hours",
        quantity_mul(
            "gateway hours",
            Decimal::from(nat.gateways),
            t.hours_per_month,
        )?,
        key::NAT_GATEWAY_HOUR,
    )?;
    p.add(
        Group::NatGateway,
        "nat gateway",
        "data processed",
        nat.data_processed_gb,
        key::NAT_DATA_PROCESSED,
    )
}
