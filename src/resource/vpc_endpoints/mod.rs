//! The VPC interface endpoints: the resource kind (section `[vpc_endpoints]`), its import selectors, and its cost
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

/// The VPC interface endpoints.
pub struct VpcEndpoints;

impl ResourceKind for VpcEndpoints {
    fn section(&self) -> &'static str {
        "vpc_endpoints"
    }

    fn group(&self) -> Group {
        Group::VpcEndpoints
    }

    fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()> {
        cost::price(t, p)
    }

    fn selectors(&self, b: &mut RuleBuilder) {
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
}
