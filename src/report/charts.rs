//! Charts as inline SVG, drawn by plotters' SVG backend (which escapes text and attributes).
//! Money is converted to floats here for chart geometry only; every figure shown as text comes
//! from the exact decimals.
#![allow(clippy::float_arithmetic)] // chart geometry only; see above

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const WIDTH: u32 = 760;
const BLUE: RGBColor = RGBColor(76, 120, 168);
const ORANGE: RGBColor = RGBColor(245, 133, 24);
const GREY: RGBColor = RGBColor(90, 90, 90);
const GREEN: RGBColor = RGBColor(84, 162, 75);
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

/// `x` (> 0) rounded up to a multiple of half its power of ten (834 → 850, 128 → 150, 0.7 →
/// 0.7): an axis end just past the data that still falls on round figures.
pub fn nice_ceil(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let step = 10f64.powf(x.log10().floor()) / 2.0;
    (x / step - 1e-9).ceil() * step
}

/// Tick labels of a money axis: whole dollars when the ticks fall on whole numbers.
fn axis_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// One bar of a [`ranked_bars`] or [`diverging`] chart: its label (left of the axis), its value,
/// and the text written at its end.
struct Ranked {
    label: String,
    value: f64,
    text: String,
}

/// Horizontal bars from zero with each label in a label column on the left and the amount at
/// the bar's end. The x axis spans zero to a nice number just above the data (or, for a
/// diverging chart, a nice number either side of zero), so it fits what is drawn.
fn labelled_bars(title: &str, x_desc: &str, rows: &[Ranked], diverging: bool) -> String {
    let height = 70 + 28 * rows.len().max(1) as u32;
    let label_px = 200u32;
    let mut out = String::new();
    let r = (|| -> Result<(), String> {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let n = rows.len().max(1) as f64;
        let max = rows.iter().map(|r| r.value).fold(0.0, f64::max);
        let min = rows.iter().map(|r| r.value).fold(0.0, f64::min);
        // Room for the amount written at a bar's end: about a sixth of the data's span.
        let span = (max - min).max(1e-9);
        let hi = if max > 0.0 {
            nice_ceil(max + span * 0.16)
        } else {
            0.0
        };
        let lo = if min < 0.0 {
            -nice_ceil(-min + span * 0.16)
        } else {
            0.0
        };
        let (lo, hi) = if hi - lo <= 0.0 { (0.0, 1.0) } else { (lo, hi) };
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(label_px)
            .build_cartesian_2d(lo..hi, 0.0..n)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .light_line_style(WHITE)
            .x_labels(8)
            .x_label_formatter(&axis_label)
            .x_desc(x_desc)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, row)| {
                let y = n - i as f64;
                let colour = if !diverging {
                    BLUE
                } else if row.value > 0.0 {
                    ORANGE
                } else {
                    GREEN
                };
                Rectangle::new([(0.0, y - 0.8), (row.value, y - 0.2)], colour.filled())
            }))
            .map_err(err)?;
        if diverging {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(0.0, 0.0), (0.0, n)],
                    BLACK.stroke_width(1),
                )))
                .map_err(err)?;
        }
        let gap = (hi - lo) * 0.008;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, row)| {
                let y = n - i as f64;
                let (x, style) = if row.value < 0.0 {
                    (row.value - gap, side_label(12, HPos::Right))
                } else {
                    (row.value + gap, side_label(12, HPos::Left))
                };
                Text::new(row.text.clone(), (x, y - 0.5), style)
            }))
            .map_err(err)?;
        for (i, row) in rows.iter().enumerate() {
            let (_, py) = chart.backend_coord(&(lo, n - i as f64 - 0.5));
            let label = shorten(&row.label, 30);
            root.draw(&Text::new(
                label,
                (label_px as i32 + 2, py),
                side_label(13, HPos::Right).color(&BLACK),
            ))
            .map_err(err)?;
        }
        root.present().map_err(err)?;
        Ok(())
    })();
    wrap(r.map(|_| out))
}

/// At most `max` characters, with an ellipsis when cut (the tables carry the full names).
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Horizontal bars, one per label in the order given (callers sort them), with the amount
/// written beside each; the axis runs from zero to a nice number just above the largest.
pub fn bars(title: &str, items: &[(String, Decimal)]) -> String {
    let rows: Vec<Ranked> = items
        .iter()
        .map(|(label, v)| Ranked {
            label: label.clone(),
            value: f(*v),
            text: crate::money::format_usd(*v),
        })
        .collect();
    labelled_bars(title, "USD per month", &rows, false)
}

