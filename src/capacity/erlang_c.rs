//! The M/M/c queue (Erlang C): Poisson arrivals, exponential service times, `c` identical servers.
//!
//! Notation (reference `capacity.md` §6.2): λ arrival rate, h mean service time, offered load
//! A = λ·h in Erlangs, utilisation ρ = A/c. The probability that an arrival waits is computed
//! from the Erlang B recursion `B₀ = 1, B_k = A·B_{k−1} / (k + A·B_{k−1})` (run on 1/B, see
//! [`ErlangB`]) and the conversion `C = B / (1 − ρ(1 − B))`: no factorials or powers, B stays in
//! `[0, 1]`, so nothing overflows at 10,000 servers or more, and the cost is one multiply-add per server.
#![allow(clippy::float_arithmetic)] // queueing maths is f64 by nature; no money flows through here

use crate::error::{Error, Result};

/// Upper bound on the number of servers any calculation walks to, so that every loop is bounded.
pub const MAX_SERVERS: u64 = 1_000_000;

/// Erlang B (blocking probability of M/M/c/c) by the stable recursion; `O(servers)`.
pub fn erlang_b(servers: u64, load: f64) -> f64 {
    let mut walk = ErlangB::new(load);
    walk.advance_to(servers);
    walk.value()
}

/// The Erlang B recursion as a walk over the number of servers, so that a search for the smallest
/// sufficient `c` costs one step per candidate instead of a fresh recursion each time.
///
/// It runs on the reciprocal, `1/B_k = 1 + (k/A)·(1/B_{k−1})`: the same recursion, but each step is
/// a multiply and an add whose other operand (k/A) does not depend on the previous step, so the
/// dependency chain has no division (several times faster at 10,000 servers). All terms
/// are positive, so there is no cancellation; relative rounding error grows at most by one unit per
/// step. When `1/B` overflows to infinity, B is 0 to double precision, which is the right answer.
#[derive(Debug, Clone, Copy)]
pub struct ErlangB {
    load: f64,
    inv_load: f64,
    servers: u64,
    /// 1 / B(servers, A), ≥ 1 (infinite when B underflows).
    inv_b: f64,
}

impl ErlangB {
    /// B(0, A) = 1.
    pub fn new(load: f64) -> Self {
        ErlangB {
            load,
            inv_load: 1.0 / load,
            servers: 0,
            inv_b: 1.0,
        }
    }

    /// Adds one server: B(k) from B(k−1).
    pub fn step(&mut self) {
        self.servers += 1;
        let k_over_a = self.servers as f64 * self.inv_load;
        self.inv_b = self.inv_b * k_over_a + 1.0;
    }

    /// Walks forward to `servers` (no-op if already there or beyond).
    pub fn advance_to(&mut self, servers: u64) {
        while self.servers < servers {
            self.step();
        }
    }

    pub fn servers(&self) -> u64 {
        self.servers
    }

    /// B(servers, A).
    pub fn value(&self) -> f64 {
        1.0 / self.inv_b
    }

    /// C(servers, A); 1 when the queue is unstable (A ≥ c).
    pub fn erlang_c(&self) -> f64 {
        erlang_c_from_b(self.servers, self.load, self.value())
    }
}

/// Converts Erlang B to Erlang C: `C = B / (1 − ρ(1 − B))`; 1 when A ≥ c (the queue grows without bound).
pub fn erlang_c_from_b(servers: u64, load: f64, b: f64) -> f64 {
    let c = servers as f64;
    if load >= c {
        return 1.0;
    }
    if load <= 0.0 {
        return 0.0;
    }
    let rho = load / c;
    (b / (1.0 - rho * (1.0 - b))).clamp(0.0, 1.0)
}

/// Erlang C: the probability that an arrival has to wait, `O(servers)`.
pub fn erlang_c(servers: u64, load: f64) -> f64 {
    let mut walk = ErlangB::new(load);
    walk.advance_to(servers);
    walk.erlang_c()
}

/// Arrival rate and mean service time of a queue, checked to be finite and non-negative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Queue {
    pub arrival_rate_per_s: f64,
    pub service_time_s: f64,
}

impl Queue {
    pub fn new(arrival_rate_per_s: f64, service_time_s: f64) -> Result<Self> {
        check_non_negative("arrival rate (per second)", arrival_rate_per_s)?;
        check_non_negative("service time (seconds)", service_time_s)?;
        let q = Queue {
            arrival_rate_per_s,
            service_time_s,
        };
        let load = q.offered_load();
        if !load.is_finite() || load > MAX_SERVERS as f64 {
            return Err(Error::capacity(format!(
                "offered load of {load} erlangs (arrivals per second × service time) is beyond the \
                 {MAX_SERVERS} servers costplan sizes for"
            )));
        }
        Ok(q)
    }

