//! Task counts for a request-serving service: the smallest number of concurrency slots that meets
//! a queueing objective at peak without exceeding the target utilisation, turned into tasks, then
//! rounded up so that losing one Availability Zone still leaves enough (reference §6.4).
#![allow(clippy::float_arithmetic)] // queueing maths is f64 by nature; counts come out as integers

use super::erlang_c::{ErlangB, MAX_SERVERS, Metrics, Queue, check_non_negative};
use crate::error::{Error, Result};

/// What "fast enough" means for a queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// P(wait > `threshold_s`) ≤ `max_probability`, e.g. P(wait > 100 ms) ≤ 5 %.
    WaitTail {
        threshold_s: f64,
        max_probability: f64,
    },
    /// Mean wait in queue ≤ `max_s` (workers draining a job queue).
    MeanWait { max_s: f64 },
    /// Only the target utilisation applies.
    UtilisationOnly,
}

impl Objective {
    fn validate(&self) -> Result<()> {
        match *self {
            Objective::WaitTail {
                threshold_s,
                max_probability,
            } => {
                check_non_negative("queueing objective wait threshold (seconds)", threshold_s)?;
                check_non_negative("queueing objective probability", max_probability)?;
                if max_probability <= 0.0 || max_probability > 1.0 {
                    return Err(Error::capacity(format!(
                        "queueing objective probability must be above 0 and at most 1, got {max_probability}"
                    )));
                }
            }
            Objective::MeanWait { max_s } => {
                check_non_negative("maximum mean queue wait (seconds)", max_s)?;
                if max_s <= 0.0 {
                    return Err(Error::capacity(
                        "maximum mean queue wait must be above 0 seconds".to_string(),
                    ));
                }
            }
            Objective::UtilisationOnly => {}
        }
        Ok(())
    }

    /// Whether the objective holds for these steady-state measures.
    pub fn is_met(&self, m: &Metrics) -> bool {
        if !m.stable {
            return false;
        }
        match *self {
            Objective::WaitTail {
                threshold_s,
                max_probability,
            } => m.prob_wait_exceeds(threshold_s) <= max_probability,
            Objective::MeanWait { max_s } => m.mean_wait_s <= max_s,
            Objective::UtilisationOnly => true,
        }
    }
}

/// The smallest server count meeting utilisation and objective, with how it was bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServerRequirement {
    /// Servers (concurrency slots) needed.
    pub servers: u64,
    /// ceil(A / target utilisation): the floor set by utilisation alone.
    pub by_utilisation: u64,
    /// Measures at `servers`.
    pub metrics: Metrics,
}

/// Checks a target utilisation: in (0, 1].
pub fn check_target_utilisation(target: f64) -> Result<()> {
    check_non_negative("target utilisation", target)?;
    if target <= 0.0 || target > 1.0 {
        return Err(Error::capacity(format!(
            "target utilisation must be above 0 and at most 1 (100%), got {target}"
        )));
    }
    Ok(())
}

/// The smallest `c` with A/c ≤ `target_utilisation`, the queue stable (c > A) and `objective` met.
///
/// One Erlang B recursion walks from 0 to the answer, so the cost is `O(answer)` divisions.
pub fn required_servers(
    queue: &Queue,
    target_utilisation: f64,
    objective: &Objective,
) -> Result<ServerRequirement> {
    check_target_utilisation(target_utilisation)?;
    objective.validate()?;
    let load = queue.offered_load();
    let by_utilisation_f = (load / target_utilisation).ceil();
    if !by_utilisation_f.is_finite() || by_utilisation_f > MAX_SERVERS as f64 {
        return Err(too_many(load));
    }
    let by_utilisation = by_utilisation_f as u64;
    if load == 0.0 {
        let walk = ErlangB::new(0.0);
        return Ok(ServerRequirement {
            servers: 0,
            by_utilisation: 0,
            metrics: Metrics::from_walk(queue, &walk),
        });
    }
    // stability needs c > A strictly
    let stable_floor = load.floor() as u64 + 1;
    let start = by_utilisation.max(stable_floor);
    let mut walk = ErlangB::new(load);
    walk.advance_to(start);
    loop {
        let metrics = Metrics::from_walk(queue, &walk);
        if objective.is_met(&metrics) {
            return Ok(ServerRequirement {
                servers: walk.servers(),
                by_utilisation,
                metrics,
            });
        }
        if walk.servers() >= MAX_SERVERS {
            return Err(too_many(load));
        }
        walk.step();
    }
}

