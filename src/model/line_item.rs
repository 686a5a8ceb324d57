//! One priced line: quantity × unit price, with where the price came from.

use super::Group;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub group: Group,
    /// What is billed, e.g. `service api`, `db.t3.medium`.
    pub resource: String,
    /// Which part of it, e.g. `vCPU (Linux/x86_64, on-demand)`.
    pub component: String,
    /// Monthly quantity, exact.
    pub quantity: Decimal,
    pub unit: String,
    pub unit_price_usd: Decimal,
    /// quantity × unit price, exact.
    pub monthly_usd: Decimal,
    /// The price table key that priced this line.
    pub price_key: String,
    /// Offer code, usage type and source of the price.
    pub price_source: String,
    /// When the price took effect (or the date of its source).
    pub price_effective_date: String,
}
