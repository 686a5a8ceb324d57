//! costplan's bill aggregation query (`costplan::bill::sql`) run for real: DuckDB runs the duckdb
//! text over the bill files (CUR 2.0 CSV, gzip and Parquet; the legacy CUR fixtures as the
//! Athena integration's table), costplan reads each result CSV as a bill, and its month totals,
//! per-service totals and per product code + usage type + line type sums must equal those of the
//! raw bill read directly. sqlglot, a real SQL parser, parses the Athena (Trino) and Spark texts.
//! The Python side is `tests/bills/sql_check.py` (duckdb and sqlglot from PyPI, pinned in .ci/run).

use super::root;
use costplan::bill::sql::{self, Dialect, Filters, Schema};
use costplan::bill::{self, BillFormat};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `python3` can import duckdb and sqlglot.
pub fn python_sql_present() -> bool {
    Command::new("python3")
        .args(["-c", "import duckdb, sqlglot"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn shared_bills() -> Option<PathBuf> {
    let dir = match std::env::var_os("COSTPLAN_SHARED_BILLS") {
        Some(d) => PathBuf::from(d),
        None => root().join("../shared/fixtures/bills"),
    };
    dir.is_dir().then_some(dir)
}

type Sums = BTreeMap<(String, String, String, String), (Decimal, Decimal)>;

/// Cost and usage per month, product code, usage type and line item type.
fn sums(path: &Path, only_tag: Option<(&str, &str)>) -> (BillFormat, Sums) {
    let mut out = Sums::new();
    let info = bill::read_bill(path, &mut |r| {
        if let Some((k, v)) = only_tag
            && r.tags.get(k).map(String::as_str) != Some(v)
        {
            return Ok(());
        }
        let key = (
            r.month.clone(),
            r.product_code.clone().unwrap_or_default(),
            r.usage_type.clone().unwrap_or_default(),
            format!("{:?}", r.line_item_type),
        );
        let e = out.entry(key).or_default();
        e.0 += r.usage_amount;
        e.1 += r.unblended_cost;
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (info.format, out)
}

struct Job {
    bill: PathBuf,
    kind: &'static str,
    schema: Schema,
    filters: Filters,
    /// The raw lines the filtered query keeps: a user tag (as costplan reads it) and value.
    only_tag: Option<(&'static str, &'static str)>,
}

pub fn aggregate_query_equals_the_raw_bill() {
    let dir = tempfile::tempdir().unwrap();
    let own = root().join("tests/bills");
    let month = |m: &str| Filters {
        month: Some(m.to_string()),
        ..Filters::default()
    };
    let mut jobs = vec![
        Job {
            bill: own.join("cur2/cur2-2026-11.csv"),
            kind: "cur2-csv",
            schema: Schema::Cur2,
            filters: month("2026-11"),
            only_tag: None,
        },
        Job {
            bill: own.join("cur2/cur2-2026-11.csv.gz"),
            kind: "cur2-csv",
            schema: Schema::Cur2,
            filters: Filters::default(),
            only_tag: None,
        },
        Job {
            bill: own.join("cur2/cur2-2026-11.parquet"),
            kind: "cur2-parquet",
            schema: Schema::Cur2,
            filters: month("2026-11"),
            only_tag: None,
        },
        // The tag filter: only the lines tagged Project=orders.
        Job {
            bill: own.join("cur2/cur2-2026-11.parquet"),
            kind: "cur2-parquet",
            schema: Schema::Cur2,
            filters: Filters {
                tags: vec![("Project".into(), "orders".into())],
                ..Filters::default()
            },
            only_tag: Some(("user_Project", "orders")),
        },
        Job {
            bill: own.join("cur2/cur2-2026-11.csv"),
            kind: "cur2-csv",
            schema: Schema::Cur2,
            filters: Filters {
                tags: vec![("Project".into(), "orders".into())],
                accounts: vec!["011254002932".into()],
                ..Filters::default()
            },
            only_tag: Some(("user_Project", "orders")),
        },
    ];
    let perturbed = root().join("tests/fixtures/bills/perturbed");
    for (name, kind) in [
        ("perturbed-cur2.csv", "cur2-csv"),
        ("perturbed-cur2.csv.gz", "cur2-csv"),
        ("perturbed-cur2.parquet", "cur2-parquet"),
        ("perturbed-legacy-cur.csv", "legacy-csv"),
    ] {
        jobs.push(Job {
            bill: perturbed.join(name),
            kind,
            schema: if kind.starts_with("legacy") {
                Schema::Legacy
            } else {
                Schema::Cur2
            },
            filters: month("2026-11"),
            only_tag: None,
        });
    }
    match shared_bills() {
        Some(shared) => {
            for (name, kind, m) in [
                ("legacy-cur-anon-2023-11.csv", "legacy-csv", Some("2023-11")),
                ("legacy-cur-anon-2023-11.csv.gz", "legacy-csv", None),
                (
                    "legacy-cur-workshop-2018-10.snappy.parquet",
                    "legacy-parquet",
                    Some("2018-10"),
                ),
                (
                    "legacy-cur-workshop-2018-11.snappy.parquet",
                    "legacy-parquet",
                    None,
                ),
            ] {
                jobs.push(Job {
                    bill: shared.join(name),
                    kind,
                    schema: Schema::Legacy,
                    filters: m.map(month).unwrap_or_default(),
                    only_tag: None,
                });
            }
        }
        None => eprintln!(
            "(the shared legacy CUR fixtures are not there: only costplan's own bills are queried)"
        ),
    }

    let mut run = Vec::new();
    let mut parse = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let text = sql::emit_filtered(Dialect::DuckDb, job.schema, "bill", &job.filters).unwrap();
        let sql_path = dir.path().join(format!("q{i}.sql"));
        std::fs::write(&sql_path, text).unwrap();
        run.push(serde_json::json!({
            "bill": job.bill, "kind": job.kind, "sql": sql_path,
            "out": dir.path().join(format!("r{i}.csv")),
        }));
        for (dialect, read) in [(Dialect::Athena, "trino"), (Dialect::Spark, "spark")] {
            let text =
                sql::emit_filtered(dialect, job.schema, "cur_db.cur_table", &job.filters).unwrap();
            let p = dir.path().join(format!("q{i}-{dialect}.sql"));
            std::fs::write(&p, text).unwrap();
            parse.push(serde_json::json!({"sql": p, "read": read}));
        }
    }
    let jobs_path = dir.path().join("jobs.json");
    std::fs::write(
        &jobs_path,
        serde_json::to_string(&serde_json::json!({"run": run, "parse": parse})).unwrap(),
    )
    .unwrap();
    let out = Command::new("python3")
        .arg(root().join("tests/bills/sql_check.py"))
        .arg(&jobs_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sql_check.py failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    for (i, job) in jobs.iter().enumerate() {
        let name = job.bill.display().to_string();
        let result = dir.path().join(format!("r{i}.csv"));
        let agg = bill::totals(&result).unwrap_or_else(|e| panic!("{name}: result: {e}"));
        assert_eq!(agg.info.format, BillFormat::Aggregate, "{name}");
        let (_, want) = sums(&job.bill, job.only_tag);
        let (_, got) = sums(&result, None);
        assert!(!want.is_empty(), "{name}: nothing to compare");
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{name}: groups"
        );
        for (k, w) in &want {
            assert_eq!(got[k].1, w.1, "{name}: cost of {k:?}");
            assert_eq!(got[k].0, w.0, "{name}: usage amount of {k:?}");
        }
        if job.only_tag.is_none() {
            let raw = bill::totals(&job.bill).unwrap();
            assert_eq!(
                agg.months.keys().collect::<Vec<_>>(),
                raw.months.keys().collect::<Vec<_>>(),
                "{name}: months"
            );
            for (m, r) in &raw.months {
                let a = &agg.months[m];
                assert_eq!(a.total, r.total, "{name} {m}: total");
                assert_eq!(a.usage, r.usage, "{name} {m}: usage");
                assert_eq!(a.by_service, r.by_service, "{name} {m}: services");
            }
        }
    }
}
