//! The public IPv4 addresses: the resource kind (section `[public_ipv4]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

use super::ResourceKind;
use crate::error::Result;
use crate::estimate::Pricer;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::key;
use crate::topology::Topology;

/// The public IPv4 addresses.
pub struct PublicIpv4;

impl ResourceKind for PublicIpv4 {
    fn section(&self) -> &'static str {
        "public_ipv4"
    }

    fn group(&self) -> Group {
        Group::PublicIpv4
    }

    fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()> {
        cost::price(t, p)
    }

    fn selectors(&self, b: &mut RuleBuilder) {
        let rc = Some("regionCode");
        b.add(
            key::PUBLIC_IPV4_HOUR,
            "Public IPv4 address, in use or idle (since 2024-02-01)",
            "IP-hour",
            "AmazonVPC",
            None,
            Some("PublicIPv4:InUseAddress"),
            rc,
            vec![],
        );
    }
}
