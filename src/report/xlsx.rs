//! `--format xlsx`: an Excel workbook finance can send on, one sheet per view of the estimate.
//!
//! Every figure comes from the rounded [`EstimateView`], the same as the table, CSV and Markdown:
//! money cells are numbers (the displayed cents, with a `$#,##0.00` number format), effective
//! dates are dates, and every total is a real `SUM` (or `SUMIF`) formula whose cached result is the
//! displayed total, so a spreadsheet that recalculates shows what costplan showed. Text cells are
//! written as strings, which a spreadsheet never runs as a formula. Header rows are frozen.
//!
//! Sheets (each written by one function in [`SHEETS`]; a new view, such as commitments, is one
//! more function there): `summary`, `lines`, `groups`, `reconciliation` (when the topology states
//! a reference), `budget` (when it declares one), `commitments` (when it states commitments,
//! discounts or credits), `assumptions`.

use super::view::EstimateView;
use crate::money::{MONTHS_PER_YEAR, plain_usd};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};

/// The number format of money cells: the displayed figure, two decimals, thousands separators.
pub const USD_FORMAT: &str = "$#,##0.00";
/// The number format of date cells.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The cell formats the sheets share.
pub struct Styles {
    header: Format,
    usd: Format,
    usd_total: Format,
    total: Format,
    date: Format,
    number: Format,
    price: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Self {
        let header = Format::new().set_bold().set_align(FormatAlign::Center);
        Styles {
            header,
            usd: Format::new().set_num_format(USD_FORMAT),
            usd_total: Format::new().set_num_format(USD_FORMAT).set_bold(),
            total: Format::new().set_bold(),
            date: Format::new().set_num_format(DATE_FORMAT),
            number: Format::new().set_num_format("#,##0.########"),
            price: Format::new().set_num_format("$0.00########"),
            percent: Format::new().set_num_format("0.0%"),
        }
    }
}

/// One sheet: adds itself to the workbook when the estimate has something to show in it.
pub type SheetWriter = fn(&mut Workbook, &EstimateView, &Styles) -> Result<(), XlsxError>;

/// The sheets, in order. A new view (commitments, discounts, credits) is one function added here.
pub const SHEETS: &[SheetWriter] = &[
    summary_sheet,
    lines_sheet,
    groups_sheet,
    reconciliation_sheet,
    budget_sheet,
    commitments_sheet,
    assumptions_sheet,
];

/// Renders the workbook. `created` (Unix seconds, e.g. from `SOURCE_DATE_EPOCH`) is the document's
/// creation date; without it the file is dated 1980-01-01 so the same estimate gives the same bytes.
pub fn render(view: &EstimateView, created: Option<i64>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = match created {
        Some(t) => ExcelDateTime::from_timestamp(t)?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("costplan estimate: {}", view.estimate.name))
            .set_creation_datetime(&created),
    );
    let styles = Styles::new();
    for sheet in SHEETS {
        sheet(&mut workbook, view, &styles)?;
    }
    workbook.save_to_buffer()
}

/// The displayed (rounded) amount as the number a spreadsheet stores: the double nearest the cents.
fn usd(d: Decimal) -> f64 {
    // `plain_usd` is `-?digits.dd`, which always parses.
    plain_usd(d).parse().unwrap_or(f64::NAN)
}

/// An exact quantity or price as the nearest double (what a spreadsheet can hold).
fn float(d: Decimal) -> f64 {
    d.normalize().to_string().parse().unwrap_or(f64::NAN)
}

/// A1-style column letter for a 0-based column (the sheets use fewer than 26 columns).
fn col_letter(col: u16) -> char {
    char::from(b'A' + col as u8)
}

/// `=SUM(G2:G9)` over rows `first..=last` (0-based) of `col`, cached as `cached`.
fn sum(col: u16, first: u32, last: u32, cached: Decimal) -> Formula {
    let c = col_letter(col);
    let f = if last < first {
        "=0".to_string()
    } else {
        format!("=SUM({c}{}:{c}{})", first + 1, last + 1)
    };
    Formula::new(f).set_result(plain_usd(cached))
}

