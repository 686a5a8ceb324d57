//! The NAT gateways: the resource kind (section `[nat]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::selector::AttrMatch;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("nat", Group::NatGateway, cost::price, selectors);

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    // NAT gateway (AmazonEC2): not the regional NAT gateway, provisioned or Outposts SKUs.
    let nat_guard = || {
        vec![
            AttrMatch::NotContains("usagetype", "Regional"),
            AttrMatch::NotContains("usagetype", "Prvd"),
            AttrMatch::NotContains("usagetype", "Outposts"),
        ]
    };
    b.add(
        key::NAT_GATEWAY_HOUR,
        "NAT gateway hour",
        "gateway-hour",
        "AmazonEC2",
        Some("NAT Gateway"),
        Some("NatGateway-Hours"),
        rc,
        nat_guard(),
    );
    b.add(
        key::NAT_DATA_PROCESSED,
        "NAT gateway data processed",
        "GB",
        "AmazonEC2",
        Some("NAT Gateway"),
        Some("NatGateway-Bytes"),
        rc,
        nat_guard(),
    );
}
