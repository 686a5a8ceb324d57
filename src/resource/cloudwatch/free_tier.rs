//! CloudWatch's always-free allowances per month (`[cloudwatch] free_tier = true`), and how a
//! line's quantity is reduced by one.
//!
//! Sources: AWS's CloudWatch pricing page, <https://aws.amazon.com/cloudwatch/pricing/>, as
//! transcribed in AWS's own sample `aws-samples/sample-cfm-tips-mcp`
//! `services/cloudwatch_service.py` (commit 17aa70e8, 2026-01-16: `'logs_ingestion_gb': 5.0,
//! 'logs_storage_gb': 5.0, 'metrics_count': 10, 'api_requests': 1000000, 'alarms_count': 10,
//! 'dashboards_count': 3, 'dashboard_metrics': 50`) and in
//! `api-evangelist/cloudwatch` `plans/cloudwatch-plans-pricing.yml` (commit 30bb3809, 2026-05-05:
//! custom metrics 10, API requests 1,000,000 "excluding GetMetricData, GetInsightRuleReport,
//! GetMetricWidgetImage", logs 5 GB, dashboards 3, standard-resolution alarm metrics 10). An AWS
//! bill (hylang/hy issue attachment `files/7528529/billing.pdf`, November 2021) shows the logs
//! allowances as line descriptions: "First 5GB per month of log data ingested is free" and
//! "First 5GB-mo per month of logs storage is free". Evidence C (B for the bill lines).
//!
//! How the allowances are applied (documented in each line's component): log ingestion to the
//! Standard class first, then Infrequent Access; storage; custom metrics before their tiers;
//! standard-resolution alarm metrics (plain alarms first, then anomaly detection bands); the first
//! three dashboards; API requests. Vended logs, Logs Insights, high-resolution and composite
//! alarms and metric streams have no allowance here.

use rust_decimal::Decimal;

/// GB of log data ingested free per month.
pub const LOGS_INGESTED_GB: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// GB-months of log storage free per month.
pub const LOGS_STORED_GB: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// Custom (and detailed-monitoring) metrics free per month.
pub const CUSTOM_METRICS: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// Standard-resolution alarm metrics free per month.
pub const ALARM_METRICS: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// Dashboards free per month (of up to 50 metrics each).
pub const DASHBOARDS: Decimal = Decimal::from_parts(3, 0, 0, false, 0);
/// API requests free per month.
pub const API_REQUESTS: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// What is left of an allowance as it is used up line by line.
#[derive(Debug, Clone, Copy)]
pub struct Allowance {
    left: Decimal,
}

impl Allowance {
    /// An allowance of `size` when the free tier applies, none otherwise.
    pub fn new(applies: bool, size: Decimal) -> Allowance {
        Allowance {
            left: if applies { size } else { Decimal::ZERO },
        }
    }

    /// Splits `quantity` into (billed, free), using up the allowance.
    pub fn take(&mut self, quantity: Decimal) -> (Decimal, Decimal) {
        let free = quantity.min(self.left).max(Decimal::ZERO);
        self.left -= free;
        (quantity - free, free)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The allowances are exactly the figures of the cited sources (module docs).
    #[test]
    fn allowances_are_the_cited_figures() {
        assert_eq!(LOGS_INGESTED_GB, Decimal::from(5));
        assert_eq!(LOGS_STORED_GB, Decimal::from(5));
        assert_eq!(CUSTOM_METRICS, Decimal::from(10));
        assert_eq!(ALARM_METRICS, Decimal::from(10));
        assert_eq!(DASHBOARDS, Decimal::from(3));
        assert_eq!(API_REQUESTS, Decimal::from(1_000_000));
    }

    #[test]
    fn an_allowance_is_used_up_across_lines() {
        let mut a = Allowance::new(true, Decimal::from(10));
        assert_eq!(a.take(Decimal::from(4)), (Decimal::ZERO, Decimal::from(4)));
        assert_eq!(
            a.take(Decimal::from(8)),
            (Decimal::from(2), Decimal::from(6))
        );
        assert_eq!(a.take(Decimal::from(3)), (Decimal::from(3), Decimal::ZERO));
        let mut off = Allowance::new(false, Decimal::from(10));
        assert_eq!(
            off.take(Decimal::from(3)),
            (Decimal::from(3), Decimal::ZERO)
        );
    }
}
