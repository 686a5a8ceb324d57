//! Evaluation speed: one baseline evaluation must take well under 20 µs.
//!
//! `cargo bench --bench evaluate`

use costplan::analysis::model::PricedModel;
use costplan::pricing::PriceCatalog;
use costplan::source::SourceFile;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn baseline(catalog: &PriceCatalog) -> costplan::Topology {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let file = SourceFile::read(&path, 1 << 20).expect("baseline readable");
    costplan::topology::parse(&file, catalog).expect("baseline valid")
}

fn evaluate(c: &mut Criterion) {
    let catalog = PriceCatalog::bundled().expect("bundled prices");
    let topology = baseline(&catalog);
    let model = PricedModel::new(topology.clone(), &catalog).expect("model");
    let table = catalog.table("us-east-1").expect("table");

    c.bench_function(
        "evaluate baseline (totals, the sweep/simulation path)",
        |b| b.iter(|| model.evaluate(black_box(&model.topology)).expect("priced")),
    );
    let (worker, _) = model.input("service.worker.count").expect("input").clone();
    let mut t = model.topology.clone();
    let mut n = 0u32;
    c.bench_function("set service.worker.count + evaluate", |b| {
        b.iter(|| {
            n = (n + 1) % 20;
            worker.set(&mut t, rust_decimal::Decimal::from(n));
            model.evaluate(black_box(&t)).expect("priced")
        })
    });
    c.bench_function(
        "estimate baseline (full line items, memoized prices)",
        |b| b.iter(|| model.estimate(black_box(&model.topology)).expect("priced")),
    );
    c.bench_function("estimate baseline (full line items, one-off)", |b| {
        b.iter(|| costplan::estimate(black_box(&topology), table).expect("priced"))
    });
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
