//! Application Load Balancer: hours plus LCU-hours, the LCU being the largest of four dimensions.

use crate::error::Result;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::{LoadBalancer, Topology, named_resource};
use rust_decimal::Decimal;

// The one definition of the four billed LCU dimensions; `capacity::lcu` sizes with these.

/// New connections per second one LCU covers.
pub const LCU_NEW_CONNECTIONS_PER_SECOND: Decimal = Decimal::from_parts(25, 0, 0, false, 0);
/// Active connections per minute one LCU covers.
pub const LCU_ACTIVE_CONNECTIONS_PER_MINUTE: Decimal = Decimal::from_parts(3000, 0, 0, false, 0);
/// GB processed per hour one LCU covers, for instance, container and IP targets.
pub const LCU_PROCESSED_GB_PER_HOUR: Decimal = Decimal::ONE;
/// GB processed per hour one LCU covers, for Lambda targets (0.4).
pub const LCU_PROCESSED_GB_PER_HOUR_LAMBDA: Decimal = Decimal::from_parts(4, 0, 0, false, 1);
/// Rule evaluations per second one LCU covers.
pub const LCU_RULE_EVALUATIONS_PER_SECOND: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// The billed LCUs of one load balancer for an hour of this traffic: the largest dimension.
pub fn lcus(lb: &LoadBalancer) -> Decimal {
    let per_gb = if lb.lambda_targets {
        LCU_PROCESSED_GB_PER_HOUR_LAMBDA
    } else {
        LCU_PROCESSED_GB_PER_HOUR
    };
    [
        lb.new_connections_per_second / LCU_NEW_CONNECTIONS_PER_SECOND,
        lb.active_connections_per_minute / LCU_ACTIVE_CONNECTIONS_PER_MINUTE,
        lb.processed_gb_per_hour / per_gb,
        lb.rule_evaluations_per_second / LCU_RULE_EVALUATIONS_PER_SECOND,
    ]
    .into_iter()
    .max()
    .unwrap_or_default()
    .normalize()
}

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    for lb in &t.load_balancers {
        price_load_balancer(t, lb, p)?;
    }
    Ok(())
}

/// The lines of one `[[load_balancer]]` table.
fn price_load_balancer(t: &Topology, lb: &LoadBalancer, p: &mut Pricer) -> Result<()> {
    let resource = named_resource(lb.name.as_deref(), "alb");
    let lb_hours = quantity_mul(
        "load balancer hours",
        Decimal::from(lb.count),
        t.hours_per_month,
    )?;
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
        "LCU-hours",
        quantity_mul("LCU hours", lb_hours, lcus(lb))?,
        key::ALB_LCU_HOUR,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lb(new: i64, active: i64, gb: &str, rules: i64, lambda: bool) -> LoadBalancer {
        LoadBalancer {
            name: None,
            count: 1,
            azs: 2,
            new_connections_per_second: Decimal::from(new),
            active_connections_per_minute: Decimal::from(active),
            processed_gb_per_hour: gb.parse().unwrap(),
            rule_evaluations_per_second: Decimal::from(rules),
            lambda_targets: lambda,
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
}