fn headers(ws: &mut Worksheet, names: &[(&str, f64)], s: &Styles) -> Result<(), XlsxError> {
    for (i, (name, width)) in names.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, *name, &s.header)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// `YYYY-MM-DD` as a date cell, anything else as text.
fn date_or_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    s: &Styles,
) -> Result<(), XlsxError> {
    match parse_date(text) {
        Some((y, m, d)) => {
            ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(y, m, d)?, &s.date)?;
        }
        None => {
            ws.write_string(row, col, text)?;
        }
    }
    Ok(())
}

/// `2024-05-01` → (2024, 5, 1); `None` for anything else (a page date like `2024-05`, empty).
pub fn parse_date(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ExcelDateTime::from_ymd(y, m, d).ok().map(|_| (y, m, d))
}

/// `summary`: what was estimated, then each group's monthly and annual figures and the total.
pub fn summary_sheet(wb: &mut Workbook, view: &EstimateView, s: &Styles) -> Result<(), XlsxError> {
    let e = view.estimate;
    let ws = wb.add_worksheet().set_name("summary")?;
    headers(
        ws,
        &[("item", 28.0), ("monthly_usd", 16.0), ("annual_usd", 18.0)],
        s,
    )?;
    ws.write_string(1, 0, format!("Estimate: {}", e.name))?;
    ws.write_string(2, 0, format!("Region: {}", e.region))?;
    ws.write_string(3, 0, "Price table effective date")?;
    date_or_text(ws, 3, 1, &e.price_table.effective_date, s)?;
    let first = 5u32;
    let mut row = first;
    for g in &view.groups {
        ws.write_string(row, 0, g.group.label())?;
        ws.write_number_with_format(row, 1, usd(g.monthly_usd), &s.usd)?;
        ws.write_number_with_format(row, 2, usd(g.annual_usd), &s.usd)?;
        row += 1;
    }
    let last = row.saturating_sub(1);
    ws.write_string_with_format(row, 0, "Total", &s.total)?;
    ws.write_formula_with_format(
        row,
        1,
        sum(1, first, last, view.total_monthly_usd),
        &s.usd_total,
    )?;
    ws.write_formula_with_format(
        row,
        2,
        sum(2, first, last, view.total_annual_usd),
        &s.usd_total,
    )?;
    Ok(())
}

/// The columns of the `lines` sheet: the estimate CSV's, without its `row` kind column (the
/// sheet holds line rows only).
fn line_header() -> &'static [&'static str] {
    &super::csv::ESTIMATE_HEADER[1..]
}
const LINE_WIDTHS: [f64; 11] = [
    12.0, 24.0, 28.0, 12.0, 14.0, 14.0, 14.0, 16.0, 40.0, 40.0, 14.0,
];

/// `lines`: one row per line item, then the total row (`SUM` of the monthly and annual columns).
pub fn lines_sheet(wb: &mut Workbook, view: &EstimateView, s: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("lines")?;
    let names: Vec<(&str, f64)> = line_header().iter().copied().zip(LINE_WIDTHS).collect();
    headers(ws, &names, s)?;
    let mut row = 1u32;
    for g in &view.groups {
        for l in &g.lines {
            let i = l.item;
            ws.write_string(row, 0, g.group.id())?;
            ws.write_string(row, 1, &i.resource)?;
            ws.write_string(row, 2, &i.component)?;
            ws.write_number_with_format(row, 3, float(i.quantity), &s.number)?;
            ws.write_string(row, 4, &i.unit)?;
            ws.write_number_with_format(row, 5, float(i.unit_price_usd), &s.price)?;
            ws.write_number_with_format(row, 6, usd(l.monthly_usd), &s.usd)?;
            ws.write_number_with_format(row, 7, usd(l.annual_usd), &s.usd)?;
            ws.write_string(row, 8, &i.price_key)?;
            ws.write_string(row, 9, &i.price_source)?;
            date_or_text(ws, row, 10, &i.price_effective_date, s)?;
            row += 1;
        }
    }
    let last = row - 1;
    ws.write_string_with_format(row, 0, "total", &s.total)?;
    ws.write_formula_with_format(
        row,
        6,
        sum(6, 1, last, view.total_monthly_usd),
        &s.usd_total,
    )?;
    ws.write_formula_with_format(row, 7, sum(7, 1, last, view.total_annual_usd), &s.usd_total)?;
    Ok(())
}

