//! Capacity: from a load profile to task counts, load balancer capacity units, data volumes,
//! database connections, cache memory, Fargate sizes, recovery targets and growth.
//!
//! The models are pure and topology-independent: every function takes plain numbers and returns
//! counts, checks and volumes. [`assess`] is the glue that applies them to a validated topology and
//! returns plain result structs; it renders nothing (the views and formats live in `report/`). Queueing maths (Erlang C, sizing) runs in `f64`; what comes out of it is integers.
//! Quantities that are billed (LCU-hours, GB) are exact decimals and are priced only by the
//! estimate engine, never here. Formulas and test values: `shared/reference/capacity.md`.

pub mod assess;
pub mod cache;
pub mod database;
pub mod erlang_c;
pub mod growth;
pub mod lcu;
pub mod recovery;
pub mod sizing;
pub mod traffic;
pub mod worker;
