//! The public IPv4 addresses: the resource kind (section `[public_ipv4]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("public_ipv4", Group::PublicIpv4, cost::price, selectors);

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
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
