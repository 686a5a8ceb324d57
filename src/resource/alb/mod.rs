//! The load balancers, Application and Network: the resource kind (section `[load_balancer]`),
//! its import selectors, and its cost model in [`cost`] (NLCUs in [`nlcu`]).

pub mod cost;
pub mod input;
pub mod nlcu;
#[cfg(test)]
mod tests;
mod validate;

use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::import::selector::AttrMatch;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("load_balancer", Group::Alb, cost::price, selectors);

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
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
    b.add(
        cost::ALB_TRUST_STORE_HOUR,
        "Application Load Balancer trust store hour (mutual TLS)",
        "trust-store-hour",
        "AWSELB",
        Some("Load Balancer-Application"),
        Some("TS-LoadBalancerUsage"),
        rc,
        vec![
            eq("locationType", "AWS Region"),
            AttrMatch::NotContains("usagetype", "Outposts"),
        ],
    );
    // Network Load Balancer.
    let nlb_guard = || {
        vec![
            eq("locationType", "AWS Region"),
            AttrMatch::NotStartsWith("usagetype", "TS-"),
            AttrMatch::NotContains("usagetype", "Outposts"),
        ]
    };
    b.add(
        cost::NLB_HOUR,
        "Network Load Balancer hour",
        "NLB-hour",
        "AWSELB",
        Some("Load Balancer-Network"),
        Some("LoadBalancerUsage"),
        rc,
        nlb_guard(),
    );
    b.add(
        cost::NLB_NLCU_HOUR,
        "Network Load Balancer capacity unit hour",
        "NLCU-hour",
        "AWSELB",
        Some("Load Balancer-Network"),
        Some("LCUUsage"),
        rc,
        nlb_guard(),
    );
}
