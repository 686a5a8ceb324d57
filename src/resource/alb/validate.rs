//! Validation of the `[load_balancer]` input: the raw table's values checked against bounds and
//! choices, and the inputs of one load balancer type refused on the other with a hint (the shared
//! helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::topology::located::{Located, Num};
use crate::topology::validate::{Validator, dec};
use rust_decimal::Decimal;

/// The most trust stores one load balancer is priced with.
pub const MAX_TRUST_STORES: u32 = 100;

impl Validator<'_> {
    pub(crate) fn load_balancer(&self, l: &LoadBalancerRaw) -> Result<LoadBalancer> {
        let lb_type = match self.no_ranges(|| {
            self.opt_choice(
                &l.lb_type,
                "load balancer type",
                &["application", "network"],
            )
        })? {
            "network" => LbType::Network,
            _ => LbType::Application,
        };
        match lb_type {
            LbType::Application => self.application_only_inputs(l)?,
            LbType::Network => self.network_only_inputs(l)?,
        }
        let azs = self.no_ranges(|| self.opt_whole(&l.azs, "azs", 2, 6))?;
        if azs < 1 || (lb_type == LbType::Application && azs < 2) {
            let span = l.azs.as_ref().map(|a| a.span()).unwrap_or(0..0);
            let (min, what) = match lb_type {
                LbType::Application => (2, "an Application Load Balancer"),
                LbType::Network => (1, "a Network Load Balancer"),
            };
            return Err(self.err(
                span,
                format!(
                    "{what} needs at least {min} AZ{}, found {azs}",
                    if min > 1 { "s" } else { "" }
                ),
                Some(match lb_type {
                    LbType::Application => {
                        "AWS requires subnets in two or more Availability Zones: set `azs = 2`"
                            .into()
                    }
                    LbType::Network => "set `azs = 1` or more".into(),
                }),
            ));
        }
        let max_rate = dec(10_000_000);
        let trust_stores = self.opt_whole(&l.trust_stores, "trust_stores", 0, MAX_TRUST_STORES)?;
        let mutual_tls = match &l.mutual_tls {
            Some(b) if !*b.get() && trust_stores > 0 => {
                return Err(self.err(
                    b.span(),
                    format!(
                        "`mutual_tls = false` with {trust_stores} trust store{}: a trust store is billed while mutual TLS uses it",
                        if trust_stores == 1 { "" } else { "s" }
                    ),
                    Some("remove `trust_stores`, or set `mutual_tls = true`".into()),
                ));
            }
            Some(b) => *b.get(),
            None => trust_stores > 0,
        };
        Ok(LoadBalancer {
            name: None,
            lb_type,
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
            trust_stores,
            mutual_tls,
            tcp: self.nlb_traffic(&l.tcp, "tcp")?,
            udp: self.nlb_traffic(&l.udp, "udp")?,
            tls: self.nlb_traffic(&l.tls, "tls")?,
        })
    }

    /// One protocol's traffic of a Network Load Balancer (`[load_balancer.tcp]`).
    fn nlb_traffic(
        &self,
        t: &Option<Located<NlbTrafficRaw>>,
        protocol: &str,
    ) -> Result<NlbTraffic> {
        let Some(t) = t else {
            return Ok(NlbTraffic::default());
        };
        let t = t.get();
        let max_rate = dec(10_000_000);
        Ok(NlbTraffic {
            new_flows_per_second: self.opt_number(
                &t.new_flows_per_second,
                &format!("{protocol}.new_flows_per_second"),
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate,
            )?,
            active_flows: self.opt_number(
                &t.active_flows,
                &format!("{protocol}.active_flows"),
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate * dec(60),
            )?,
            processed_gb_per_hour: self.opt_number(
                &t.processed_gb_per_hour,
                &format!("{protocol}.processed_gb_per_hour"),
                Decimal::ZERO,
                Decimal::ZERO,
                dec(1_000_000),
            )?,
        })
    }

    /// An Application Load Balancer has no per-protocol NLB traffic.
    fn application_only_inputs(&self, l: &LoadBalancerRaw) -> Result<()> {
        for (name, table) in [("tcp", &l.tcp), ("udp", &l.udp), ("tls", &l.tls)] {
            if let Some(t) = table {
                return Err(self.err(
                    t.span(),
                    format!("`[load_balancer.{name}]` is Network Load Balancer traffic, but this load balancer is an Application Load Balancer"),
                    Some("set `type = \"network\"`, or give ALB traffic as `new_connections_per_second`, `active_connections_per_minute` and `processed_gb_per_hour`".into()),
                ));
            }
        }
        Ok(())
    }

    /// A Network Load Balancer has no listener rules, Lambda targets or mutual TLS trust stores,
    /// and gives its traffic per protocol.
    fn network_only_inputs(&self, l: &LoadBalancerRaw) -> Result<()> {
        let per_protocol = "give a Network Load Balancer's traffic per protocol: `[load_balancer.tcp]` (or `.udp`, `.tls`) with `new_flows_per_second`, `active_flows` and `processed_gb_per_hour`";
        let num = |v: &Option<Located<Num>>| v.as_ref().map(|v| v.span());
        let flag = |v: &Option<Located<bool>>| v.as_ref().map(|v| v.span());
        let alb_only: [(&str, Option<std::ops::Range<usize>>, &str); 7] = [
            (
                "rule_evaluations_per_second",
                num(&l.rule_evaluations_per_second),
                "a Network Load Balancer has no listener rules; remove it, or set `type = \"application\"`",
            ),
            (
                "lambda_targets",
                flag(&l.lambda_targets),
                "a Network Load Balancer cannot target Lambda functions; remove it, or set `type = \"application\"`",
            ),
            (
                "trust_stores",
                num(&l.trust_stores),
                "mutual TLS trust stores are an Application Load Balancer feature; remove it, or set `type = \"application\"`",
            ),
            (
                "mutual_tls",
                flag(&l.mutual_tls),
                "mutual TLS trust stores are an Application Load Balancer feature; an NLB's TLS traffic goes in `[load_balancer.tls]`",
            ),
            (
                "new_connections_per_second",
                num(&l.new_connections_per_second),
                per_protocol,
            ),
            (
                "active_connections_per_minute",
                num(&l.active_connections_per_minute),
                per_protocol,
            ),
            (
                "processed_gb_per_hour",
                num(&l.processed_gb_per_hour),
                per_protocol,
            ),
        ];
        for (key, span, hint) in alb_only {
            if let Some(span) = span {
                return Err(self.err(
                    span,
                    format!("`{key}` applies to an Application Load Balancer, but this load balancer is `type = \"network\"`"),
                    Some(hint.into()),
                ));
            }
        }
        Ok(())
    }
}
