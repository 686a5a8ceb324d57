//! Renderers: one per output format, each over the same [`Estimate`] through the rounded [`view`].

pub mod json;
pub mod table;
pub mod view;

pub use view::EstimateView;

/// Output formats of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A readable table with subtotals, totals and the reconciliation.
    #[default]
    Table,
    /// The exact estimate as JSON (the stable contract documented in the README).
    Json,
}
