//! The RDS cost model against worked figures: each line's quantity × the bundled us-east-1 unit
//! price equals the monthly figure of the cited source (mostly infracost golden lines).

use crate::pricing::PriceCatalog;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The priced RDS lines of a topology whose `[database]` is `database`: (component, quantity,
/// unit price, monthly).
fn lines(database: &str) -> crate::error::Result<Vec<(String, Decimal, Decimal, Decimal)>> {
    let catalog = PriceCatalog::bundled().expect("bundled tables");
    let text = format!("name = \"t\"\nregion = \"us-east-1\"\n[database]\n{database}");
    let file = crate::source::SourceFile::new("t.toml", text);
    let t = crate::topology::parse(&file, &catalog)?;
    let e = crate::estimate::price(&t, catalog.table("us-east-1").unwrap())?;
    Ok(e.line_items
        .iter()
        .filter(|l| l.group == crate::model::Group::Rds)
        .map(|l| {
            (
                l.component.clone(),
                l.quantity,
                l.unit_price_usd,
                l.monthly_usd,
            )
        })
        .collect())
}

fn line(
    all: &[(String, Decimal, Decimal, Decimal)],
    component: &str,
) -> (Decimal, Decimal, Decimal) {
    let l = all
        .iter()
        .find(|l| l.0 == component)
        .unwrap_or_else(|| panic!("no line `{component}` in {all:#?}"));
    (l.1, l.2, l.3)
}

#[test]
fn mysql_multi_az_gp3_iops_above_the_high_baseline() {
    // infracost db_instance_test golden (2026-05-03), gp3["multi_az"]: db.t4g.small Multi-AZ 730 h
    // $47.45; gp3 400 GB $92.00; "Provisioned GP3 IOPS (above 12,000)" 2,000 IOPS $80.00.
    let all = lines(
        "engine = \"mysql\"\ninstance_class = \"db.t4g.small\"\ndeployment = \"multi-az\"\n\
         storage_type = \"gp3\"\nstorage_gb = 400\niops = 14000\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "instance (Multi-AZ)"),
        (d("730"), d("0.065"), d("47.45"))
    );
    assert_eq!(
        line(&all, "gp3 storage (Multi-AZ)"),
        (d("400"), d("0.230"), d("92.00"))
    );
    assert_eq!(
        line(&all, "gp3 IOPS above baseline (Multi-AZ)"),
        (d("2000"), d("0.04"), d("80.00"))
    );
}

#[test]
fn mysql_io1_and_backup_beyond_the_allowance() {
    // infracost golden mysql-iops: db.t3.large $99.28, io1 100 GB $12.50, 1,200 IOPS $120.00,
    // additional backup storage 1,000 GB $95.00.
    let all = lines(
        "engine = \"mysql\"\ninstance_class = \"db.t3.large\"\nstorage_type = \"io1\"\n\
         storage_gb = 100\niops = 1200\nbackup_storage_gb = 1000\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "instance (Single-AZ)"),
        (d("730"), d("0.136"), d("99.28"))
    );
    assert_eq!(
        line(&all, "io1 storage (Single-AZ)"),
        (d("100"), d("0.125"), d("12.500"))
    );
    assert_eq!(
        line(&all, "io1 provisioned IOPS (Single-AZ)"),
        (d("1200"), d("0.10"), d("120.00"))
    );
    assert_eq!(
        line(&all, "backup storage beyond free allowance"),
        (d("1000"), d("0.095"), d("95.000"))
    );
}

#[test]
fn mariadb_magnetic_storage_and_its_io_requests() {
    // infracost golden mysql-magnetic: "Storage (magnetic) 40 GB $4.00", I/O "$0.10 per 1M
    // requests"; mariadb db.t3.large $99.28.
    let all = lines(
        "engine = \"mariadb\"\ninstance_class = \"db.t3.large\"\nstorage_type = \"magnetic\"\n\
         storage_gb = 40\nio_requests_million = 25\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "instance (Single-AZ)"),
        (d("730"), d("0.136"), d("99.28"))
    );
    assert_eq!(
        line(&all, "magnetic storage (Single-AZ)"),
        (d("40"), d("0.10"), d("4.00"))
    );
    assert_eq!(
        line(&all, "magnetic I/O requests (millions)"),
        (d("25"), d("0.10"), d("2.50"))
    );
}

#[test]
fn io2_storage_and_iops() {
    // us-east-1 extract 2026-07-28: io2 $0.125/GB-month and $0.10/IOPS-month.
    let all = lines(
        "engine = \"mysql\"\ninstance_class = \"db.t3.micro\"\nstorage_type = \"io2\"\n\
         storage_gb = 100\niops = 3000\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "instance (Single-AZ)"),
        (d("730"), d("0.017"), d("12.410"))
    );
    assert_eq!(
        line(&all, "io2 storage (Single-AZ)"),
        (d("100"), d("0.125"), d("12.500"))
    );
    assert_eq!(
        line(&all, "io2 provisioned IOPS (Single-AZ)"),
        (d("3000"), d("0.10"), d("300.00"))
    );
}

#[test]
fn aurora_postgresql_cluster_writer_reader_storage_io_backup() {
    // infracost: aurora-postgresql db.t3.large 730 h $119.72 (db_instance_test, 2026-05-03);
    // rds_cluster_test (2024-07-01): storage 100 GB $10.00, I/O 52.56 M $10.51, backup 400 GB $8.40.
    let all = lines(
        "engine = \"aurora-postgresql\"\ninstance_class = \"db.t3.large\"\nreaders = 1\n\
         storage_gb = 100\nio_requests_million = 52.56\nbackup_storage_gb = 400\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "writer instance (Aurora Standard)"),
        (d("730"), d("0.164"), d("119.72"))
    );
    assert_eq!(
        line(&all, "reader 1 db.t3.large (Aurora Standard)"),
        (d("730"), d("0.164"), d("119.72"))
    );
    assert_eq!(
        line(&all, "cluster storage (Aurora Standard)"),
        (d("100"), d("0.10"), d("10.00"))
    );
    assert_eq!(
        line(&all, "I/O requests (millions)"),
        (d("52.56"), d("0.20"), d("10.5120"))
    );
    assert_eq!(
        line(&all, "backup storage beyond free allowance"),
        (d("400"), d("0.021"), d("8.400"))
    );
    // No Backtrack for PostgreSQL, no RDS storage lines.
    assert!(all.iter().all(|l| !l.0.contains("gp2")), "{all:#?}");
}

#[test]
fn aurora_mysql_readers_of_their_own_class_and_backtrack() {
    // infracost: aurora-mysql db.t3.medium $59.86 (rds_cluster_instance_test, 2025-03-05), db.t3.small
    // $29.93 (db_instance_test); Backtrack 66,576 M change records $798.91 (rds_cluster_test).
    let all = lines(
        "engine = \"aurora-mysql\"\ninstance_class = \"db.t3.medium\"\n\
         reader_instance_classes = [\"db.t3.small\", \"db.t3.medium\"]\nstorage_gb = 10\n\
         backtrack_change_records_million = 66576\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "writer instance (Aurora Standard)"),
        (d("730"), d("0.082"), d("59.86"))
    );
    assert_eq!(
        line(&all, "reader 1 db.t3.small (Aurora Standard)"),
        (d("730"), d("0.041"), d("29.93"))
    );
    assert_eq!(
        line(&all, "reader 2 db.t3.medium (Aurora Standard)"),
        (d("730"), d("0.082"), d("59.86"))
    );
    assert_eq!(
        line(&all, "Backtrack change records (millions)"),
        (d("66576"), d("0.012"), d("798.912"))
    );
}

#[test]
fn aurora_cpu_credits_at_auroras_rate() {
    // infracost rds_cluster_instance_test (2025-03-05): cluster_instance_t3 "CPU credits 48
    // vCPU-hours $4.32", not RDS's $0.075.
    let all = lines(
        "engine = \"aurora-mysql\"\ninstance_class = \"db.t3.medium\"\nstorage_gb = 10\n\
         cpu_credits_vcpu_hours = 48\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "surplus CPU credits"),
        (d("48"), d("0.09"), d("4.32"))
    );
}

#[test]
fn extended_support_by_vcpu_hours_and_support_year() {
    // Aurora MySQL 5.7 (version 2) has only the year 1-2 rate: infracost golden
    // extended_support["aurora-mysql-5.7"]: "Extended support (year 1) 1,460 vCPU-hours $146.00"
    // for one db.t3.large (2 vCPU × 730 h).
    let all = lines(
        "engine = \"aurora-mysql\"\nengine_version = \"5.7.mysql_aurora.2.11.2\"\n\
         instance_class = \"db.t3.large\"\nstorage_gb = 10\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "Extended Support aurora-mysql 5.7, year 1-2 (2 vCPU)"),
        (d("1460"), d("0.10"), d("146.00"))
    );
    // PostgreSQL 11 on the table's date (2026-10-02) is in year 3 (from 2026-04-01); Multi-AZ bills
    // the standby too: 2 × 2 vCPU × 730 h × $0.20.
    let all = lines(
        "engine = \"postgres\"\nengine_version = \"11.22\"\ninstance_class = \"db.t3.large\"\n\
         deployment = \"multi-az\"\nstorage_gb = 20\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "Extended Support postgres 11, year 3 (4 vCPU)"),
        (d("2920"), d("0.20"), d("584.00"))
    );
    // MySQL 8.0 left standard support on 2026-07-31: 2 vCPU × 730 h × $0.10 (the infracost
    // golden's year-1 line, 1,460 vCPU-hours $146.00).
    let all = lines(
        "engine = \"mysql\"\nengine_version = \"8.0.36\"\ninstance_class = \"db.t3.large\"\n\
         storage_gb = 20\n",
    )
    .unwrap();
    assert_eq!(
        line(&all, "Extended Support mysql 8.0, year 1-2 (2 vCPU)"),
        (d("1460"), d("0.10"), d("146.00"))
    );
    // A version in standard support (MySQL 8.4 is not in the calendar) adds no line.
    let all = lines(
        "engine = \"mysql\"\nengine_version = \"8.4.6\"\ninstance_class = \"db.t3.large\"\n\
         storage_gb = 20\n",
    )
    .unwrap();
    assert!(all.iter().all(|l| !l.0.contains("Extended")), "{all:#?}");
}

#[test]
fn an_uncited_support_year_is_an_error_naming_its_key() {
    // Aurora PostgreSQL 11 is in year 3 on 2026-10-02; no year-3 rate is bundled for it.
    let err = lines(
        "engine = \"aurora-postgresql\"\nengine_version = \"11.21\"\n\
         instance_class = \"db.t3.large\"\nstorage_gb = 10\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("rds.extended_support_vcpu_hour.aurora-postgresql.year3"),
        "{err}"
    );
}

#[test]
fn aurora_io_optimized_bills_no_io_and_says_so() {
    let err = lines(
        "engine = \"aurora-mysql\"\ninstance_class = \"db.t3.large\"\n\
         storage_configuration = \"io_optimized\"\nstorage_gb = 10\nio_requests_million = 5\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("not Aurora I/O-Optimized"), "{err}");
}