/// `groups`: each group's subtotal as `SUMIF` over the `lines` sheet, then their `SUM`.
pub fn groups_sheet(wb: &mut Workbook, view: &EstimateView, s: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("groups")?;
    headers(
        ws,
        &[
            ("group", 16.0),
            ("lines", 8.0),
            ("monthly_usd", 16.0),
            ("annual_usd", 18.0),
        ],
        s,
    )?;
    let lines_last = view.groups.iter().map(|g| g.lines.len()).sum::<usize>() + 1;
    let mut row = 1u32;
    for g in &view.groups {
        ws.write_string(row, 0, g.group.id())?;
        ws.write_number(row, 1, g.lines.len() as f64)?;
        for (col, lines_col, cached) in [(2u16, 'G', g.monthly_usd), (3, 'H', g.annual_usd)] {
            let f = format!(
                "=SUMIF(lines!$A$2:$A${lines_last},A{r},lines!{lines_col}$2:{lines_col}${lines_last})",
                r = row + 1
            );
            ws.write_formula_with_format(
                row,
                col,
                Formula::new(f).set_result(plain_usd(cached)),
                &s.usd,
            )?;
        }
        row += 1;
    }
    let last = row - 1;
    ws.write_string_with_format(row, 0, "total", &s.total)?;
    ws.write_formula_with_format(
        row,
        2,
        sum(2, 1, last, view.total_monthly_usd),
        &s.usd_total,
    )?;
    ws.write_formula_with_format(row, 3, sum(3, 1, last, view.total_annual_usd), &s.usd_total)?;
    Ok(())
}