fn too_many(load: f64) -> Error {
    Error::capacity(format!(
        "a load of {load:.1} erlangs needs more than {MAX_SERVERS} concurrent slots to meet its \
         objective; check the request rate and service time"
    ))
}

/// `tasks` rounded up so that losing any one of `zones` AZs leaves at least `tasks`, then up to a
/// multiple of `zones` so the tasks spread evenly: `ceil(N·k/(k−1))`, rounded to a multiple of k.
/// With one zone there is nothing to survive and `tasks` is returned unchanged.
pub fn az_loss_rounding(tasks: u64, zones: u32) -> Result<u64> {
    if zones == 0 {
        return Err(Error::capacity(
            "a service needs at least one availability zone".to_string(),
        ));
    }
    if zones == 1 || tasks == 0 {
        return Ok(tasks);
    }
    let k = u64::from(zones);
    let overflow = || Error::overflow("the AZ-loss task count");
    let scaled = tasks
        .checked_mul(k)
        .and_then(|n| n.checked_add(k - 2))
        .ok_or_else(overflow)?
        / (k - 1);
    let balanced = scaled.div_ceil(k).checked_mul(k).ok_or_else(overflow)?;
    Ok(balanced)
}

/// Load and policy for one request-serving service.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceLoad {
    pub avg_rate_per_s: f64,
    pub peak_rate_per_s: f64,
    pub service_time_s: f64,
    /// Requests one task serves at once (threads, event-loop slots, worker processes).
    pub concurrency_per_task: u32,
    pub target_utilisation: f64,
    pub objective: Objective,
    /// Availability Zones the tasks spread over.
    pub zones: u32,
    /// Never fewer tasks than this (default: one per zone).
    pub min_tasks: u64,
}

/// Required tasks for one service and the steps that led there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceSizing {
    /// Concurrency slots needed at peak (Erlang C + utilisation).
    pub servers_needed: u64,
    /// ceil(servers / concurrency per task), before AZ rounding.
    pub tasks_needed: u64,
    /// After the AZ-loss rounding, the minimum and even spreading: the count to provision.
    pub tasks_required: u64,
    /// Tasks per zone at `tasks_required`.
    pub tasks_per_zone: u64,
    pub zones: u32,
    /// Measures at peak with exactly `servers_needed` slots.
    pub at_need: Metrics,
}

/// Whether a provisioned count fits what is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Ok,
    /// Fewer tasks than required.
    Under,
    /// More than twice what is required.
    Over,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Under => "under",
            Status::Over => "over",
        }
    }

    /// `under` below the requirement, `over` above twice of it, `ok` otherwise.
    pub fn of(provisioned: u64, required: u64) -> Status {
        if provisioned < required {
            Status::Under
        } else if provisioned > required.saturating_mul(2) {
            Status::Over
        } else {
            Status::Ok
        }
    }
}

/// The provisioned count measured against the load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    pub provisioned: u64,
    pub required: u64,
    /// Utilisation of the provisioned slots at the average and peak rate (∞ with no tasks).
    pub utilisation_avg: f64,
    pub utilisation_peak: f64,
    /// Mean queue wait at peak with the provisioned count (∞ if unstable).
    pub mean_wait_peak_s: f64,
    /// Whether the objective holds at peak with the provisioned count.
    pub objective_met: bool,
    pub status: Status,
}

