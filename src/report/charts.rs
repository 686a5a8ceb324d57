//! Charts as inline SVG, drawn by plotters' SVG backend (which escapes text and attributes).
//! Money is converted to floats here for chart geometry only; every figure shown as text comes
//! from the exact decimals.
#![allow(clippy::float_arithmetic)] // chart geometry only; see above

use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const WIDTH: u32 = 760;
const BLUE: RGBColor = RGBColor(76, 120, 168);
const ORANGE: RGBColor = RGBColor(245, 133, 24);
const GREY: RGBColor = RGBColor(90, 90, 90);
const PALETTE: [RGBColor; 6] = [
    RGBColor(76, 120, 168),
    RGBColor(245, 133, 24),
    RGBColor(84, 162, 75),
    RGBColor(228, 87, 86),
    RGBColor(114, 183, 178),
    RGBColor(178, 121, 162),
];

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn wrap(svg: Result<String, String>) -> String {
    match svg {
        Ok(s) => s,
        Err(e) => maud::html! { p."chart-error" { "chart not drawn: " (e) } }.into_string(),
    }
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// One row of a horizontal bar chart: spans along the x axis, each in its colour, and a label
/// written just right of the row's furthest end.
struct BarRow {
    label: String,
    spans: Vec<(f64, f64, RGBColor)>,
}

/// How a horizontal bar chart is laid out.
struct BarLayout<'a> {
    title: &'a str,
    x_desc: &'a str,
    /// The x range drawn (room is left on the right for the labels).
    x_range: std::ops::Range<f64>,
    /// Gap between a bar's end and its label, in x units.
    label_gap: f64,
    /// A vertical reference line (the tornado's base total).
    reference: Option<f64>,
    row_px: u32,
    font_px: u32,
}

/// The one horizontal bar chart builder behind [`bars`] and [`tornado`]: rows top to bottom.
fn horizontal_bars(layout: &BarLayout, rows: &[BarRow]) -> String {
    let height = 60 + layout.row_px * rows.len().max(1) as u32;
    let mut out = String::new();
    let r = (|| -> Result<(), String> {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let n = rows.len().max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(layout.title, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(0)
            .build_cartesian_2d(layout.x_range.clone(), 0.0..n)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .light_line_style(WHITE)
            .x_desc(layout.x_desc)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(rows.iter().enumerate().flat_map(|(i, row)| {
                let y = n - i as f64;
                row.spans.iter().map(move |(a, b, colour)| {
                    Rectangle::new([(*a, y - 0.8), (*b, y - 0.2)], colour.filled())
                })
            }))
            .map_err(err)?;
        if let Some(x) = layout.reference {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, 0.0), (x, n)],
                    BLACK.stroke_width(1),
                )))
                .map_err(err)?;
        }
        chart
            .draw_series(rows.iter().enumerate().map(|(i, row)| {
                let y = n - i as f64;
                let end = row
                    .spans
                    .iter()
                    .map(|(a, b, _)| a.max(*b))
                    .fold(layout.reference.unwrap_or(0.0), f64::max);
                Text::new(
                    row.label.clone(),
                    (end + layout.label_gap, y - 0.5),
                    left_label(layout.font_px),
                )
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
        Ok(())
    })();
    wrap(r.map(|_| out))
}

/// Horizontal bars, one per label, with the amount written beside each.
pub fn bars(title: &str, items: &[(String, Decimal)]) -> String {
    let max = items
        .iter()
        .map(|(_, v)| f(*v))
        .fold(0.0, f64::max)
        .max(1.0);
    let rows: Vec<BarRow> = items
        .iter()
        .map(|(label, v)| BarRow {
            label: format!("{label}  {}", crate::money::format_usd(*v)),
            spans: vec![(0.0, f(*v), BLUE)],
        })
        .collect();
    let layout = BarLayout {
        title,
        x_desc: "USD per month",
        x_range: 0.0..max * 1.6,
        label_gap: max * 0.01,
        reference: None,
        row_px: 28,
        font_px: 13,
    };
    horizontal_bars(&layout, &rows)
}

/// A waterfall: the first and last steps are totals drawn from zero; each step between moves
/// the running total by its amount (green down, orange up). `steps` are displayed figures, so
/// the bars end where the last total is.
pub fn waterfall(title: &str, steps: &[(String, Decimal)]) -> String {
    const GREEN: RGBColor = RGBColor(84, 162, 75);
    let last = steps.len().saturating_sub(1);
    let mut running = 0.0;
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    let rows: Vec<BarRow> = steps
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let total = i == 0 || i == last;
            let (a, b, colour, text) = if total {
                running = f(*v);
                (0.0, running, BLUE, crate::money::format_usd(*v))
            } else {
                let start = running;
                running += f(*v);
                let colour = if *v < Decimal::ZERO { GREEN } else { ORANGE };
                (start, running, colour, crate::money::format_signed_usd(*v))
            };
            lo = lo.min(a.min(b));
            hi = hi.max(a.max(b));
            BarRow {
                label: format!("{label}  {text}"),
                spans: vec![(a.min(b), a.max(b), colour)],
            }
        })
        .collect();
    let span = (hi - lo).max(1.0);
    let layout = BarLayout {
        title,
        x_desc: "USD per month",
        x_range: (lo - span * 0.02)..(hi + span * 0.9),
        label_gap: span * 0.01,
        reference: None,
        row_px: 28,
        font_px: 13,
    };
    horizontal_bars(&layout, &rows)
}

