//! Load balancer capacity units (reference §4.1): an Application Load Balancer's billed LCU per
//! hour is the largest of four dimensions; a Network Load Balancer's NLCU per hour, for the
//! protocol its traffic uses, the largest of three ([`AlbTraffic::nlcu`]). Exact decimals,
//! because LCU-hours are a billed quantity.

use super::traffic::BYTES_PER_GB;
use crate::error::{Error, Result};
// the billed LCU dimensions are defined once, with the ALB cost model
use crate::resource::alb::cost::{
    LCU_ACTIVE_CONNECTIONS_PER_MINUTE, LCU_NEW_CONNECTIONS_PER_SECOND, LCU_PROCESSED_GB_PER_HOUR,
    LCU_PROCESSED_GB_PER_HOUR_LAMBDA, LCU_RULE_EVALUATIONS_PER_SECOND,
};
use crate::resource::alb::nlcu::NlcuDimensions;
use rust_decimal::Decimal;

/// Rules processed per request that are free.
pub const FREE_RULES: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
const SECONDS_PER_HOUR: Decimal = Decimal::from_parts(3600, 0, 0, false, 0);

/// Traffic through one ALB during one hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlbTraffic {
    pub requests_per_s: Decimal,
    pub new_connections_per_s: Decimal,
    /// Mean connection lifetime; active connections = new per second × duration (Little's law).
    pub connection_duration_s: Decimal,
    /// Request plus response bytes, headers included.
    pub bytes_per_request: Decimal,
    /// Listener rules evaluated per request (the first 10 are free).
    pub rules_per_request: Decimal,
    pub lambda_targets: bool,
}

/// The four LCU dimensions and the billed maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LcuBreakdown {
    pub new_connections: Decimal,
    pub active_connections: Decimal,
    pub processed_bytes: Decimal,
    pub rule_evaluations: Decimal,
    /// Active connections (for reports).
    pub active_connection_count: Decimal,
    /// Processed GB per hour (for reports).
    pub processed_gb_per_hour: Decimal,
    /// The billed LCU: the largest dimension.
    pub billed: Decimal,
    pub dominant: Dimension,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    NewConnections,
    ActiveConnections,
    ProcessedBytes,
    RuleEvaluations,
}

impl Dimension {
    pub fn id(self) -> &'static str {
        match self {
            Dimension::NewConnections => "new connections",
            Dimension::ActiveConnections => "active connections",
            Dimension::ProcessedBytes => "processed bytes",
            Dimension::RuleEvaluations => "rule evaluations",
        }
    }
}

fn overflow() -> Error {
    Error::overflow("load balancer capacity units")
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(overflow)
}

fn div(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_div(b).ok_or_else(overflow)
}

impl AlbTraffic {
    /// LCUs for one hour at this traffic.
    pub fn lcu(&self) -> Result<LcuBreakdown> {
        for (what, v) in [
            ("requests per second", self.requests_per_s),
            ("new connections per second", self.new_connections_per_s),
            ("connection duration", self.connection_duration_s),
            ("bytes per request", self.bytes_per_request),
            ("rules per request", self.rules_per_request),
        ] {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(Error::capacity(format!(
                    "{what} must not be negative, got {v}"
                )));
            }
        }
        let active = mul(self.new_connections_per_s, self.connection_duration_s)?;
        let bytes_per_hour = mul(
            mul(self.requests_per_s, self.bytes_per_request)?,
            SECONDS_PER_HOUR,
        )?;
        let gb_per_hour = div(bytes_per_hour, BYTES_PER_GB)?;
        let gb_per_lcu = if self.lambda_targets {
            LCU_PROCESSED_GB_PER_HOUR_LAMBDA
        } else {
            LCU_PROCESSED_GB_PER_HOUR
        };
        let paid_rules = (self.rules_per_request - FREE_RULES).max(Decimal::ZERO);
        let rule_evals = mul(self.requests_per_s, paid_rules)?;
        let dims = [
            (
                Dimension::NewConnections,
                div(self.new_connections_per_s, LCU_NEW_CONNECTIONS_PER_SECOND)?,
            ),
            (
                Dimension::ActiveConnections,
                div(active, LCU_ACTIVE_CONNECTIONS_PER_MINUTE)?,
            ),
            (Dimension::ProcessedBytes, div(gb_per_hour, gb_per_lcu)?),
            (
                Dimension::RuleEvaluations,
                div(rule_evals, LCU_RULE_EVALUATIONS_PER_SECOND)?,
            ),
        ];
        let (dominant, billed) =
            dims.iter()
                .copied()
                .fold((Dimension::NewConnections, Decimal::MIN), |best, d| {
                    if d.1 > best.1 { d } else { best }
                });
        Ok(LcuBreakdown {
            new_connections: dims[0].1,
            active_connections: dims[1].1,
            processed_bytes: dims[2].1,
            rule_evaluations: dims[3].1,
            active_connection_count: active,
            processed_gb_per_hour: gb_per_hour,
            billed,
            dominant,
        })
    }
}