impl ServiceLoad {
    fn validate(&self) -> Result<()> {
        check_non_negative("average request rate (per second)", self.avg_rate_per_s)?;
        check_non_negative("peak request rate (per second)", self.peak_rate_per_s)?;
        if self.peak_rate_per_s < self.avg_rate_per_s {
            return Err(Error::capacity(format!(
                "peak rate ({}) is below the average rate ({})",
                self.peak_rate_per_s, self.avg_rate_per_s
            )));
        }
        if self.concurrency_per_task == 0 {
            return Err(Error::capacity(
                "concurrency per task must be at least 1".to_string(),
            ));
        }
        Ok(())
    }

    fn queue(&self, rate: f64) -> Result<Queue> {
        Queue::new(rate, self.service_time_s)
    }

    /// Required tasks at peak.
    pub fn size(&self) -> Result<ServiceSizing> {
        self.validate()?;
        let need = required_servers(
            &self.queue(self.peak_rate_per_s)?,
            self.target_utilisation,
            &self.objective,
        )?;
        let tasks_needed = need.servers.div_ceil(u64::from(self.concurrency_per_task));
        let floor = self.min_tasks.max(u64::from(self.zones.max(1)));
        let tasks_required = az_loss_rounding(tasks_needed, self.zones)?.max(floor);
        // keep the spread even after applying the minimum
        let zones = u64::from(self.zones.max(1));
        let tasks_required = tasks_required.div_ceil(zones) * zones;
        Ok(ServiceSizing {
            servers_needed: need.servers,
            tasks_needed,
            tasks_required,
            tasks_per_zone: tasks_required / zones,
            zones: self.zones,
            at_need: need.metrics,
        })
    }

