//! The Application Load Balancers: the resource kind (section `[load_balancer]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

use super::ResourceKind;
use crate::error::Result;
use crate::estimate::Pricer;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::import::selector::AttrMatch;
use crate::pricing::key;
use crate::topology::Topology;

/// The Application Load Balancers.
pub struct Alb;

impl ResourceKind for Alb {
    fn section(&self) -> &'static str {
        "load_balancer"
    }

    fn group(&self) -> Group {
        Group::Alb
    }

    fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()> {
        cost::price(t, p)
    }

    fn selectors(&self, b: &mut RuleBuilder) {
        let rc = Some("regionCode");
        // Application Load Balancer.
        let alb_guard = || {
            vec![
                eq("locationType", "AWS Region"),
                AttrMatch::NotStartsWith("usagetype", "TS-"),
                AttrMatch::NotContains("usagetype", "Outposts"),
            ]
        };
        b.add(
            key::ALB_HOUR,
            "Application Load Balancer hour",
            "ALB-hour",
            "AWSELB",
            Some("Load Balancer-Application"),
            Some("LoadBalancerUsage"),
            rc,
            alb_guard(),
        );
        b.add(
            key::ALB_LCU_HOUR,
            "Application Load Balancer capacity unit hour",
            "LCU-hour",
            "AWSELB",
            Some("Load Balancer-Application"),
            Some("LCUUsage"),
            rc,
            alb_guard(),
        );
    }
}
