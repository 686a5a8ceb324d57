//! The Application Load Balancers: the resource kind (section `[load_balancer]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
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
    // ALB mTLS trust store hours (`TS-LoadBalancerUsage`).
    b.add(
        "alb.trust_store_hour",
        "Application Load Balancer mTLS trust store hour",
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
    // Network Load Balancer: hours and NLCU-hours.
    let nlb_guard = || {
        vec![
            eq("locationType", "AWS Region"),
            AttrMatch::NotStartsWith("usagetype", "TS-"),
            AttrMatch::NotContains("usagetype", "Outposts"),
        ]
    };
    b.add(
        "nlb.hour",
        "Network Load Balancer hour",
        "NLB-hour",
        "AWSELB",
        Some("Load Balancer-Network"),
        Some("LoadBalancerUsage"),
        rc,
        nlb_guard(),
    );
    b.add(
        "nlb.nlcu_hour",
        "Network Load Balancer capacity unit hour",
        "NLCU-hour",
        "AWSELB",
        Some("Load Balancer-Network"),
        Some("LCUUsage"),
        rc,
        nlb_guard(),
    );
}
