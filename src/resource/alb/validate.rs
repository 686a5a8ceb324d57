//! Validation of the `alb` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::topology::validate::{Validator, dec};
use rust_decimal::Decimal;

impl Validator<'_> {
    pub(crate) fn load_balancer(&self, l: &LoadBalancerRaw) -> Result<LoadBalancer> {
        let azs = self.no_ranges(|| self.opt_whole(&l.azs, "azs", 2, 6))?;
        if azs < 2 {
            let span = l.azs.as_ref().map(|a| a.span()).unwrap_or(0..0);
            return Err(self.err(
                span,
                format!("an Application Load Balancer needs at least 2 AZs, found {azs}"),
                Some(
                    "AWS requires subnets in two or more Availability Zones: set `azs = 2`".into(),
                ),
            ));
        }
        let max_rate = dec(10_000_000);
        Ok(LoadBalancer {
            name: None,
            count: self.opt_whole(&l.count, "count", 1, 100)?,
            azs,
            new_connections_per_second: self.opt_number(
                &l.new_connections_per_second,
                "new_connections_per_second",
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate,
            )?,
            active_connections_per_minute: self.opt_number(
                &l.active_connections_per_minute,
                "active_connections_per_minute",
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate * dec(60),
            )?,
            processed_gb_per_hour: self.opt_number(
                &l.processed_gb_per_hour,
                "processed_gb_per_hour",
                Decimal::ZERO,
                Decimal::ZERO,
                dec(1_000_000),
            )?,
            rule_evaluations_per_second: self.opt_number(
                &l.rule_evaluations_per_second,
                "rule_evaluations_per_second",
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate,
            )?,
            lambda_targets: l.lambda_targets.as_ref().is_some_and(|b| *b.get()),
        })
    }
}
