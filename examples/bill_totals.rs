//! Streams a bill through `costplan::bill::totals` and prints each month's total, line count and
//! the throughput: the bill-reading benchmark of `benches/bill_stream.sh`.
//! `cargo run --release --example bill_totals -- BILL`

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: bill_totals BILL");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(path);
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let totals = match costplan::bill::totals(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    println!("{}", totals.info);
    let mut lines = 0;
    for (month, m) in &totals.months {
        lines += m.lines;
        println!(
            "{month}: total {} {}, usage {}, {} lines",
            m.total, m.currency, m.usage, m.lines
        );
    }
    // Timing figures are for the benchmark's log only, never a cost.
    let mb = bytes as f64 / 1e6;
    println!(
        "{lines} lines, {mb:.1} MB in {seconds:.2} s: {:.0} MB/s of file, {:.0} lines/s",
        mb / seconds,
        lines as f64 / seconds
    );
}
