//! Elastic Load Balancing: an Application Load Balancer is billed per hour plus LCU-hours (the
//! LCU being the largest of four dimensions) plus trust-store-hours for mutual TLS; a Network
//! Load Balancer per hour plus NLCU-hours per protocol ([`super::nlcu`]).

use super::input::{LbType, LoadBalancer};
use super::nlcu;
use crate::error::Result;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::{Topology, named_resource};
use rust_decimal::Decimal;

// The one definition of the four billed LCU dimensions; `capacity::lcu` sizes with these.
// Source: AWS's ELB pricing page as transcribed in api-evangelist/amazon-elastic-load-balancing
// plans/amazon-elastic-load-balancing-plans-pricing.yml (2026-09-20): "25 new connections per
// second. 3,000 active connections per minute or 1,500 active connections per minute while using
// Mutual TLS. ... 1 GB per hour for EC2/containers/IP targets, 0.4 GB per hour for Lambda; 1,000
// rule evaluations per second".

/// New connections per second one LCU covers.
pub const LCU_NEW_CONNECTIONS_PER_SECOND: Decimal = Decimal::from_parts(25, 0, 0, false, 0);
/// Active connections per minute one LCU covers.
pub const LCU_ACTIVE_CONNECTIONS_PER_MINUTE: Decimal = Decimal::from_parts(3000, 0, 0, false, 0);
/// Active connections per minute one LCU covers while the listeners use mutual TLS.
pub const LCU_ACTIVE_CONNECTIONS_PER_MINUTE_MTLS: Decimal =
    Decimal::from_parts(1500, 0, 0, false, 0);
/// GB processed per hour one LCU covers, for instance, container and IP targets.
pub const LCU_PROCESSED_GB_PER_HOUR: Decimal = Decimal::ONE;
/// GB processed per hour one LCU covers, for Lambda targets (0.4).
pub const LCU_PROCESSED_GB_PER_HOUR_LAMBDA: Decimal = Decimal::from_parts(4, 0, 0, false, 1);
/// Rule evaluations per second one LCU covers.
pub const LCU_RULE_EVALUATIONS_PER_SECOND: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// Network Load Balancer hour.
pub const NLB_HOUR: &str = "nlb.hour";
/// Network Load Balancer capacity unit hour.
pub const NLB_NLCU_HOUR: &str = "nlb.nlcu_hour";
/// An ALB trust store used by mutual TLS, per hour (`TS-LoadBalancerUsage`).
pub const ALB_TRUST_STORE_HOUR: &str = "alb.trust_store_hour";

/// Active connections per minute one LCU of this load balancer covers.
pub fn active_connections_per_lcu(mutual_tls: bool) -> Decimal {
    if mutual_tls {
        LCU_ACTIVE_CONNECTIONS_PER_MINUTE_MTLS
    } else {
        LCU_ACTIVE_CONNECTIONS_PER_MINUTE
    }
}

/// The billed LCUs of one Application Load Balancer for an hour of this traffic: the largest
/// dimension.
pub fn lcus(lb: &LoadBalancer) -> Decimal {
    let per_gb = if lb.lambda_targets {
        LCU_PROCESSED_GB_PER_HOUR_LAMBDA
    } else {
        LCU_PROCESSED_GB_PER_HOUR
    };
    [
        lb.new_connections_per_second / LCU_NEW_CONNECTIONS_PER_SECOND,
        lb.active_connections_per_minute / active_connections_per_lcu(lb.mutual_tls),
        lb.processed_gb_per_hour / per_gb,
        lb.rule_evaluations_per_second / LCU_RULE_EVALUATIONS_PER_SECOND,
    ]
    .into_iter()
    .max()
    .unwrap_or_default()
    .normalize()
}

/// The billed capacity units of one load balancer for an hour: LCUs for an ALB, NLCUs (all
/// protocols) for an NLB.
pub fn capacity_units(lb: &LoadBalancer) -> Result<Decimal> {
    match lb.lb_type {
        LbType::Application => Ok(lcus(lb)),
        LbType::Network => nlcu::total_nlcus(lb),
    }
}

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    for lb in &t.load_balancers {
        price_one(lb, t.hours_per_month, p)?;
    }
    Ok(())
}

/// The lines of one `[[load_balancer]]` table (`count` load balancers) for a month of
/// `hours_per_month`.
pub fn price_one(lb: &LoadBalancer, hours_per_month: Decimal, p: &mut Pricer) -> Result<()> {
    let kind = match lb.lb_type {
        LbType::Application => "alb",
        LbType::Network => "nlb",
    };
    let resource = named_resource(lb.name.as_deref(), kind);
    let lb_hours = quantity_mul(
        "load balancer hours",
        Decimal::from(lb.count),
        hours_per_month,
    )?;
    match lb.lb_type {
        LbType::Application => {
            p.add(
                Group::Alb,
                &resource,
                "load balancer hours",
                lb_hours,
                key::ALB_HOUR,
            )?;
            p.add(
                Group::Alb,
                &resource,
                if lb.mutual_tls {
                    "LCU-hours (mutual TLS: 1,500 active connections per LCU)"
                } else {
                    "LCU-hours"
                },
                quantity_mul("LCU hours", lb_hours, lcus(lb))?,
                key::ALB_LCU_HOUR,
            )?;
            p.add(
                Group::Alb,
                &resource,
                "trust store hours (mutual TLS)",
                quantity_mul(
                    "trust store hours",
                    lb_hours,
                    Decimal::from(lb.trust_stores),
                )?,
                ALB_TRUST_STORE_HOUR,
            )
        }
        LbType::Network => {
            p.add(
                Group::Alb,
                &resource,
                "load balancer hours",
                lb_hours,
                NLB_HOUR,
            )?;
            for (traffic, dims) in nlcu::protocols(lb) {
                p.add(
                    Group::Alb,
                    &resource,
                    format!("NLCU-hours ({})", dims.protocol),
                    quantity_mul("NLCU hours", lb_hours, nlcu::nlcus(traffic, dims))?,
                    NLB_NLCU_HOUR,
                )?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lb(new: i64, active: i64, gb: &str, rules: i64, lambda: bool) -> LoadBalancer {
        LoadBalancer {
            new_connections_per_second: Decimal::from(new),
            active_connections_per_minute: Decimal::from(active),
            processed_gb_per_hour: gb.parse().unwrap(),
            rule_evaluations_per_second: Decimal::from(rules),
            lambda_targets: lambda,
            ..LoadBalancer::application(2)
        }
    }

    #[test]
    fn billed_lcu_is_the_largest_dimension() {
        assert_eq!(lcus(&lb(5, 300, "0.15", 0, false)), "0.2".parse().unwrap());
        assert_eq!(lcus(&lb(0, 9000, "0.15", 0, false)), Decimal::from(3));
        assert_eq!(lcus(&lb(0, 0, "2", 0, false)), Decimal::from(2));
        assert_eq!(lcus(&lb(0, 0, "2", 0, true)), Decimal::from(5));
        assert_eq!(lcus(&lb(0, 0, "0", 4000, false)), Decimal::from(4));
    }

    /// Mutual TLS halves the active connections one LCU covers (1,500 per minute, cited above).
    #[test]
    fn mutual_tls_lowers_the_active_connection_dimension() {
        let mut l = lb(0, 9000, "0.15", 0, false);
        assert_eq!(LCU_ACTIVE_CONNECTIONS_PER_MINUTE_MTLS, Decimal::from(1500));
        l.mutual_tls = true;
        assert_eq!(lcus(&l), Decimal::from(6));
    }
}