    /// A = λ·h in Erlangs: the mean number of busy servers.
    pub fn offered_load(&self) -> f64 {
        self.arrival_rate_per_s * self.service_time_s
    }

    /// Steady-state measures with `servers` servers.
    pub fn metrics(&self, servers: u64) -> Metrics {
        let mut walk = ErlangB::new(self.offered_load());
        walk.advance_to(servers);
        Metrics::from_walk(self, &walk)
    }
}

/// Steady-state measures of an M/M/c queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub servers: u64,
    pub load_erlangs: f64,
    pub service_time_s: f64,
    /// ρ = A/c (may exceed 1 when unstable; 0 with no load).
    pub utilisation: f64,
    /// False when A ≥ c: the queue grows without bound and the waits below are infinite.
    pub stable: bool,
    /// Erlang C: P(wait > 0).
    pub prob_wait: f64,
    /// Mean wait in queue W_q = C·h/(c − A), seconds.
    pub mean_wait_s: f64,
    /// Mean queue length L_q = C·ρ/(1 − ρ).
    pub mean_queue_len: f64,
    /// Mean response time W = W_q + h, seconds.
    pub mean_response_s: f64,
}

impl Metrics {
    pub(crate) fn from_walk(queue: &Queue, walk: &ErlangB) -> Metrics {
        let servers = walk.servers();
        let load = queue.offered_load();
        let h = queue.service_time_s;
        let c = servers as f64;
        let utilisation = if servers == 0 {
            if load > 0.0 { f64::INFINITY } else { 0.0 }
        } else {
            load / c
        };
        let stable = load < c || load == 0.0;
        let prob_wait = if load == 0.0 { 0.0 } else { walk.erlang_c() };
        let (mean_wait_s, mean_queue_len) = if !stable {
            (f64::INFINITY, f64::INFINITY)
        } else if prob_wait == 0.0 {
            (0.0, 0.0)
        } else {
            (
                prob_wait * h / (c - load),
                prob_wait * utilisation / (1.0 - utilisation),
            )
        };
        Metrics {
            servers,
            load_erlangs: load,
            service_time_s: h,
            utilisation,
            stable,
            prob_wait,
            mean_wait_s,
            mean_queue_len,
            mean_response_s: mean_wait_s + h,
        }
    }

    /// P(wait > t) = C·exp(−(c − A)·t/h) for FCFS service.
    pub fn prob_wait_exceeds(&self, t_s: f64) -> f64 {
        if !self.stable {
            return 1.0;
        }
        if self.prob_wait == 0.0 {
            return 0.0;
        }
        if self.service_time_s <= 0.0 {
            // zero service time: nobody waits at all beyond t = 0
            return if t_s > 0.0 { 0.0 } else { self.prob_wait };
        }
        let decay = (-(self.servers as f64 - self.load_erlangs) * t_s / self.service_time_s).exp();
        (self.prob_wait * decay).clamp(0.0, 1.0)
    }

    /// Service level: P(wait ≤ t).
    pub fn service_level(&self, t_s: f64) -> f64 {
        1.0 - self.prob_wait_exceeds(t_s)
    }
}

