//! Renderers: one per output format, each over the same [`Estimate`] through the rounded [`view`].

pub mod actual;
pub mod actual_html;
pub mod actual_json;
pub mod actual_view;
pub mod analysis;
pub mod capacity;
pub mod capacity_html;
pub mod capacity_json;
pub mod capacity_markdown;
pub mod capacity_table;
pub mod charts;
pub mod check;
pub mod commitments_view;
pub mod csv;
pub mod grid;
pub mod html;
pub mod json;
pub mod markdown;
pub mod plan;
pub mod provenance;
pub mod table;
pub mod view;
pub mod xlsx;

pub use view::EstimateView;

/// Output formats of `estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A readable table for the terminal, with subtotals and totals.
    #[default]
    Table,
    /// JSON, the stable contract in docs/json.md (an estimate reads back exactly).
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

/// Output formats of `estimate`: those of [`Format`], plus a self-contained HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EstimateFormat {
    /// A readable table for the terminal, with subtotals and totals.
    #[default]
    Table,
    /// JSON, the stable contract in docs/json.md (an estimate reads back exactly).
    Json,
    /// RFC 4180 CSV for spreadsheets, one row per line, then subtotals and totals.
    Csv,
    /// GitHub-flavoured Markdown, for a pull-request comment.
    Markdown,
    /// One self-contained HTML page with inline SVG charts.
    Html,
    /// An Excel workbook (binary): one sheet per view, money as numbers, totals as SUM formulas.
    Xlsx,
}

impl EstimateFormat {
    /// The text format this is, or `None` for HTML and xlsx.
    pub fn text(self) -> Option<Format> {
        match self {
            EstimateFormat::Table => Some(Format::Table),
            EstimateFormat::Json => Some(Format::Json),
            EstimateFormat::Csv => Some(Format::Csv),
            EstimateFormat::Markdown => Some(Format::Markdown),
            EstimateFormat::Html | EstimateFormat::Xlsx => None,
        }
    }
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
