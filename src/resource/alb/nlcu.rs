//! Network Load Balancer capacity units: for each protocol (TCP, UDP, TLS) the billed NLCUs of an
//! hour are the largest of three dimensions, and the protocols' NLCUs add up.
//!
//! Source: AWS's Elastic Load Balancing pricing page as transcribed (verbatim, read 2026-09-20) in
//! `api-evangelist/amazon-elastic-load-balancing` `plans/amazon-elastic-load-balancing-plans-pricing.yml`
//! (commit 303e536b): "800 new TCP connections per second. 100,000 active TCP connections (sampled
//! per minute). 400 new UDP flows per second. 50,000 active UDP flows (sampled per minute). 50 new
//! TLS connections or flows per second. 3,000 active TLS connections or flows (sampled per minute)",
//! and "TCP: ... 1 GB per hour"; AWS's ELB FAQ (<https://aws.amazon.com/elasticloadbalancing/faqs/>)
//! gives "1 GB per hour for Amazon EC2 instances, containers, and IP addresses as targets" for each
//! of TCP, UDP and TLS, and "for each protocol you are charged only on one of the three dimensions
//! (the highest for the hour)".

use super::input::{LoadBalancer, NlbTraffic};
use crate::error::{Error, Result};
use crate::money::exact_add;
use rust_decimal::Decimal;

/// What one NLCU covers for one protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NlcuDimensions {
    pub protocol: &'static str,
    pub new_flows_per_second: Decimal,
    pub active_flows: Decimal,
    pub processed_gb_per_hour: Decimal,
}

/// TCP: 800 new connections per second, 100,000 active connections, 1 GB per hour.
pub const TCP: NlcuDimensions = NlcuDimensions {
    protocol: "TCP",
    new_flows_per_second: Decimal::from_parts(800, 0, 0, false, 0),
    active_flows: Decimal::from_parts(100_000, 0, 0, false, 0),
    processed_gb_per_hour: Decimal::ONE,
};

/// UDP: 400 new flows per second, 50,000 active flows, 1 GB per hour.
pub const UDP: NlcuDimensions = NlcuDimensions {
    protocol: "UDP",
    new_flows_per_second: Decimal::from_parts(400, 0, 0, false, 0),
    active_flows: Decimal::from_parts(50_000, 0, 0, false, 0),
    processed_gb_per_hour: Decimal::ONE,
};

/// TLS: 50 new connections per second, 3,000 active connections, 1 GB per hour.
pub const TLS: NlcuDimensions = NlcuDimensions {
    protocol: "TLS",
    new_flows_per_second: Decimal::from_parts(50, 0, 0, false, 0),
    active_flows: Decimal::from_parts(3_000, 0, 0, false, 0),
    processed_gb_per_hour: Decimal::ONE,
};

/// The billed NLCUs of one protocol for an hour of this traffic: the largest dimension.
pub fn nlcus(traffic: &NlbTraffic, d: &NlcuDimensions) -> Decimal {
    [
        traffic.new_flows_per_second / d.new_flows_per_second,
        traffic.active_flows / d.active_flows,
        traffic.processed_gb_per_hour / d.processed_gb_per_hour,
    ]
    .into_iter()
    .max()
    .unwrap_or_default()
    .normalize()
}

/// Each protocol of a Network Load Balancer with its traffic and dimensions, in billing order.
pub fn protocols(lb: &LoadBalancer) -> [(&NlbTraffic, &'static NlcuDimensions); 3] {
    [(&lb.tcp, &TCP), (&lb.udp, &UDP), (&lb.tls, &TLS)]
}

/// The billed NLCUs of a Network Load Balancer for an hour: the protocols' NLCUs added
/// (exactly, or an error naming the sum).
pub fn total_nlcus(lb: &LoadBalancer) -> Result<Decimal> {
    protocols(lb)
        .iter()
        .try_fold(Decimal::ZERO, |sum, (t, d)| {
            let n = nlcus(t, d);
            exact_add(sum, n).ok_or_else(|| Error::Inexact {
                what: format!("NLCUs of the protocols: {sum} + {n}"),
                price_data: false,
                hint: None,
            })
        })
        .map(|n| n.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn traffic(new: &str, active: &str, gb: &str) -> NlbTraffic {
        NlbTraffic {
            new_flows_per_second: d(new),
            active_flows: d(active),
            processed_gb_per_hour: d(gb),
        }
    }

    /// The dimensions are the cited page's figures (module docs).
    #[test]
    fn dimensions_are_the_cited_figures() {
        assert_eq!(
            (TCP.new_flows_per_second, TCP.active_flows),
            (d("800"), d("100000"))
        );
        assert_eq!(
            (UDP.new_flows_per_second, UDP.active_flows),
            (d("400"), d("50000"))
        );
        assert_eq!(
            (TLS.new_flows_per_second, TLS.active_flows),
            (d("50"), d("3000"))
        );
        for p in [TCP, UDP, TLS] {
            assert_eq!(p.processed_gb_per_hour, Decimal::ONE, "{}", p.protocol);
        }
    }

    /// 100 new connections per second lasting 3 minutes (18,000 active) and 0.36 GB per hour:
    /// as TCP 0.125, 0.18 and 0.36 NLCUs, so the processed bytes are billed.
    #[test]
    fn each_protocol_bills_its_largest_dimension() {
        let t = traffic("100", "18000", "0.36");
        assert_eq!(nlcus(&t, &TCP), d("0.36"));
        // the same flows as UDP: 0.25, 0.36, 0.36; as TLS: 2, 6, 0.36
        assert_eq!(nlcus(&t, &UDP), d("0.36"));
        assert_eq!(nlcus(&t, &TLS), d("6"));
    }

    #[test]
    fn protocols_add_up() {
        let mut lb = LoadBalancer::application(2);
        lb.tcp = traffic("800", "0", "0");
        lb.udp = traffic("0", "100000", "0");
        lb.tls = traffic("0", "0", "0.5");
        assert_eq!(total_nlcus(&lb).unwrap(), d("3.5"));
    }
}