/// `reconciliation`: each group the reference states, its stated and computed figures, the
/// difference (a formula) and the difference as a share of the stated figure; then totals.
pub fn reconciliation_sheet(
    wb: &mut Workbook,
    view: &EstimateView,
    s: &Styles,
) -> Result<(), XlsxError> {
    let (Some(r), Some(rows)) = (view.estimate.reference.as_ref(), view.reconciliation()) else {
        return Ok(());
    };
    let ws = wb.add_worksheet().set_name("reconciliation")?;
    headers(
        ws,
        &[
            ("group", 16.0),
            ("stated_usd", 16.0),
            ("computed_usd", 16.0),
            ("difference_usd", 16.0),
            ("difference_percent", 12.0),
            ("excluded", 40.0),
        ],
        s,
    )?;
    let mut row = 1u32;
    let mut stated_sum = Decimal::ZERO;
    let mut computed_sum = Decimal::ZERO;
    for rv in &rows {
        let n = row + 1;
        ws.write_string(row, 0, rv.group.label())?;
        ws.write_number_with_format(row, 2, usd(rv.computed_usd), &s.usd)?;
        computed_sum += rv.computed_usd;
        if let (Some(stated), Some(diff)) = (rv.stated_usd, rv.difference_usd) {
            stated_sum += stated;
            ws.write_number_with_format(row, 1, usd(stated), &s.usd)?;
            ws.write_formula_with_format(
                row,
                3,
                Formula::new(format!("=C{n}-B{n}")).set_result(plain_usd(diff)),
                &s.usd,
            )?;
            if !stated.is_zero() {
                let pct = (diff / stated).round_dp(6);
                ws.write_formula_with_format(
                    row,
                    4,
                    Formula::new(format!("=D{n}/B{n}")).set_result(pct.normalize().to_string()),
                    &s.percent,
                )?;
            }
        }
        let excluded: Vec<String> = rv
            .excluded
            .iter()
            .map(|(c, usd)| format!("{c} ({})", plain_usd(*usd)))
            .collect();
        ws.write_string(row, 5, excluded.join("; "))?;
        row += 1;
    }
    // What the reference leaves out counts in the computed total, as in every other format.
    // (groups it does not state are rows above, without a stated figure; these are the
    // components its stated figures exclude)
    for rv in &rows {
        for (component, amount) in &rv.excluded {
            ws.write_string(row, 0, format!("{} {component}", rv.group.label()))?;
            ws.write_number_with_format(row, 2, usd(*amount), &s.usd)?;
            ws.write_string(row, 5, "excluded from the reference's figure")?;
            computed_sum += *amount;
            row += 1;
        }
    }
    let last = row - 1;
    let n = row + 1;
    ws.write_string_with_format(row, 0, "total", &s.total)?;
    ws.write_formula_with_format(row, 1, sum(1, 1, last, stated_sum), &s.usd_total)?;
    ws.write_formula_with_format(row, 2, sum(2, 1, last, computed_sum), &s.usd_total)?;
    ws.write_formula_with_format(
        row,
        3,
        Formula::new(format!("=C{n}-B{n}")).set_result(plain_usd(computed_sum - stated_sum)),
        &s.usd_total,
    )?;
    if !stated_sum.is_zero() {
        let pct = ((computed_sum - stated_sum) / stated_sum).round_dp(6);
        ws.write_formula_with_format(
            row,
            4,
            Formula::new(format!("=D{n}/B{n}")).set_result(pct.normalize().to_string()),
            &s.percent,
        )?;
    }
    ws.write_string(row + 2, 0, format!("Reference: {}", r.source))?;
    Ok(())
}

/// `budget`: each declared limit, what the estimate spends against it and the headroom (a formula).
pub fn budget_sheet(wb: &mut Workbook, view: &EstimateView, s: &Styles) -> Result<(), XlsxError> {
    let Some(b) = view.estimate.budget.as_ref() else {
        return Ok(());
    };
    let ws = wb.add_worksheet().set_name("budget")?;
    headers(
        ws,
        &[
            ("scope", 16.0),
            ("limit_monthly_usd", 18.0),
            ("spent_monthly_usd", 18.0),
            ("headroom_monthly_usd", 20.0),
            ("headroom_annual_usd", 20.0),
            ("status", 14.0),
        ],
        s,
    )?;
    for (i, l) in b.limits.iter().enumerate() {
        let row = i as u32 + 1;
        let n = row + 1;
        ws.write_string(row, 0, l.scope())?;
        ws.write_number_with_format(row, 1, usd(l.monthly_usd), &s.usd)?;
        ws.write_number_with_format(row, 2, usd(l.spent_usd), &s.usd)?;
        ws.write_formula_with_format(
            row,
            3,
            Formula::new(format!("=B{n}-C{n}")).set_result(plain_usd(l.headroom_usd)),
            &s.usd,
        )?;
        ws.write_formula_with_format(
            row,
            4,
            Formula::new(format!("=D{n}*12"))
                .set_result(plain_usd(l.headroom_usd * MONTHS_PER_YEAR)),
            &s.usd,
        )?;
        ws.write_string(
            row,
            5,
            if l.over_budget {
                "over budget"
            } else {
                "within"
            },
        )?;
    }
    Ok(())
}

