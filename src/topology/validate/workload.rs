//! Validation of `[load]`, `[service.load]` and `[recovery]`: ranges, units, defaults, and the
//! relations between keys (a rate needs its service time, peak is not below average).

use super::Validator;
use crate::error::Result;
use crate::topology::located::{Located, Num};
use crate::topology::workload::CrossRegion;
use crate::topology::workload::*;
use rust_decimal::Decimal;

/// Largest offered load (peak rate × service time, in concurrently busy slots) costplan sizes.
pub const MAX_OFFERED_LOAD: i64 = 500_000;
const MAX_RATE: i64 = 10_000_000;
const MS_PER_HOUR: i64 = 3_600_000;
const SECONDS_PER_DAY: i64 = 86_400;
const MINUTES_PER_YEAR: i64 = 525_600;

fn dec(v: i64) -> Decimal {
    Decimal::from(v)
}

/// `[load]` values that services inherit.
struct Defaults {
    target_utilisation_percent: Decimal,
    wait_threshold_ms: Decimal,
    wait_probability_percent: Decimal,
    concurrency_per_task: u32,
    request_bytes: Decimal,
    response_bytes: Decimal,
    internet_egress_percent: Option<Decimal>,
    nat_percent: Decimal,
    cross_az_percent: Decimal,
    db_connections_per_task: u32,
}