/// A diverging chart of changes: bars right of zero for increases, left for decreases, in the
/// order given (callers sort them), each with its signed amount.
pub fn diverging(title: &str, x_desc: &str, items: &[(String, Decimal)]) -> String {
    let rows: Vec<Ranked> = items
        .iter()
        .map(|(label, v)| Ranked {
            label: label.clone(),
            value: f(*v),
            text: crate::money::format_signed_usd(*v),
        })
        .collect();
    labelled_bars(title, x_desc, &rows, true)
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
    let x0 = lo - pad;
    // The bars span totals near the base, so the axis starts near them, not at zero: say so.
    let x_desc = if x0 > 0.0 {
        format!(
            "total USD per month (axis starts at {}, not zero)",
            axis_label(&x0.floor())
        )
    } else {
        "total USD per month".to_string()
    };
    let layout = BarLayout {
        title,
        x_desc: &x_desc,
        x_range: x0.floor()..(hi + (hi - lo) * 0.9 + pad),
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
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, 0.0f64);
        // An input that only takes whole values (a count) gets whole-number ticks.
        let mut whole_x = true;
        for (x, y) in pts {
            x0 = x0.min(f(*x));
            x1 = x1.max(f(*x));
            y0 = y0.min(f(*y));
            y1 = y1.max(f(*y));
            whole_x &= x.fract().is_zero();
        }
        // Zero stays the start of the y axis unless the curves would sit in a thin band at the
        // top (their spread under a tenth of the largest value); then the axis starts at a
        // round figure below the lowest point and says so.
        let (y_start, y_desc) = if y0 > 0.0 && y1 > 0.0 && (y1 - y0) < y1 * 0.1 {
            let step = nice_ceil(((y1 - y0) / 4.0).max(1e-9));
            let start = ((y0 - step) / step).floor() * step;
            let start = start.max(0.0);
            (
                start,
                format!("{y_desc} (axis starts at {}, not zero)", axis_label(&start)),
            )
        } else {
            (0.0, y_desc.to_string())
        };
        let y_end = if y_start > 0.0 {
            y1 + (y1 - y_start) * 0.1
        } else {
            (y1 * 1.1).max(1.0)
        };
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
            .build_cartesian_2d(x0..x1, y_start..y_end)
            .map_err(err)?;
        // Whole-number ticks on a whole axis: at most one label per unit (a step of 1, 2, 5…).
        let x_labels = if whole_x {
            ((x1 - x0) as usize + 1).clamp(2, 12)
        } else {
            10
        };
        let whole_label = |v: &f64| format!("{v:.0}");
        let mut mesh = chart.configure_mesh();
        mesh.light_line_style(WHITE)
            .x_labels(x_labels)
            .y_label_formatter(&axis_label)
            .x_desc(x_desc)
            .y_desc(&y_desc);
        if whole_x {
            mesh.x_label_formatter(&whole_label);
        }
        mesh.draw().map_err(err)?;
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
        // Sample counts are whole: at most one tick per sample, labelled without decimals.
        let whole = |v: &f64| format!("{v:.0}");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .y_labels(((top * 1.15) as usize + 1).min(10))
            .y_label_formatter(&whole)
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
    side_label(size, HPos::Left)
}

/// Grey text anchored at its left or right edge, vertically centred.
fn side_label(size: u32, h: HPos) -> plotters::style::TextStyle<'static> {
    ("sans-serif", size)
        .into_font()
        .color(&GREY)
        .pos(Pos::new(h, VPos::Center))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn axis_ends_are_round_figures_just_past_the_data() {
        assert_eq!(nice_ceil(834.0), 850.0);
        assert_eq!(nice_ceil(128.0), 150.0);
        assert_eq!(nice_ceil(100.0), 100.0);
        assert!((nice_ceil(0.7) - 0.7).abs() < 1e-12);
        assert_eq!(nice_ceil(0.0), 1.0);
    }

    #[test]
    fn counts_get_whole_ticks_and_a_raised_axis_says_so() {
        // Three whole x values and totals within a tenth of each other.
        let series = vec![(
            String::new(),
            vec![(d(1), d(1000)), (d(2), d(1010)), (d(3), d(1020))],
        )];
        let svg = lines("t", "count", &series);
        assert!(svg.contains("not zero"), "the raised y axis is stated");
        for half in ["\n1.5\n", "\n2.5\n", "\n1.0\n"] {
            assert!(
                !svg.contains(half),
                "a fractional tick {half:?} on a whole axis"
            );
        }
        // Totals that differ widely keep zero.
        let wide = vec![(String::new(), vec![(d(1), d(100)), (d(2), d(400))])];
        assert!(!lines("t", "count", &wide).contains("not zero"));
    }

    #[test]
    fn a_diverging_chart_draws_both_sides_of_zero() {
        let svg = diverging("t", "Δ", &[("up".into(), d(50)), ("down".into(), d(-20))]);
        assert!(
            svg.contains("\n+50.00\n") && svg.contains("\n-20.00\n"),
            "{svg}"
        );
        assert!(svg.contains("\nup\n") && svg.contains("\ndown\n"));
        // Orange (increase) and green (decrease) bars.
        assert!(svg.contains("#F58518") && svg.contains("#54A24B"));
    }
}