/// `commitments`: each commitment (columns A–M), then the month-1 bill whose `SUM` is the amortised
/// monthly total, then the 36-month cash flow with 12- and 36-month `SUM` rows. Every money cell
/// is the figure [`super::commitments_view::CommitmentsView`] shows.
pub fn commitments_sheet(
    wb: &mut Workbook,
    view: &EstimateView,
    s: &Styles,
) -> Result<(), XlsxError> {
    let Some(c) = super::commitments_view::CommitmentsView::of(view) else {
        return Ok(());
    };
    let ws = wb.add_worksheet().set_name("commitments")?;
    headers(
        ws,
        &[
            ("commitment", 36.0),
            ("kind", 14.0),
            ("term_months", 12.0),
            ("payment", 16.0),
            ("on_demand_monthly_usd", 20.0),
            ("recurring_monthly_usd", 20.0),
            ("upfront_usd", 14.0),
            ("amortised_upfront_monthly_usd", 20.0),
            ("effective_monthly_usd", 20.0),
            ("unused_monthly_usd", 18.0),
            ("coverage", 12.0),
            ("utilisation", 12.0),
            ("break_even_month", 16.0),
        ],
        s,
    )?;
    let mut row = 1u32;
    for l in &c.committed {
        let n = row + 1;
        ws.write_string(row, 0, &l.name)?;
        ws.write_string(row, 1, l.kind)?;
        ws.write_number(row, 2, f64::from(l.term_months))?;
        ws.write_string(row, 3, l.payment)?;
        ws.write_number_with_format(row, 4, usd(l.on_demand_usd), &s.usd)?;
        ws.write_number_with_format(row, 5, usd(l.recurring_usd), &s.usd)?;
        ws.write_number_with_format(row, 6, usd(l.upfront_usd), &s.usd)?;
        ws.write_number_with_format(row, 7, usd(l.amortised_upfront_usd), &s.usd)?;
        ws.write_formula_with_format(
            row,
            8,
            Formula::new(format!("=F{n}+H{n}")).set_result(plain_usd(l.effective_usd)),
            &s.usd,
        )?;
        ws.write_number_with_format(row, 9, usd(l.unused_usd), &s.usd)?;
        for (col, p) in [(10, l.coverage_percent), (11, l.utilisation_percent)] {
            if let Some(p) = p {
                let shown = crate::money::plain_percent(p) / Decimal::ONE_HUNDRED;
                ws.write_number_with_format(row, col, float(shown), &s.percent)?;
            }
        }
        match l.break_even_month {
            Some(m) => ws.write_number(row, 12, f64::from(m))?,
            None => ws.write_string(row, 12, "never")?,
        };
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "month 1, amortised", &s.header)?;
    ws.write_string_with_format(row, 3, "note", &s.header)?;
    ws.write_string_with_format(row, 4, "monthly_usd", &s.header)?;
    row += 1;
    let first = row;
    for b in &c.bill {
        ws.write_string(row, 0, &b.label)?;
        ws.write_string(row, 3, &b.note)?;
        ws.write_number_with_format(row, 4, usd(b.monthly_usd), &s.usd)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "amortised monthly", &s.total)?;
    ws.write_formula_with_format(
        row,
        4,
        sum(4, first, row - 1, c.amortised_monthly_usd),
        &s.usd_total,
    )?;
    row += 2;
    for (col, name) in [
        "month",
        "month_label",
        "",
        "",
        "on_demand_usd",
        "amortised_usd",
        "cash_usd",
        "cumulative_on_demand_usd",
        "cumulative_cash_usd",
    ]
    .iter()
    .enumerate()
    {
        if !name.is_empty() {
            ws.write_string_with_format(row, col as u16, *name, &s.header)?;
        }
    }
    row += 1;
    let first = row;
    for f in &c.cash_flow {
        let n = row + 1;
        ws.write_number(row, 0, f64::from(f.month))?;
        ws.write_string(row, 1, &f.label)?;
        ws.write_number_with_format(row, 4, usd(f.on_demand_usd), &s.usd)?;
        ws.write_number_with_format(row, 5, usd(f.amortised_usd), &s.usd)?;
        ws.write_number_with_format(row, 6, usd(f.cash_usd), &s.usd)?;
        let (od, cash) = if row == first {
            (format!("=E{n}"), format!("=G{n}"))
        } else {
            (format!("=H{}+E{n}", n - 1), format!("=I{}+G{n}", n - 1))
        };
        ws.write_formula_with_format(
            row,
            7,
            Formula::new(od).set_result(plain_usd(f.cumulative_on_demand_usd)),
            &s.usd,
        )?;
        ws.write_formula_with_format(
            row,
            8,
            Formula::new(cash).set_result(plain_usd(f.cumulative_cash_usd)),
            &s.usd,
        )?;
        row += 1;
    }
    for t in &c.flow_totals {
        let last = first + t.months - 1;
        ws.write_string_with_format(row, 0, format!("{} months", t.months), &s.total)?;
        ws.write_formula_with_format(row, 4, sum(4, first, last, t.on_demand_usd), &s.usd_total)?;
        ws.write_formula_with_format(row, 5, sum(5, first, last, t.amortised_usd), &s.usd_total)?;
        ws.write_formula_with_format(row, 6, sum(6, first, last, t.cash_usd), &s.usd_total)?;
        row += 1;
    }
    Ok(())
}

