//! VPC interface endpoints: endpoint-AZ hours and GB processed (tiered).

use crate::error::Result;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;
use rust_decimal::Decimal;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let v = &t.vpc_endpoints;
    p.add(
        Group::VpcEndpoints,
        "interface endpoints",
        "endpoint-AZ hours",
        quantity_mul(
            "endpoint hours",
            quantity_mul(
                "endpoints",
                Decimal::from(v.interface_endpoints),
                Decimal::from(v.azs),
            )?,
            t.hours_per_month,
        )?,
        key::VPC_ENDPOINT_AZ_HOUR,
    )?;
    p.add(
        Group::VpcEndpoints,
        "interface endpoints",
        "data processed",
        v.data_processed_gb,
        key::VPC_ENDPOINT_GB,
    )
}