    /// Measures `provisioned` tasks against the load and the sizing.
    pub fn assess(&self, sizing: &ServiceSizing, provisioned: u64) -> Result<Assessment> {
        self.validate()?;
        let slots = provisioned.saturating_mul(u64::from(self.concurrency_per_task));
        let avg = self.queue(self.avg_rate_per_s)?;
        let peak = self.queue(self.peak_rate_per_s)?;
        let utilisation = |q: &Queue| {
            let a = q.offered_load();
            if slots == 0 {
                if a > 0.0 { f64::INFINITY } else { 0.0 }
            } else {
                a / slots as f64
            }
        };
        // beyond MAX_SERVERS the walk would be long; the queue is then certainly idle
        let peak_metrics = peak.metrics(slots.min(MAX_SERVERS));
        Ok(Assessment {
            provisioned,
            required: sizing.tasks_required,
            utilisation_avg: utilisation(&avg),
            utilisation_peak: utilisation(&peak),
            mean_wait_peak_s: peak_metrics.mean_wait_s,
            objective_met: self.objective.is_met(&peak_metrics)
                && utilisation(&peak) <= self.target_utilisation,
            status: Status::of(provisioned, sizing.tasks_required),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(peak: f64) -> ServiceLoad {
        ServiceLoad {
            avg_rate_per_s: peak / 3.0,
            peak_rate_per_s: peak,
            service_time_s: 0.05,
            concurrency_per_task: 10,
            target_utilisation: 0.7,
            objective: Objective::WaitTail {
                threshold_s: 0.1,
                max_probability: 0.05,
            },
            zones: 2,
            min_tasks: 2,
        }
    }

    #[test]
    fn twenty_erlangs_need_twenty_six_servers_for_fifteen_percent() {
        let q = Queue::new(600.0 / 3600.0, 120.0).unwrap();
        let r = required_servers(
            &q,
            1.0,
            &Objective::WaitTail {
                threshold_s: 0.0,
                max_probability: 0.15,
            },
        )
        .unwrap();
        assert_eq!(r.servers, 26);
        assert!((r.metrics.prob_wait - 0.1434).abs() < 0.0001);
        // target utilisation can bind instead: 20 / 0.7 → 29
        let r = required_servers(&q, 0.7, &Objective::UtilisationOnly).unwrap();
        assert_eq!((r.servers, r.by_utilisation), (29, 29));
    }

    #[test]
    fn mean_wait_objective() {
        // A = 10, h = 180 s: ASA 17.1 s at 13 servers, 7.8 s at 14
        let q = Queue::new(10.0 / 180.0, 180.0).unwrap();
        let r = required_servers(&q, 1.0, &Objective::MeanWait { max_s: 10.0 }).unwrap();
        assert_eq!(r.servers, 14);
    }

    #[test]
    fn utilisation_exactly_one_still_needs_a_stable_queue() {
        let q = Queue::new(2.0, 1.0).unwrap();
        let r = required_servers(&q, 1.0, &Objective::UtilisationOnly).unwrap();
        assert_eq!(r.servers, 3);
    }

    #[test]
    fn az_rounding_matches_the_ecs_guide() {
        // 60 hosts → 120 over 2 AZs, 90 over 3 AZs
        assert_eq!(az_loss_rounding(60, 2).unwrap(), 120);
        assert_eq!(az_loss_rounding(60, 3).unwrap(), 90);
        // 5 over 3 AZs: ceil(7.5) = 8 → 9 (3 per AZ; losing one leaves 6 ≥ 5)
        assert_eq!(az_loss_rounding(5, 3).unwrap(), 9);
        assert_eq!(az_loss_rounding(7, 1).unwrap(), 7);
        assert!(az_loss_rounding(u64::MAX, 2).is_err());
        assert!(az_loss_rounding(1, 0).is_err());
    }

    #[test]
    fn service_sizing_and_status() {
        // 200 rps × 50 ms = 10 E; /0.7 → 15 slots, objective may add; 10 per task → 2 tasks → ×2 → 4
        let load = api(200.0);
        let s = load.size().unwrap();
        assert!(s.servers_needed >= 15, "{s:?}");
        assert_eq!(s.tasks_needed, 2);
        assert_eq!(s.tasks_required, 4);
        assert_eq!(s.tasks_per_zone, 2);
        let under = load.assess(&s, 2).unwrap();
        assert_eq!(under.status, Status::Under);
        let ok = load.assess(&s, 4).unwrap();
        assert_eq!(ok.status, Status::Ok);
        assert!((ok.utilisation_peak - 0.25).abs() < 1e-12);
        assert!((ok.utilisation_avg - 0.25 / 3.0).abs() < 1e-12);
        assert!(ok.objective_met);
        assert_eq!(load.assess(&s, 8).unwrap().status, Status::Ok);
        assert_eq!(load.assess(&s, 9).unwrap().status, Status::Over);
        let none = load.assess(&s, 0).unwrap();
        assert!(none.utilisation_peak.is_infinite() && none.mean_wait_peak_s.is_infinite());
    }

    #[test]
    fn zero_load_still_keeps_one_task_per_zone() {
        let s = api(0.0).size().unwrap();
        assert_eq!((s.servers_needed, s.tasks_required), (0, 2));
    }

    #[test]
    fn bad_parameters_are_errors_not_panics() {
        let mut l = api(100.0);
        l.target_utilisation = 0.0;
        assert!(l.size().is_err());
        l = api(100.0);
        l.avg_rate_per_s = 200.0;
        assert!(
            l.size()
                .unwrap_err()
                .to_string()
                .contains("below the average")
        );
        l = api(100.0);
        l.objective = Objective::WaitTail {
            threshold_s: 0.1,
            max_probability: 0.0,
        };
        assert!(l.size().is_err());
        l = api(f64::NAN);
        assert!(l.size().is_err());
        l = api(1e9);
        assert!(l.size().is_err());
        l = api(100.0);
        l.concurrency_per_task = 0;
        assert!(l.size().is_err());
    }

    #[test]
    fn ten_thousand_servers() {
        // 9,000 E at 0.9 → 10,000 slots at least
        let q = Queue::new(9_000.0, 1.0).unwrap();
        let r = required_servers(
            &q,
            0.9,
            &Objective::WaitTail {
                threshold_s: 0.01,
                max_probability: 0.01,
            },
        )
        .unwrap();
        assert!(r.servers >= 10_000 && r.servers < 10_100, "{r:?}");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::capacity::erlang_c::erlang_c;
    use proptest::prelude::*;

    fn objective() -> impl Strategy<Value = Objective> {
        prop_oneof![
            (0.0f64..1.0, 0.01f64..0.5).prop_map(|(threshold_s, max_probability)| {
                Objective::WaitTail {
                    threshold_s,
                    max_probability,
                }
            }),
            (0.001f64..2.0).prop_map(|max_s| Objective::MeanWait { max_s }),
            Just(Objective::UtilisationOnly),
        ]
    }

    fn servers(rate: f64, h: f64, u: f64, o: &Objective) -> ServerRequirement {
        required_servers(&Queue::new(rate, h).unwrap(), u, o).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn monotone_in_load(rate in 0.0f64..2000.0, extra in 0.0f64..500.0, h in 0.001f64..1.0,
                            u in 0.5f64..0.95, o in objective()) {
            let low = servers(rate, h, u, &o);
            let high = servers(rate + extra, h, u, &o);
            prop_assert!(low.servers <= high.servers, "{low:?} vs {high:?}");
        }

        #[test]
        fn monotone_in_service_time(rate in 0.0f64..500.0, h in 0.001f64..2.0, extra in 0.0f64..2.0,
                                    u in 0.5f64..0.95, o in objective()) {
            let short = servers(rate, h, u, &o);
            let long = servers(rate, h + extra, u, &o);
            prop_assert!(short.servers <= long.servers, "{short:?} vs {long:?}");
        }

        #[test]
        fn never_below_the_utilisation_floor(rate in 0.0f64..5000.0, h in 0.001f64..1.0,
                                             u in 0.05f64..1.0, o in objective()) {
            let r = servers(rate, h, u, &o);
            let floor = (rate * h / u).ceil() as u64;
            prop_assert!(r.servers >= floor);
            prop_assert_eq!(r.by_utilisation, floor);
            prop_assert!(r.metrics.utilisation <= u || r.servers == 0);
            prop_assert!(o.is_met(&r.metrics));
        }

        #[test]
        fn more_servers_never_raise_the_wait_probability(load in 0.0f64..3000.0, c in 1u64..3500,
                                                         more in 1u64..200, t in 0.0f64..2.0) {
            prop_assert!(erlang_c(c + more, load) <= erlang_c(c, load));
            let q = Queue::new(load, 1.0).unwrap();
            prop_assert!(q.metrics(c + more).prob_wait_exceeds(t) <= q.metrics(c).prob_wait_exceeds(t));
        }

        #[test]
        fn tasks_are_az_safe_and_balanced(peak in 0.0f64..3000.0, conc in 1u32..64, zones in 1u32..4,
                                          min_tasks in 0u64..5) {
            let load = ServiceLoad {
                avg_rate_per_s: peak / 2.0,
                peak_rate_per_s: peak,
                service_time_s: 0.08,
                concurrency_per_task: conc,
                target_utilisation: 0.7,
                objective: Objective::WaitTail { threshold_s: 0.1, max_probability: 0.05 },
                zones,
                min_tasks,
            };
            let s = load.size().unwrap();
            let k = u64::from(zones);
            prop_assert_eq!(s.tasks_required % k, 0);
            prop_assert!(s.tasks_required >= min_tasks);
            // losing one zone (when there is more than one) still leaves what is needed
            let survivors = if zones > 1 { s.tasks_required - s.tasks_per_zone } else { s.tasks_required };
            prop_assert!(survivors >= s.tasks_needed);
            prop_assert!(s.tasks_needed * u64::from(conc) >= s.servers_needed);
        }
    }
}