/// `assumptions`: the inputs every figure rests on (hours per month, region, price table, the
/// rounding rule) and the estimate's warnings.
pub fn assumptions_sheet(
    wb: &mut Workbook,
    view: &EstimateView,
    s: &Styles,
) -> Result<(), XlsxError> {
    let e = view.estimate;
    let ws = wb.add_worksheet().set_name("assumptions")?;
    headers(ws, &[("assumption", 32.0), ("value", 60.0)], s)?;
    let rows: [(&str, String); 7] = [
        ("region", e.region.clone()),
        ("currency", e.currency.clone()),
        ("price table region", e.price_table.region.clone()),
        ("price table source", e.price_table.source.clone()),
        ("price table effective date", e.price_table.effective_date.clone()),
        (
            "rounding",
            "each line rounded to the cent (half away from zero); subtotals and totals add the rounded lines; annual = 12 × monthly".into(),
        ),
        ("months per year", MONTHS_PER_YEAR.to_string()),
    ];
    ws.write_string(1, 0, "hours per month")?;
    ws.write_number(1, 1, float(e.hours_per_month))?;
    let mut row = 2u32;
    for (k, v) in rows {
        ws.write_string(row, 0, k)?;
        if k == "price table effective date" {
            date_or_text(ws, row, 1, &v, s)?;
        } else {
            ws.write_string(row, 1, v)?;
        }
        row += 1;
    }
    for w in &e.warnings {
        ws.write_string(row, 0, "warning")?;
        ws.write_string(row, 1, w)?;
        row += 1;
    }
    // Every input the topology marks `# [assumed]`: path, value as written, note, line.
    if !e.assumptions.is_empty() {
        row += 1;
        for (col, h) in ["assumed input", "value", "note", "line"]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(row, col as u16, *h, &s.header)?;
        }
        ws.set_column_width(2, 48.0)?;
        row += 1;
        for a in &e.assumptions {
            ws.write_string(row, 0, &a.path)?;
            ws.write_string(row, 1, &a.value_text)?;
            ws.write_string(row, 2, &a.note)?;
            ws.write_number(row, 3, a.line as f64)?;
            row += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_when_whole_and_valid() {
        assert_eq!(parse_date("2024-05-01"), Some((2024, 5, 1)));
        assert_eq!(parse_date("2024-05"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2024-05-01-x"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn money_cells_hold_the_displayed_cents() {
        assert_eq!(usd("1234.565".parse().unwrap()), 1234.57);
        assert_eq!(usd("-0.005".parse().unwrap()), -0.01);
        assert_eq!(col_letter(6), 'G');
    }
}
