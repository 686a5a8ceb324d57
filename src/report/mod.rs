//! Renderers: one per output format, each over the same [`Estimate`] through the rounded [`view`].

pub mod analysis;
pub mod charts;
pub mod grid;
pub mod html;
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
    /// One self-contained HTML page with inline SVG charts.
    Html,
}

/// Output formats of `compare`, `sweep` and `sensitivity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AnalysisFormat {
    /// A readable table.
    #[default]
    Table,
    /// Exact figures as JSON (money as decimal strings).
    Json,
    /// CSV with a header row (text cells neutralised against spreadsheet formulas).
    Csv,
    /// A Markdown table.
    Markdown,
    /// One self-contained HTML page with inline SVG charts.
    Html,
}