/// A tornado: for each input a bar from the total at its low value to the total at its high
/// value, largest swing on top, with the base total as a vertical line.
pub fn tornado(title: &str, base: Decimal, rows: &[(String, Decimal, Decimal)]) -> String {
    let base = f(base);
    let lo = rows
        .iter()
        .map(|(_, a, b)| f(*a).min(f(*b)))
        .fold(base, f64::min);
    let hi = rows
        .iter()
        .map(|(_, a, b)| f(*a).max(f(*b)))
        .fold(base, f64::max);
    let pad = ((hi - lo) * 0.05).max(1.0);
    let bar_rows: Vec<BarRow> = rows
        .iter()
        .map(|(label, a, b)| BarRow {
            label: label.clone(),
            spans: vec![
                (f(*a).min(base), base, BLUE),
                (base, f(*b).max(base), ORANGE),
            ],
        })
        .collect();
    let layout = BarLayout {
        title,
        x_desc: "total USD per month",
        x_range: (lo - pad)..(hi + (hi - lo) * 0.9 + pad),
        label_gap: pad * 0.3,
        reference: Some(base),
        row_px: 26,
        font_px: 12,
    };
    horizontal_bars(&layout, &bar_rows)
}

/// One or more lines of total cost against an input.
pub fn lines(title: &str, x_desc: &str, series: &[(String, Vec<(Decimal, Decimal)>)]) -> String {
    lines_of(title, x_desc, "USD per month", series)
}

/// One or more lines of any quantity (`y_desc` names it) against an input.
pub fn lines_of(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[(String, Vec<(Decimal, Decimal)>)],
) -> String {
    let mut out = String::new();
    let r = (|| -> Result<(), String> {
        let root = SVGBackend::with_string(&mut out, (WIDTH, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let pts = series.iter().flat_map(|(_, p)| p.iter());
        let (mut x0, mut x1, mut y1) = (f64::MAX, f64::MIN, 0.0f64);
        for (x, y) in pts {
            x0 = x0.min(f(*x));
            x1 = x1.max(f(*x));
            y1 = y1.max(f(*y));
        }
        if x0 > x1 {
            (x0, x1) = (0.0, 1.0);
        }
        if x0 == x1 {
            x1 = x0 + 1.0;
        }
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, 0.0..(y1 * 1.1).max(1.0))
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_desc(x_desc)
            .y_desc(y_desc)
            .draw()
            .map_err(err)?;
        for (i, (name, p)) in series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let s = chart
                .draw_series(LineSeries::new(
                    p.iter().map(|(x, y)| (f(*x), f(*y))),
                    color.stroke_width(2),
                ))
                .map_err(err)?;
            if !name.is_empty() {
                s.label(name.clone()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2))
                });
            }
            chart
                .draw_series(
                    p.iter()
                        .map(|(x, y)| Circle::new((f(*x), f(*y)), 2, color.filled())),
                )
                .map_err(err)?;
        }
        if series.len() > 1 {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(GREY)
                .draw()
                .map_err(err)?;
        }
        root.present().map_err(err)?;
        Ok(())
    })();
    wrap(r.map(|_| out))
}

/// A histogram of sampled totals with the P10, P50 and P90 marked.
pub fn histogram(title: &str, values: &[Decimal], marks: &[(&str, Decimal)]) -> String {
    let mut out = String::new();
    let r = (|| -> Result<(), String> {
        let root = SVGBackend::with_string(&mut out, (WIDTH, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let v: Vec<f64> = values.iter().map(|d| f(*d)).collect();
        let lo = v.iter().copied().fold(f64::MAX, f64::min);
        let hi = v.iter().copied().fold(f64::MIN, f64::max);
        let (lo, hi) = if lo < hi {
            (lo, hi)
        } else {
            (lo - 1.0, lo + 1.0)
        };
        let bins = 40usize;
        let w = (hi - lo) / bins as f64;
        let mut counts = vec![0u64; bins];
        for x in &v {
            let i = (((x - lo) / w) as usize).min(bins - 1);
            counts[i] += 1;
        }
        let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(lo..hi, 0.0..top * 1.15)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_desc("total USD per month")
            .y_desc("samples")
            .draw()
            .map_err(err)?;
        chart
            .draw_series(counts.iter().enumerate().map(|(i, c)| {
                let x = lo + w * i as f64;
                Rectangle::new([(x, 0.0), (x + w, *c as f64)], BLUE.mix(0.8).filled())
            }))
            .map_err(err)?;
        for (i, (name, m)) in marks.iter().enumerate() {
            let x = f(*m);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, 0.0), (x, top * 1.05)],
                    PALETTE[(i + 1) % PALETTE.len()].stroke_width(2),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    name.to_string(),
                    (x, top * 1.1),
                    ("sans-serif", 12).into_font().color(&GREY),
                )))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
        Ok(())
    })();
    wrap(r.map(|_| out))
}

/// Grey bar-label text anchored at its left edge, vertically centred.
fn left_label(size: u32) -> plotters::style::TextStyle<'static> {
    ("sans-serif", size)
        .into_font()
        .color(&GREY)
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ))
}
