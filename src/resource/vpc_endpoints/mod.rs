//! The VPC interface endpoints: the resource kind (section `[vpc_endpoints]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("vpc_endpoints", Group::VpcEndpoints, cost::price, selectors);

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    b.add(
        key::VPC_ENDPOINT_AZ_HOUR,
        "VPC interface endpoint, per endpoint per AZ",
        "endpoint-AZ-hour",
        "AmazonVPC",
        Some("VpcEndpoint"),
        Some("VpcEndpoint-Hours"),
        rc,
        vec![],
    );
    b.add(
        key::VPC_ENDPOINT_GB,
        "VPC interface endpoint data processed (tiered per month)",
        "GB",
        "AmazonVPC",
        Some("VpcEndpoint"),
        Some("VpcEndpoint-Bytes"),
        rc,
        vec![],
    );
}