/// Rejects NaN, infinities and negative values with a message naming the quantity.
pub(crate) fn check_non_negative(what: &str, value: f64) -> Result<()> {
    if value.is_nan() || value.is_infinite() {
        return Err(Error::capacity(format!(
            "{what} must be a finite number, got {value}"
        )));
    }
    if value < 0.0 {
        return Err(Error::capacity(format!(
            "{what} must not be negative, got {value}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "expected {expected} ± {tolerance}, got {actual}"
        );
    }

    #[test]
    fn erlang_b_table_checkpoints() {
        // capacity.md §6.3: B(A=2,c=5), B(10,14), B(5,10)
        close(erlang_b(5, 2.0), 0.0367, 0.00005);
        close(erlang_b(14, 10.0), 0.0568, 0.00005);
        close(erlang_b(10, 5.0), 0.0184, 0.00005);
    }

    #[test]
    fn eth_slides_two_and_four_servers() {
        // λ=9, μ=5: c=2 → C=0.8526, L_q=7.674, W=1.053; c=4 → C=0.1285, L_q=0.105, W=0.212
        let q = Queue::new(9.0, 0.2).unwrap();
        let m2 = q.metrics(2);
        close(m2.prob_wait, 0.8526, 0.00005);
        close(m2.mean_queue_len, 7.674, 0.0005);
        close(m2.mean_response_s, 1.053, 0.0005);
        let m4 = q.metrics(4);
        close(m4.prob_wait, 0.1285, 0.00005);
        close(m4.mean_queue_len, 0.105, 0.0005);
        close(m4.mean_response_s, 0.212, 0.0005);
    }

    #[test]
    fn telefonica_twenty_erlangs() {
        // 600 calls/h × 120 s = 20 E: 26 servers → C = 0.1434, ASA ≈ 2.9 s; 30 servers → ≈ 2.5 %
        let q = Queue::new(600.0 / 3600.0, 120.0).unwrap();
        close(q.offered_load(), 20.0, 1e-9);
        let m = q.metrics(26);
        close(m.prob_wait, 0.1434, 0.00005);
        close(m.mean_wait_s, 2.87, 0.01);
        close(q.metrics(30).prob_wait, 0.025, 0.0005);
        // 25 servers does not reach 15 %: 26 is the smallest
        assert!(q.metrics(25).prob_wait > 0.15);
    }

    #[test]
    fn call_centre_fifty_five_agents() {
        // 360 calls / 30 min, h = 240 s, c = 55: A = 48, ρ = 0.873, C = 0.2387, ASA = 8.18 s, SL(15 s) = 84.6 %
        let q = Queue::new(360.0 / 1800.0, 240.0).unwrap();
        let m = q.metrics(55);
        close(m.load_erlangs, 48.0, 1e-9);
        close(m.utilisation, 0.8727, 0.00005);
        close(m.prob_wait, 0.2387, 0.00005);
        close(m.mean_wait_s, 8.18, 0.005);
        close(m.service_level(15.0), 0.846, 0.0005);
        close(m.service_level(20.0), 0.867, 0.0005);
    }

    #[test]
    fn derived_ten_erlangs_eleven_to_fifteen_servers() {
        let q = Queue::new(10.0 / 180.0, 180.0).unwrap();
        let expected_c = [0.682, 0.449, 0.285, 0.174, 0.102];
        let expected_asa = [122.8, 40.4, 17.1, 7.8, 3.7];
        for (i, c) in (11..=15).enumerate() {
            let m = q.metrics(c);
            close(m.prob_wait, expected_c[i], 0.0005);
            close(m.mean_wait_s, expected_asa[i], 0.05);
        }
    }

    #[test]
    fn independent_direct_sum_agrees_on_small_cases() {
        // textbook formula with factorials, fine for small c
        fn direct(c: u64, a: f64) -> f64 {
            let mut term = 1.0;
            let mut sum = 0.0;
            for k in 0..c {
                if k > 0 {
                    term *= a / k as f64;
                }
                sum += term;
            }
            let top = term * a / c as f64 * (c as f64 / (c as f64 - a));
            top / (sum + top)
        }
        for &(c, a) in &[(1, 0.5), (3, 2.2), (8, 6.5), (20, 15.0), (40, 33.3)] {
            close(erlang_c(c, a), direct(c, a), 1e-12);
        }
        // M/M/1: C = ρ
        close(erlang_c(1, 0.3), 0.3, 1e-15);
    }

    #[test]
    fn ten_thousand_servers_is_finite_and_sane() {
        let c = erlang_c(10_000, 9_800.0);
        assert!(c.is_finite() && c > 0.0 && c < 1.0, "{c}");
        // far more servers than load: nobody waits
        assert_eq!(erlang_c(10_000, 100.0), 0.0);
        // overload: everybody waits
        assert_eq!(erlang_c(10_000, 10_000.0), 1.0);
    }

    #[test]
    fn unstable_and_degenerate_queues() {
        let q = Queue::new(10.0, 1.0).unwrap();
        let m = q.metrics(10);
        assert!(!m.stable);
        assert_eq!(m.prob_wait_exceeds(1.0), 1.0);
        assert!(m.mean_wait_s.is_infinite());
        let idle = Queue::new(0.0, 1.0).unwrap().metrics(0);
        assert!(idle.stable);
        assert_eq!(idle.mean_wait_s, 0.0);
        let instant = Queue::new(5.0, 0.0).unwrap().metrics(1);
        assert_eq!(instant.prob_wait_exceeds(0.1), 0.0);
    }

    #[test]
    fn rejects_nan_infinite_negative_and_huge() {
        assert!(Queue::new(f64::NAN, 1.0).is_err());
        assert!(Queue::new(1.0, f64::INFINITY).is_err());
        let e = Queue::new(-1.0, 1.0).unwrap_err().to_string();
        assert!(e.contains("must not be negative"), "{e}");
        let e = Queue::new(1e12, 1.0).unwrap_err().to_string();
        assert!(e.contains("beyond"), "{e}");
    }
}
