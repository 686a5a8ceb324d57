//! costplan: estimate what an AWS architecture costs each month, line by line.
#![deny(clippy::float_arithmetic)]

pub mod capacity;
pub mod error;
pub mod money;
pub mod pricing;
pub mod source;
pub mod suggest;

pub use error::{Error, Result};
pub use pricing::{PriceCatalog, PriceTable};
