//! `costplan actual --format html`: one self-contained page with the headline figures, the
//! variance waterfall (estimate → price effects → usage effects → unestimated lines → credits,
//! taxes and fees → bill, drawn from the displayed figures, so it adds up) and the tables of the
//! other formats.

use super::actual_view::{ActualView, UNESTIMATED_SHOWN};
use super::charts;
use super::html::{boxes, chart, document, grid_html};
use crate::money::{format_percent, format_signed_usd, format_usd};
use maud::{PreEscaped, html};
use rust_decimal::Decimal;

pub fn render(view: &ActualView) -> String {
    let a = view.actual;
    let title = format!("{} {}: estimate vs bill", a.estimate_name, a.month);
    let steps: Vec<(String, Decimal)> = view
        .waterfall()
        .iter()
        .map(|s| (s.label.to_string(), s.usd))
        .collect();
    let body = html! {
        h1 { (title) } "\n"
        p { (view.source_line()) } "\n"
        p { b { "Precision: " } (view.precision_note()) "." } "\n"
        (boxes(&[
            ("Estimated monthly USD", format_usd(view.estimated_total_usd)),
            ("Billed USD", format_usd(view.billed_total_usd)),
            ("Variance USD", format_signed_usd(view.variance_usd)),
            ("Variance", view.variance_percent.map_or_else(|| "n/a".to_string(), format_percent)),
        ]))
        h2 { "From estimate to bill" } "\n"
        (chart("variance-waterfall", charts::waterfall("Variance waterfall", &steps)))
        (PreEscaped(grid_html(&view.summary_grid())))
        h2 { "Estimate vs bill" } "\n"
        (PreEscaped(grid_html(&view.rows_grid())))
        @if let Some(w) = view.without_bill_line() {
            p.warn { (w) } "\n"
        }
        h2 { "Not in the topology" } "\n"
        p.note { "Bill usage lines no estimate line covers, largest first." } "\n"
        (PreEscaped(grid_html(&view.unestimated_grid(Some(UNESTIMATED_SHOWN)))))
        h2 { "Credits, taxes, refunds and fees" } "\n"
        p.note { "Kept apart from usage." } "\n"
        (PreEscaped(grid_html(&view.charges_grid())))
    };
    document(&title, body)
}