impl AlbTraffic {
    /// NLCUs for one hour of this traffic through a Network Load Balancer, as protocol `dims`:
    /// new connections are new flows, active connections active flows, and the processed bytes
    /// the same; an NLB evaluates no rules (0) and has no Lambda targets.
    pub fn nlcu(&self, dims: &NlcuDimensions) -> Result<LcuBreakdown> {
        let alb = self.lcu()?;
        let dims_list = [
            (
                Dimension::NewConnections,
                div(self.new_connections_per_s, dims.new_flows_per_second)?,
            ),
            (
                Dimension::ActiveConnections,
                div(alb.active_connection_count, dims.active_flows)?,
            ),
            (
                Dimension::ProcessedBytes,
                div(alb.processed_gb_per_hour, dims.processed_gb_per_hour)?,
            ),
        ];
        let (dominant, billed) =
            dims_list
                .iter()
                .copied()
                .fold((Dimension::NewConnections, Decimal::MIN), |best, d| {
                    if d.1 > best.1 { d } else { best }
                });
        Ok(LcuBreakdown {
            new_connections: dims_list[0].1,
            active_connections: dims_list[1].1,
            processed_bytes: dims_list[2].1,
            rule_evaluations: Decimal::ZERO,
            active_connection_count: alb.active_connection_count,
            processed_gb_per_hour: alb.processed_gb_per_hour,
            billed,
            dominant,
        })
    }
}

/// LCUs at average and at peak traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LcuProfile {
    pub avg: LcuBreakdown,
    pub peak: LcuBreakdown,
}

pub fn lcu_profile(avg: &AlbTraffic, peak: &AlbTraffic) -> Result<LcuProfile> {
    Ok(LcuProfile {
        avg: avg.lcu()?,
        peak: peak.lcu()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::alb::nlcu;

    /// The second example's traffic through an NLB as TCP: 100/800 new, 18,000/100,000 active,
    /// 0.36 GB per hour: the processed bytes dominate at 0.36 NLCU (against 6 ALB LCUs).
    #[test]
    fn nlb_traffic_gives_nlcus() {
        let t = AlbTraffic {
            requests_per_s: d("100"),
            new_connections_per_s: d("100"),
            connection_duration_s: d("180"),
            bytes_per_request: d("1000"),
            rules_per_request: d("30"),
            lambda_targets: false,
        };
        let n = t.nlcu(&nlcu::TCP).unwrap();
        assert_eq!(n.new_connections, d("0.125"));
        assert_eq!(n.active_connections, d("0.18"));
        assert_eq!(n.processed_bytes, d("0.36"));
        assert_eq!(n.rule_evaluations, Decimal::ZERO);
        assert_eq!(n.billed, d("0.36"));
        assert_eq!(n.dominant, Dimension::ProcessedBytes);
        // as TLS: 2 for new connections, 6 for active
        let tls = t.nlcu(&nlcu::TLS).unwrap();
        assert_eq!(tls.billed, d("6"));
        assert_eq!(tls.dominant, Dimension::ActiveConnections);
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn aws_worked_example() {
        // 1 new conn/s lasting 2 min; 5 rps; 300 KB/s processed; 60 rules
        let t = AlbTraffic {
            requests_per_s: d("5"),
            new_connections_per_s: d("1"),
            connection_duration_s: d("120"),
            bytes_per_request: d("60000"),
            rules_per_request: d("60"),
            lambda_targets: false,
        };
        let l = t.lcu().unwrap();
        assert_eq!(l.new_connections, d("0.04"));
        assert_eq!(l.active_connections, d("0.04"));
        assert_eq!(l.processed_bytes, d("1.08"));
        assert_eq!(l.rule_evaluations, d("0.25"));
        assert_eq!(l.billed, d("1.08"));
        assert_eq!(l.dominant, Dimension::ProcessedBytes);
        // $0.008/LCU-h → $0.00864/h
        assert_eq!(l.billed * d("0.008"), d("0.00864"));
    }

    #[test]
    fn second_aws_example_active_connections_dominate() {
        let t = AlbTraffic {
            requests_per_s: d("100"),
            new_connections_per_s: d("100"),
            connection_duration_s: d("180"),
            bytes_per_request: d("1000"),
            rules_per_request: d("1"),
            lambda_targets: false,
        };
        let l = t.lcu().unwrap();
        assert_eq!(l.active_connection_count, d("18000"));
        assert_eq!(l.billed, d("6"));
        assert_eq!(l.dominant, Dimension::ActiveConnections);
        // lambda targets: 0.36 GB/h / 0.4 = 0.9, still below 6
        let lambda = AlbTraffic {
            lambda_targets: true,
            ..t
        };
        assert_eq!(lambda.lcu().unwrap().processed_bytes, d("0.9"));
    }

    #[test]
    fn negative_and_huge_inputs_are_errors() {
        let mut t = AlbTraffic {
            requests_per_s: d("-1"),
            new_connections_per_s: d("1"),
            connection_duration_s: d("1"),
            bytes_per_request: d("1"),
            rules_per_request: d("1"),
            lambda_targets: false,
        };
        assert!(t.lcu().is_err());
        t.requests_per_s = Decimal::MAX;
        t.bytes_per_request = Decimal::MAX;
        assert!(matches!(t.lcu(), Err(Error::Overflow { .. })));
    }
}
