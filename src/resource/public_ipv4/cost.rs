//! Public IPv4 addresses, charged per address-hour in use or idle since 2024-02-01.

use crate::error::Result;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;
use rust_decimal::Decimal;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let addresses = t.public_ipv4_addresses();
    let component = if t.public_ipv4_addresses.is_some() {
        "address hours"
    } else {
        "address hours (one address per NAT gateway and per ALB AZ)"
    };
    p.add(
        Group::PublicIpv4,
        "public IPv4",
        component,
        quantity_mul("address hours", Decimal::from(addresses), t.hours_per_month)?,
        key::PUBLIC_IPV4_HOUR,
    )
}
