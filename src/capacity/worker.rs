//! Task counts for queue workers: offered load = jobs per second × mean job duration (Little's
//! law), sized as an M/M/c queue with a mean queue-wait objective (reference §6.4 step 2).
#![allow(clippy::float_arithmetic)] // queueing maths is f64 by nature; counts come out as integers

use super::sizing::{Assessment, Objective, ServiceLoad, ServiceSizing};
use crate::error::Result;

/// Load and policy for a worker service.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkerLoad {
    pub avg_jobs_per_s: f64,
    pub peak_jobs_per_s: f64,
    pub job_duration_s: f64,
    /// Jobs one task runs at once.
    pub concurrency_per_task: u32,
    pub target_utilisation: f64,
    /// Mean time a job may wait in the queue before a worker picks it up; `None` = utilisation only.
    pub max_queue_wait_s: Option<f64>,
    pub zones: u32,
    pub min_tasks: u64,
}

impl WorkerLoad {
    /// The same load expressed as a service load, so workers share the sizing rule.
    pub fn as_service_load(&self) -> ServiceLoad {
        ServiceLoad {
            avg_rate_per_s: self.avg_jobs_per_s,
            peak_rate_per_s: self.peak_jobs_per_s,
            service_time_s: self.job_duration_s,
            concurrency_per_task: self.concurrency_per_task,
            target_utilisation: self.target_utilisation,
            objective: match self.max_queue_wait_s {
                Some(max_s) => Objective::MeanWait { max_s },
                None => Objective::UtilisationOnly,
            },
            zones: self.zones,
            min_tasks: self.min_tasks,
        }
    }

    /// Busy job slots on average: jobs per second × duration.
    pub fn busy_slots_avg(&self) -> f64 {
        self.avg_jobs_per_s * self.job_duration_s
    }

    pub fn size(&self) -> Result<ServiceSizing> {
        self.as_service_load().size()
    }

    pub fn assess(&self, sizing: &ServiceSizing, provisioned: u64) -> Result<Assessment> {
        self.as_service_load().assess(sizing, provisioned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::sizing::Status;

    fn worker() -> WorkerLoad {
        WorkerLoad {
            avg_jobs_per_s: 2.0,
            peak_jobs_per_s: 6.0,
            job_duration_s: 2.0,
            concurrency_per_task: 2,
            target_utilisation: 0.75,
            max_queue_wait_s: Some(5.0),
            zones: 2,
            min_tasks: 1,
        }
    }

    #[test]
    fn jobs_times_duration_sets_the_floor() {
        let w = worker();
        assert_eq!(w.busy_slots_avg(), 4.0);
        // peak: 12 E / 0.75 → 16 slots → 8 tasks → ×2 over 2 AZs → 16
        let s = w.size().unwrap();
        assert_eq!(s.servers_needed, 16);
        assert_eq!(s.tasks_needed, 8);
        assert_eq!(s.tasks_required, 16);
        assert_eq!(w.assess(&s, 5).unwrap().status, Status::Under);
    }

    #[test]
    fn a_tight_wait_objective_adds_slots() {
        let mut w = worker();
        w.max_queue_wait_s = Some(0.01);
        let s = w.size().unwrap();
        assert!(s.servers_needed > 16, "{s:?}");
        assert!(s.at_need.mean_wait_s <= 0.01);
    }
}
