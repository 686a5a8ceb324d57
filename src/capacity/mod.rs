//! Capacity: from a load profile to task counts, load balancer capacity units, data volumes,
//! database connections, cache memory, Fargate sizes, recovery targets and growth.
//!
//! Pure and topology-independent: every function takes plain numbers and returns counts, checks
//! and volumes. Queueing maths (Erlang C, sizing) runs in `f64`; what comes out of it is integers.
//! Quantities that are billed (LCU-hours, GB) are exact decimals and are priced only by the
//! estimate engine, never here. Formulas and test values: `shared/reference/capacity.md`.

pub mod cache;
pub mod database;
pub mod erlang_c;
pub mod fargate_size;
pub mod growth;
pub mod lcu;
pub mod recovery;
pub mod sizing;
pub mod traffic;
pub mod worker;
