//! Renderers: one per output format, each over the same [`Estimate`] through the rounded [`view`].

pub mod csv;
pub mod json;
pub mod markdown;
pub mod table;
pub mod view;

pub use view::EstimateView;

/// Output formats of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A readable table for the terminal, with subtotals and totals.
    #[default]
    Table,
    /// JSON, the stable contract documented in the README (an estimate reads back exactly).
    Json,
    /// RFC 4180 CSV for spreadsheets, one row per line, then subtotals and totals.
    Csv,
    /// GitHub-flavoured Markdown, for a pull-request comment.
    Markdown,
}

impl Format {
    /// Renders an estimate in this format.
    pub fn render(self, estimate: &crate::Estimate) -> String {
        match self {
            Format::Table => table::render(&EstimateView::new(estimate)),
            Format::Json => json::render(estimate),
            Format::Csv => csv::render(&EstimateView::new(estimate)),
            Format::Markdown => markdown::render(&EstimateView::new(estimate)),
        }
    }

    /// Renders a diff in this format; `colour` applies to the table only.
    pub fn render_diff(self, diff: &crate::diff::EstimateDiff, colour: bool) -> String {
        match self {
            Format::Table => table::render_diff(diff, colour),
            Format::Json => json::render_diff(diff),
            Format::Csv => csv::render_diff(diff),
            Format::Markdown => markdown::render_diff(diff),
        }
    }
}
