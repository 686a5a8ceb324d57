//! Capacity benchmarks: sizing one service at 10,000 slots (must take microseconds) and the
//! 12-month growth plan of the baseline (must take under 10 ms).
//!
//! Run: `cargo bench --bench capacity`

use costplan::PriceCatalog;
use costplan::capacity::assess;
use costplan::capacity::erlang_c::erlang_c;
use costplan::capacity::sizing::{Objective, ServiceLoad};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;

fn ten_thousand_slots() -> ServiceLoad {
    // 9,000 erlangs at 90 % target utilisation: at least 10,000 slots, one per task, over 3 AZs
    ServiceLoad {
        avg_rate_per_s: 3_000.0,
        peak_rate_per_s: 9_000.0,
        service_time_s: 1.0,
        concurrency_per_task: 1,
        target_utilisation: 0.9,
        objective: Objective::WaitTail {
            threshold_s: 0.1,
            max_probability: 0.01,
        },
        zones: 3,
        min_tasks: 3,
    }
}

fn sizing(c: &mut Criterion) {
    let load = ten_thousand_slots();
    let sized = load.size().expect("sizes");
    assert!(sized.servers_needed >= 10_000, "{sized:?}");
    c.bench_function("size one service at 10,000 slots", |b| {
        b.iter(|| black_box(black_box(&load).size()))
    });
    c.bench_function("erlang C at 10,000 servers", |b| {
        b.iter(|| erlang_c(black_box(10_000), black_box(9_500.0)))
    });
}

fn growth(c: &mut Criterion) {
    let catalog = PriceCatalog::bundled().expect("bundled prices");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let (topology, _) = costplan::topology::read(&path, &catalog).expect("baseline");
    let table = catalog.table(&topology.region).expect("table");
    let rate = Decimal::new(1, 1);
    c.bench_function("12-month growth plan of the baseline", |b| {
        b.iter(|| assess::growth::plan(black_box(&topology), table, rate, 12))
    });
}

criterion_group!(benches, sizing, growth);
criterion_main!(benches);