impl Validator<'_> {
    fn percent(&self, v: &Option<Located<Num>>, what: &str, default: Decimal) -> Result<Decimal> {
        self.opt_number(v, what, default, Decimal::ZERO, Decimal::ONE_HUNDRED)
    }

    /// A strictly positive percentage (utilisation, probability).
    fn positive_percent(
        &self,
        v: &Option<Located<Num>>,
        what: &str,
        default: Decimal,
    ) -> Result<Decimal> {
        self.opt_number(v, what, default, Decimal::new(1, 3), Decimal::ONE_HUNDRED)
    }

    fn bytes(&self, v: &Option<Located<Num>>, what: &str, default: Decimal) -> Result<Decimal> {
        self.opt_number(v, what, default, Decimal::ZERO, dec(1_000_000_000))
    }

    /// Validates `[load]` (or its absence) and every `[service.load]`, in service order.
    pub(super) fn workload(
        &self,
        raw: Option<&LoadRaw>,
        services: &[Option<&ServiceLoadRaw>],
        load_balancer_azs: Option<u32>,
    ) -> Result<(Load, Vec<Option<ServiceLoad>>)> {
        let empty = LoadRaw::default();
        let l = raw.unwrap_or(&empty);
        let zones = self.opt_whole(
            &l.availability_zones,
            "availability_zones",
            load_balancer_azs.unwrap_or(2),
            6,
        )?;
        if zones == 0 {
            let span = l.availability_zones.as_ref().map_or(0..0, |v| v.span());
            return Err(self.err(
                span,
                "`availability_zones` must be at least 1".into(),
                Some("tasks run in 1 to 6 Availability Zones; 2 or 3 survive an AZ loss".into()),
            ));
        }
        let db_avg_cpu_percent = l
            .db_avg_cpu_percent
            .as_ref()
            .map(|v| self.number(v, "db_avg_cpu_percent", Decimal::ZERO, Decimal::ONE_HUNDRED))
            .transpose()?;
        let db_peak_cpu_percent = match &l.db_peak_cpu_percent {
            Some(v) => {
                let peak = self.number(
                    v,
                    "db_peak_cpu_percent",
                    Decimal::ZERO,
                    Decimal::ONE_HUNDRED,
                )?;
                if let Some(avg) = db_avg_cpu_percent
                    && peak < avg
                {
                    return Err(self.err(
                        v.span(),
                        format!(
                            "`db_peak_cpu_percent` ({peak}) is below `db_avg_cpu_percent` ({avg})"
                        ),
                        Some("the peak is the busiest hour; it cannot be below the average".into()),
                    ));
                }
                Some(peak)
            }
            None => db_avg_cpu_percent,
        };
        let db_max_connections = l
            .db_max_connections
            .as_ref()
            .map(|v| {
                self.whole(v, "db_max_connections", 262_143).and_then(|n| {
                    if n == 0 {
                        Err(self.err(
                            v.span(),
                            "`db_max_connections` must be at least 1".into(),
                            None,
                        ))
                    } else {
                        Ok(u64::from(n))
                    }
                })
            })
            .transpose()?;
        let defaults = Defaults {
            target_utilisation_percent: self.positive_percent(
                &l.target_utilisation_percent,
                "target_utilisation_percent",
                dec(70),
            )?,
            wait_threshold_ms: self.opt_number(
                &l.wait_threshold_ms,
                "wait_threshold_ms",
                dec(100),
                Decimal::ZERO,
                dec(MS_PER_HOUR),
            )?,
            wait_probability_percent: self.positive_percent(
                &l.wait_probability_percent,
                "wait_probability_percent",
                dec(5),
            )?,
            concurrency_per_task: self.concurrency(&l.concurrency_per_task, 4)?,
            request_bytes: self.bytes(&l.request_bytes, "request_bytes", dec(1_000))?,
            response_bytes: self.bytes(&l.response_bytes, "response_bytes", dec(10_000))?,
            internet_egress_percent: l
                .internet_egress_percent
                .as_ref()
                .map(|v| {
                    self.number(
                        v,
                        "internet_egress_percent",
                        Decimal::ZERO,
                        Decimal::ONE_HUNDRED,
                    )
                })
                .transpose()?,
            nat_percent: self.percent(&l.nat_percent, "nat_percent", Decimal::ZERO)?,
            cross_az_percent: self.percent(
                &l.cross_az_percent,
                "cross_az_percent",
                Decimal::ZERO,
            )?,
            db_connections_per_task: self.opt_whole(
                &l.db_connections_per_task,
                "db_connections_per_task",
                0,
                5_000,
            )?,
        };
        let deploy_maximum_percent = self.opt_whole(
            &l.deploy_maximum_percent,
            "deploy_maximum_percent",
            200,
            400,
        )?;
        if deploy_maximum_percent < 100 {
            let span = l.deploy_maximum_percent.as_ref().map_or(0..0, |v| v.span());
            return Err(self.err(
                span,
                format!(
                    "`deploy_maximum_percent` must be at least 100, found {deploy_maximum_percent}"
                ),
                Some(
                    "ECS `maximumPercent` is 100 to 200 for rolling deployments (default 200)"
                        .into(),
                ),
            ));
        }
        let mut stated_shares = StatedShares {
            internet_egress: l.internet_egress_percent.is_some(),
            nat: l.nat_percent.is_some(),
            cross_az: l.cross_az_percent.is_some(),
        };
        let mut service_loads = Vec::with_capacity(services.len());
        for s in services {
            service_loads.push(match s {
                Some(s) => {
                    stated_shares.internet_egress |= s.internet_egress_percent.is_some();
                    stated_shares.nat |= s.nat_percent.is_some();
                    stated_shares.cross_az |= s.cross_az_percent.is_some();
                    Some(self.service_load(s, &defaults)?)
                }
                None => None,
            });
        }
        let load = Load {
            stated: raw.is_some() || services.iter().any(Option::is_some),
            availability_zones: zones,
            deploy_maximum_percent,
            requests_per_connection: self.opt_number(
                &l.requests_per_connection,
                "requests_per_connection",
                dec(10),
                Decimal::ONE,
                dec(1_000_000),
            )?,
            connection_duration_seconds: self.opt_number(
                &l.connection_duration_seconds,
                "connection_duration_seconds",
                dec(60),
                Decimal::ZERO,
                dec(SECONDS_PER_DAY),
            )?,
            rules_per_request: self.opt_number(
                &l.rules_per_request,
                "rules_per_request",
                Decimal::ONE,
                Decimal::ZERO,
                dec(100),
            )?,
            cache_data_gb: l
                .cache_data_gb
                .as_ref()
                .map(|v| self.number(v, "cache_data_gb", Decimal::ZERO, dec(1_000_000)))
                .transpose()?,
            cache_reserved_memory_percent: self.opt_whole(
                &l.cache_reserved_memory_percent,
                "cache_reserved_memory_percent",
                25,
                99,
            )?,
            db_max_connections,
            db_avg_cpu_percent,
            db_peak_cpu_percent,
            db_peak_hours_per_day: self.opt_number(
                &l.db_peak_hours_per_day,
                "db_peak_hours_per_day",
                Decimal::ZERO,
                Decimal::ZERO,
                dec(24),
            )?,
            stated_shares,
        };
        Ok((load, service_loads))
    }

    fn concurrency(&self, v: &Option<Located<Num>>, default: u32) -> Result<u32> {
        let n = self.opt_whole(v, "concurrency_per_task", default, 10_000)?;
        if n == 0 {
            let span = v.as_ref().map_or(0..0, |v| v.span());
            return Err(self.err(
                span,
                "`concurrency_per_task` must be at least 1".into(),
                Some("the number of requests or jobs one task works on at once".into()),
            ));
        }
        Ok(n)
    }

    /// A rate pair (average, peak): either may be given, the other defaults to it; peak ≥ average.
    fn rates(
        &self,
        avg: &Option<Located<Num>>,
        peak: &Option<Located<Num>>,
        avg_key: &str,
        peak_key: &str,
    ) -> Result<Option<(Decimal, Decimal)>> {
        let max = dec(MAX_RATE);
        let a = avg
            .as_ref()
            .map(|v| self.number(v, avg_key, Decimal::ZERO, max))
            .transpose()?;
        let p = peak
            .as_ref()
            .map(|v| self.number(v, peak_key, Decimal::ZERO, max))
            .transpose()?;
        match (a, p) {
            (None, None) => Ok(None),
            (Some(a), None) => Ok(Some((a, a))),
            (None, Some(p)) => Ok(Some((p, p))),
            (Some(a), Some(p)) if p < a => Err(self.err(
                peak.as_ref().map_or(0..0, |v| v.span()),
                format!("`{peak_key}` ({p}) is below `{avg_key}` ({a})"),
                Some("the peak is the busiest rate the service must serve; it cannot be below the average".into()),
            )),
            (Some(a), Some(p)) => Ok(Some((a, p))),
        }
    }

    fn service_load(&self, s: &ServiceLoadRaw, d: &Defaults) -> Result<ServiceLoad> {
        let requests = self.rates(
            &s.avg_requests_per_second,
            &s.peak_requests_per_second,
            "avg_requests_per_second",
            "peak_requests_per_second",
        )?;
        let jobs = self.rates(
            &s.avg_jobs_per_second,
            &s.peak_jobs_per_second,
            "avg_jobs_per_second",
            "peak_jobs_per_second",
        )?;
        let rate_span = |a: &Option<Located<Num>>, p: &Option<Located<Num>>| {
            a.as_ref().or(p.as_ref()).map_or(0..0, |v| v.span())
        };
        let workload = match (requests, jobs) {
            (Some(_), Some(_)) => {
                return Err(self.err(
                    rate_span(&s.avg_jobs_per_second, &s.peak_jobs_per_second),
                    "a service either serves requests or runs jobs, not both".into(),
                    Some(
                        "split the work into two services, or keep only one of the two rates"
                            .into(),
                    ),
                ));
            }
            (Some((avg, peak)), None) => {
                let Some(st) = &s.service_time_ms else {
                    return Err(self.err(
                        rate_span(&s.avg_requests_per_second, &s.peak_requests_per_second),
                        "a request rate needs `service_time_ms`".into(),
                        Some("add `service_time_ms = 50`: the mean time a task slot spends on one request".into()),
                    ));
                };
                let service_time_ms =
                    self.number(st, "service_time_ms", Decimal::new(1, 3), dec(MS_PER_HOUR))?;
                self.offered_load(peak, service_time_ms / dec(1000), st)?;
                Workload::Requests {
                    avg_per_second: avg,
                    peak_per_second: peak,
                    service_time_ms,
                    wait_threshold_ms: self.opt_number(
                        &s.wait_threshold_ms,
                        "wait_threshold_ms",
                        d.wait_threshold_ms,
                        Decimal::ZERO,
                        dec(MS_PER_HOUR),
                    )?,
                    wait_probability_percent: self.positive_percent(
                        &s.wait_probability_percent,
                        "wait_probability_percent",
                        d.wait_probability_percent,
                    )?,
                }
            }
            (None, Some((avg, peak))) => {
                let Some(js) = &s.job_duration_seconds else {
                    return Err(self.err(
                        rate_span(&s.avg_jobs_per_second, &s.peak_jobs_per_second),
                        "a job rate needs `job_duration_seconds`".into(),
                        Some("add `job_duration_seconds = 2`: the mean time one job runs".into()),
                    ));
                };
                let duration_seconds = self.number(
                    js,
                    "job_duration_seconds",
                    Decimal::new(1, 6),
                    dec(SECONDS_PER_DAY),
                )?;
                self.offered_load(peak, duration_seconds, js)?;
                Workload::Jobs {
                    avg_per_second: avg,
                    peak_per_second: peak,
                    duration_seconds,
                    max_queue_wait_seconds: s
                        .max_queue_wait_seconds
                        .as_ref()
                        .map(|v| {
                            self.number(
                                v,
                                "max_queue_wait_seconds",
                                Decimal::new(1, 3),
                                dec(SECONDS_PER_DAY),
                            )
                        })
                        .transpose()?,
                }
            }
            (None, None) => {
                for (key, v) in [
                    ("service_time_ms", &s.service_time_ms),
                    ("job_duration_seconds", &s.job_duration_seconds),
                    ("max_queue_wait_seconds", &s.max_queue_wait_seconds),
                ] {
                    if let Some(v) = v {
                        return Err(self.err(
                            v.span(),
                            format!("`{key}` without a rate"),
                            Some(
                                "add `avg_requests_per_second` (with `service_time_ms`) or `avg_jobs_per_second` (with `job_duration_seconds`)"
                                    .into(),
                            ),
                        ));
                    }
                }
                Workload::Unstated
            }
        };
        let serves_requests = matches!(workload, Workload::Requests { .. });
        Ok(ServiceLoad {
            concurrency_per_task: match &s.concurrency_per_task {
                Some(_) => self.concurrency(&s.concurrency_per_task, d.concurrency_per_task)?,
                None => d.concurrency_per_task,
            },
            target_utilisation_percent: self.positive_percent(
                &s.target_utilisation_percent,
                "target_utilisation_percent",
                d.target_utilisation_percent,
            )?,
            min_tasks: s
                .min_tasks
                .as_ref()
                .map(|v| self.whole(v, "min_tasks", super::MAX_TASKS_PER_SERVICE))
                .transpose()?,
            request_bytes: self.bytes(&s.request_bytes, "request_bytes", d.request_bytes)?,
            response_bytes: self.bytes(&s.response_bytes, "response_bytes", d.response_bytes)?,
            internet_egress_percent: self.percent(
                &s.internet_egress_percent,
                "internet_egress_percent",
                d.internet_egress_percent.unwrap_or(if serves_requests {
                    Decimal::ONE_HUNDRED
                } else {
                    Decimal::ZERO
                }),
            )?,
            nat_percent: self.percent(&s.nat_percent, "nat_percent", d.nat_percent)?,
            cross_az_percent: self.percent(
                &s.cross_az_percent,
                "cross_az_percent",
                d.cross_az_percent,
            )?,
            db_connections_per_task: self.opt_whole(
                &s.db_connections_per_task,
                "db_connections_per_task",
                d.db_connections_per_task,
                5_000,
            )?,
            needed_vcpu: s
                .needed_vcpu
                .as_ref()
                .map(|v| self.number(v, "needed_vcpu", Decimal::ZERO, dec(16)))
                .transpose()?,
            needed_memory_gb: s
                .needed_memory_gb
                .as_ref()
                .map(|v| self.number(v, "needed_memory_gb", Decimal::ZERO, dec(120)))
                .transpose()?,
            workload,
        })
    }

    /// Rejects loads beyond what costplan sizes, pointing at the duration key.
    fn offered_load(&self, peak: Decimal, seconds: Decimal, at: &Located<Num>) -> Result<()> {
        let load = peak.checked_mul(seconds).unwrap_or(Decimal::MAX);
        if load > dec(MAX_OFFERED_LOAD) {
            return Err(self.err(
                at.span(),
                format!(
                    "peak rate × duration is {} concurrently busy slots, above the {MAX_OFFERED_LOAD} costplan sizes",
                    load.round_dp(0)
                ),
                Some("check the units: rates are per second, `service_time_ms` is in milliseconds".into()),
            ));
        }
        Ok(())
    }

    pub(super) fn recovery(&self, r: &RecoveryRaw) -> Result<Recovery> {
        let minutes = |v: &Located<Num>, what: &str| {
            self.number(v, what, Decimal::new(1, 2), dec(MINUTES_PER_YEAR))
        };
        let cross_region = match &r.cross_region {
            Some(v) => match self.choice(
                v,
                "cross_region",
                &["none", "backup-replication", "read-replica"],
            )? {
                "backup-replication" => CrossRegion::BackupReplication,
                "read-replica" => CrossRegion::ReadReplica,
                _ => CrossRegion::None,
            },
            None => CrossRegion::None,
        };
        Ok(Recovery {
            rto_minutes: minutes(&r.rto_minutes, "rto_minutes")?,
            rpo_minutes: minutes(&r.rpo_minutes, "rpo_minutes")?,
            cross_region,
            dr_stack_provisioned: r.dr_stack_provisioned.as_ref().is_some_and(|b| *b.get()),
            tested_restore_minutes: r
                .tested_restore_minutes
                .as_ref()
                .map(|v| {
                    self.number(
                        v,
                        "tested_restore_minutes",
                        Decimal::ZERO,
                        dec(MINUTES_PER_YEAR),
                    )
                })
                .transpose()?,
            region_loss_in_scope: r.region_loss_in_scope.as_ref().is_none_or(|b| *b.get()),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use crate::topology::workload::CrossRegion;
    use crate::topology::workload::Workload;
    use crate::{PriceCatalog, Topology};
    use rust_decimal::Decimal;

    fn parse(text: &str) -> crate::Result<Topology> {
        let catalog = PriceCatalog::bundled().unwrap();
        crate::topology::parse(&SourceFile::new("t.toml", text), &catalog)
    }

    const SERVICE: &str = "name = \"t\"\nregion = \"us-east-1\"\n[[service]]\nname = \"api\"\ncount = 2\nvcpu = 0.5\nmemory_gb = 1\n";

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn defaults_apply_without_load() {
        let t = parse(SERVICE).unwrap();
        assert!(!t.load.stated);
        assert_eq!(t.load.availability_zones, 2);
        assert_eq!(t.load.deploy_maximum_percent, 200);
        assert_eq!(t.load.requests_per_connection, d("10"));
        assert_eq!(t.load.cache_reserved_memory_percent, 25);
        assert!(t.services[0].load.is_none());
        assert!(t.recovery.is_none());
    }

    #[test]
    fn service_load_inherits_and_overrides_load_defaults() {
        let t = parse(&format!(
            "{SERVICE}[service.load]\navg_requests_per_second = 10\nservice_time_ms = 50\nnat_percent = 20\n\
             [load]\nconcurrency_per_task = 8\ntarget_utilisation_percent = 60\nnat_percent = 5\nresponse_bytes = 500\n"
        ))
        .unwrap();
        assert!(t.load.stated);
        assert!(t.load.stated_shares.nat && !t.load.stated_shares.cross_az);
        let l = t.services[0].load.as_ref().unwrap();
        assert_eq!(l.concurrency_per_task, 8);
        assert_eq!(l.target_utilisation_percent, d("60"));
        assert_eq!(l.nat_percent, d("20"));
        assert_eq!(l.response_bytes, d("500"));
        assert_eq!(l.internet_egress_percent, d("100"));
        match &l.workload {
            Workload::Requests {
                avg_per_second,
                peak_per_second,
                wait_threshold_ms,
                wait_probability_percent,
                ..
            } => {
                // peak defaults to the average; the objective to P(wait > 100 ms) <= 5 %
                assert_eq!((*avg_per_second, *peak_per_second), (d("10"), d("10")));
                assert_eq!(
                    (*wait_threshold_ms, *wait_probability_percent),
                    (d("100"), d("5"))
                );
            }
            w => panic!("expected requests, got {w:?}"),
        }
    }

    #[test]
    fn jobs_default_to_no_internet_egress_and_zones_follow_the_load_balancer() {
        let t = parse(&format!(
            "{SERVICE}[service.load]\npeak_jobs_per_second = 4\njob_duration_seconds = 2\n[load_balancer]\nazs = 3\n"
        ))
        .unwrap();
        assert_eq!(t.load.availability_zones, 3);
        let l = t.services[0].load.as_ref().unwrap();
        assert_eq!(l.internet_egress_percent, Decimal::ZERO);
        assert!(matches!(
            l.workload,
            Workload::Jobs { avg_per_second, max_queue_wait_seconds: None, .. } if avg_per_second == d("4")
        ));
    }

    #[test]
    fn recovery_section() {
        let t = parse(&format!(
            "{SERVICE}[recovery]\nrto_minutes = 60\nrpo_minutes = 5\ncross_region = \"backup-replication\"\n"
        ))
        .unwrap();
        let r = t.recovery.unwrap();
        assert_eq!((r.rto_minutes, r.rpo_minutes), (d("60"), d("5")));
        assert_eq!(r.cross_region, CrossRegion::BackupReplication);
        assert!(r.region_loss_in_scope && !r.dr_stack_provisioned);
        assert_eq!(r.tested_restore_minutes, None);
    }

    #[test]
    fn errors_point_at_the_key() {
        let e = parse(&format!("{SERVICE}[load]\nconcurrency_per_task = 0\n"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("t.toml:9:24: `concurrency_per_task` must be at least 1"),
            "{e}"
        );
        let e = parse(&format!(
            "{SERVICE}[load]\ndb_avg_cpu_percent = 50\ndb_peak_cpu_percent = 40\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("t.toml:10:23: `db_peak_cpu_percent` (40) is below"),
            "{e}"
        );
        let e = parse(&format!("{SERVICE}[service.load]\nservice_time_ms = 50\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`service_time_ms` without a rate"), "{e}");
        let e = parse(&format!("{SERVICE}[load]\navailability_zones = 0\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`availability_zones` must be at least 1"), "{e}");
        let e = parse(&format!("{SERVICE}[load]\ndeploy_maximum_percent = 50\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("must be at least 100"), "{e}");
    }
}
