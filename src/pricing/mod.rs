//! Price tables: the format on disk, the bundled defaults, and lookup by stable key.
//!
//! Lookup is separate from the cost models: a model names the [`key`] it needs and the
//! estimate engine asks the table. A key that is absent is an error naming the key, never $0.

pub mod age;
pub mod catalog;
pub mod commands;
pub mod import;
pub mod key;
pub mod regions;
pub mod table;

pub use catalog::PriceCatalog;
pub use table::{OfferFile, Price, PriceTable, Rate, ReservedRate, SavingsPlanPrice, Tier};
