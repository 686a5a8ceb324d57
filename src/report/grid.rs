//! A small table model shared by the analysis reports (compare, sweep, sensitivity, simulation),
//! rendered as a terminal table, CSV or Markdown. Cells keep their exact values; each renderer
//! formats them (thousands separators for people, plain figures for CSV).

use crate::money::{
    format_percent, format_quantity, format_signed_usd, format_usd, plain_percent, plain_usd,
};
use comfy_table::{Cell as TCell, CellAlignment, Table, presets};
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub enum Cell {
    /// Text that may come from a topology or scenario (neutralised in CSV, escaped in Markdown).
    Text(String),
    Usd(Decimal),
    SignedUsd(Decimal),
    Percent(Option<Decimal>),
    /// A part of a whole in percent, without a sign: `32.4%`.
    Share(Option<Decimal>),
    Number(Decimal),
    Empty,
}

impl Cell {
    fn right(&self) -> bool {
        !matches!(self, Cell::Text(_) | Cell::Empty)
    }

    /// For people: `1,234.56`, `+12.30`, `+4.5%`.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Usd(v) => format_usd(*v),
            Cell::SignedUsd(v) => format_signed_usd(*v),
            Cell::Percent(p) => p.map_or_else(String::new, format_percent),
            Cell::Share(p) => p.map_or_else(String::new, |p| {
                format_percent(p).trim_start_matches('+').to_string()
            }),
            Cell::Number(v) => format_quantity(*v),
            Cell::Empty => String::new(),
        }
    }

    /// For machines: `1234.56`, `12.30`, `4.5`.
    fn plain(&self) -> String {
        match self {
            Cell::Text(s) => neutralise(s),
            Cell::Usd(v) | Cell::SignedUsd(v) => plain_usd(*v),
            Cell::Percent(Some(p)) | Cell::Share(Some(p)) => plain_percent(*p).to_string(),
            Cell::Percent(None) | Cell::Share(None) | Cell::Empty => String::new(),
            Cell::Number(v) => v.normalize().to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub fn new(headers: &[&str]) -> Self {
        Grid {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn table(&self) -> String {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        let right: Vec<bool> = (0..self.headers.len())
            .map(|i| self.rows.iter().any(|r| r.get(i).is_some_and(Cell::right)))
            .collect();
        t.set_header(
            self.headers
                .iter()
                .zip(&right)
                .map(|(h, r)| align(TCell::new(h), *r))
                .collect::<Vec<_>>(),
        );
        for row in &self.rows {
            t.add_row(
                row.iter()
                    .map(|c| align(TCell::new(c.display()), c.right()))
                    .collect::<Vec<_>>(),
            );
        }
        format!("{t}\n")
    }

    /// CSV with a header row; text cells that a spreadsheet would run as a formula are neutralised.
    pub fn csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut write = |cells: Vec<String>| w.write_record(&cells).is_ok();
        let mut ok = write(self.headers.iter().map(|h| neutralise(h)).collect());
        for row in &self.rows {
            ok &= write(row.iter().map(Cell::plain).collect());
        }
        // Writing to memory cannot fail; an error would leave the output visibly short.
        let _ = ok;
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// A GitHub-flavoured Markdown table.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let right: Vec<bool> = (0..self.headers.len())
            .map(|i| self.rows.iter().any(|r| r.get(i).is_some_and(Cell::right)))
            .collect();
        out.push('|');
        for h in &self.headers {
            out.push_str(&format!(" {} |", markdown_escape(h)));
        }
        out.push_str("\n|");
        for r in &right {
            out.push_str(if *r { " ---: |" } else { " --- |" });
        }
        out.push('\n');
        for row in &self.rows {
            out.push('|');
            for c in row {
                out.push_str(&format!(" {} |", markdown_escape(&c.display())));
            }
            out.push('\n');
        }
        out
    }
}

fn align(c: TCell, right: bool) -> TCell {
    if right {
        c.set_alignment(CellAlignment::Right)
    } else {
        c
    }
}

/// A text cell a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Escapes what Markdown (and the HTML it may contain) would interpret in a table cell: the same
/// rule as every other Markdown report (pipes, emphasis, code, links, raw HTML, autolinks and
/// @mentions; see [`super::markdown::escape`]).
pub fn markdown_escape(s: &str) -> String {
    super::markdown::escape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_in_text_only() {
        let mut g = Grid::new(&["name", "delta"]);
        g.rows.push(vec![
            Cell::Text("=HYPERLINK(\"x\")".into()),
            Cell::SignedUsd(Decimal::from(-5)),
        ]);
        g.rows.push(vec![
            Cell::Text("@cmd".into()),
            Cell::SignedUsd(Decimal::from(5)),
        ]);
        let csv = g.csv();
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\",-5.00"), "{csv}");
        assert!(csv.contains("'@cmd,5.00"), "{csv}");
    }

    #[test]
    fn markdown_escapes_pipes_and_html() {
        let mut g = Grid::new(&["name"]);
        g.rows.push(vec![Cell::Text("a|b <script>".into())]);
        let md = g.markdown();
        assert!(md.contains("a\\|b &lt;script&gt;"), "{md}");
    }
}
