//! costplan: estimate what an AWS architecture costs each month, line by line.
//!
//! The pipeline is [`topology`] (TOML → validated [`Topology`]) → [`estimate()`] (pure
//! per-resource cost models priced from a [`PriceTable`]) → [`report`] (one renderer per output
//! format over the same [`Estimate`]). Money is [`rust_decimal::Decimal`] end to end; it is
//! rounded only for display, by the rule in [`money`].
#![deny(clippy::float_arithmetic)]

pub mod actual;
pub mod analysis;
pub mod bill;
pub mod capacity;
pub mod checks;
pub mod cli;
pub mod diff;
pub mod error;
pub mod estimate;
pub mod input;
pub mod model;
pub mod money;
pub mod output;
pub mod pricing;
pub mod report;
pub mod resource;
pub mod scenario;
pub mod source;
pub mod suggest;
pub mod terraform;
pub mod text;
pub mod topology;

pub use checks::estimate;
pub use checks::{budget, reconcile};
pub use error::{Error, Result};
pub use estimate::Estimate;
pub use model::LineItem;
pub use pricing::{PriceCatalog, PriceTable};
pub use topology::Topology;
