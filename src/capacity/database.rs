//! RDS and Aurora capacity: instance class specs, the default `max_connections` per engine,
//! connection demand from ECS tasks, and CPU-credit risk for burstable classes (reference §2.1–2.3).

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// Bytes per connection in the RDS PostgreSQL default: `LEAST({DBInstanceClassMemory/9531392}, 5000)`.
pub const BYTES_PER_CONNECTION: u64 = 9_531_392;
/// The cap in the same default.
pub const MAX_CONNECTIONS_CAP: u64 = 5_000;
/// Bytes per connection in the RDS for MySQL and MariaDB default: `{DBInstanceClassMemory/12582880}`
/// (no cap). Source: factualminds.com "AWS RDS Max Connection Calculator" FAQ: "MySQL/MariaDB use
/// {DBInstanceClassMemory/12582880}" [C].
pub const MYSQL_BYTES_PER_CONNECTION: u64 = 12_582_880;
/// Aurora MySQL's default `max_connections` by instance memory, from the table in "Managing
/// performance and scaling for Amazon Aurora MySQL" (docs.aws.amazon.com/AmazonRDS/latest/
/// AuroraUserGuide/AuroraMySQL.Managing.Performance.html: db.t3.small 45, db.t3.medium 90,
/// db.r5.large 1000, db.r5.xlarge 2000, db.r5.2xlarge 3000, db.r5.4xlarge 4000, db.r5.8xlarge
/// 5000, db.r5.12xlarge 6000). A memory size between two rows takes the lower row's value.
pub const AURORA_MYSQL_MAX_CONNECTIONS: &[(u32, u64)] = &[
    (2, 45),
    (4, 90),
    (16, 1000),
    (32, 2000),
    (64, 3000),
    (128, 4000),
    (256, 5000),
    (384, 6000),
];
/// PostgreSQL `superuser_reserved_connections` default.
pub const RESERVED_CONNECTIONS: u64 = 3;
/// `DBInstanceClassMemory` is the class memory minus what the OS and RDS processes keep, and AWS does
/// not publish it per class. Observed `SHOW max_connections` values (t2.small 198, t2.medium 413,
/// t2.large 856, r4.large 1660) are 0.88–0.97 of the nominal-memory figure; costplan uses 0.90, the
/// low end of the reference's 0.90–0.95 recommendation, so the check errs towards warning early.
pub const REAL_MEMORY_PERCENT: u64 = 90;
/// ECS `maximumPercent` default: a rolling deploy may run twice the tasks.
pub const DEFAULT_DEPLOY_MAXIMUM_PERCENT: u32 = 200;

/// CPU credits of a burstable class (EC2 burstable credit table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credits {
    pub earned_per_hour: u32,
    pub max_accrued: u32,
    /// Baseline utilisation per vCPU, percent.
    pub baseline_percent: u32,
}

/// Hardware of one DB instance class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbClass {
    pub name: &'static str,
    pub vcpu: u32,
    pub memory_gib: u32,
    /// `Some` for burstable (T) classes.
    pub credits: Option<Credits>,
}

const fn burst(earned_per_hour: u32, max_accrued: u32, baseline_percent: u32) -> Option<Credits> {
    Some(Credits {
        earned_per_hour,
        max_accrued,
        baseline_percent,
    })
}

const fn class(
    name: &'static str,
    vcpu: u32,
    memory_gib: u32,
    credits: Option<Credits>,
) -> DbClass {
    DbClass {
        name,
        vcpu,
        memory_gib,
        credits,
    }
}

/// Classes from the RDS hardware table (reference §2.1) plus the T xlarge/2xlarge sizes whose vCPU
/// and credits are in the EC2 burstable table (§2.3) and memory is the EC2 type's (16 / 32 GiB).
pub const DB_CLASSES: &[DbClass] = &[
    class("db.t3.micro", 2, 1, burst(12, 288, 10)),
    class("db.t3.small", 2, 2, burst(24, 576, 20)),
    class("db.t3.medium", 2, 4, burst(24, 576, 20)),
    class("db.t3.large", 2, 8, burst(36, 864, 30)),
    class("db.t3.xlarge", 4, 16, burst(96, 2304, 40)),
    class("db.t3.2xlarge", 8, 32, burst(192, 4608, 40)),
    class("db.t4g.micro", 2, 1, burst(12, 288, 10)),
    class("db.t4g.small", 2, 2, burst(24, 576, 20)),
    class("db.t4g.medium", 2, 4, burst(24, 576, 20)),
    class("db.t4g.large", 2, 8, burst(36, 864, 30)),
    class("db.t4g.xlarge", 4, 16, burst(96, 2304, 40)),
    class("db.t4g.2xlarge", 8, 32, burst(192, 4608, 40)),
    class("db.m5.large", 2, 8, None),
    class("db.m5.xlarge", 4, 16, None),
    class("db.m6g.large", 2, 8, None),
    class("db.m6g.xlarge", 4, 16, None),
    class("db.m6i.large", 2, 8, None),
    class("db.m6i.xlarge", 4, 16, None),
    class("db.m7g.large", 2, 8, None),
    class("db.m7g.xlarge", 4, 16, None),
    class("db.r5.large", 2, 16, None),
    class("db.r5.xlarge", 4, 32, None),
    class("db.r6g.large", 2, 16, None),
    class("db.r6g.xlarge", 4, 32, None),
    // Classes the bundled price tables carry beyond the reference's hardware table. Within a
    // family each size doubles vCPU and memory; corroborated by an AWS Database Blog table
    // (InnoDB purge tuning, r7g: db.r7g.xlarge 4 vCPU / 32 GiB) and by secondary RDS sizing
    // tables (db.m6g.2xlarge 8 / 32, db.r6g.2xlarge 8 / 64).
    class("db.m6g.2xlarge", 8, 32, None),
    class("db.r6g.2xlarge", 8, 64, None),
    class("db.r7g.xlarge", 4, 32, None),
];

/// The class named `name`, if costplan knows its hardware.
pub fn db_class(name: &str) -> Option<&'static DbClass> {
    DB_CLASSES.iter().find(|c| c.name == name)
}

impl DbClass {
    /// `LEAST(memory / 9531392, 5000)` with nominal memory: the upper bound the reference tabulates.
    pub fn max_connections_nominal(&self) -> u64 {
        let bytes = u64::from(self.memory_gib) << 30;
        (bytes / BYTES_PER_CONNECTION).min(MAX_CONNECTIONS_CAP)
    }

    /// The default `max_connections` estimated with the real-memory discount ([`REAL_MEMORY_PERCENT`]).
    pub fn max_connections(&self) -> u64 {
        let bytes = (u64::from(self.memory_gib) << 30) / 100 * REAL_MEMORY_PERCENT;
        (bytes / BYTES_PER_CONNECTION).min(MAX_CONNECTIONS_CAP)
    }

    /// Connections applications can use: `max_connections` minus the superuser reserve.
    pub fn usable_connections(&self) -> u64 {
        self.max_connections().saturating_sub(RESERVED_CONNECTIONS)
    }

    /// The default `max_connections` of `engine` on this class: PostgreSQL and Aurora PostgreSQL
    /// as [`DbClass::max_connections`], MySQL and MariaDB `memory / 12582880` at the same
    /// real-memory discount, Aurora MySQL from AWS's table by memory.
    pub fn max_connections_for(&self, engine: &str) -> u64 {
        match engine {
            "mysql" | "mariadb" => {
                let bytes = (u64::from(self.memory_gib) << 30) / 100 * REAL_MEMORY_PERCENT;
                bytes / MYSQL_BYTES_PER_CONNECTION
            }
            "aurora-mysql" => AURORA_MYSQL_MAX_CONNECTIONS
                .iter()
                .rev()
                .find(|(gib, _)| *gib <= self.memory_gib)
                .map_or(AURORA_MYSQL_MAX_CONNECTIONS[0].1, |(_, n)| *n),
            _ => self.max_connections(),
        }
    }

    /// Connections applications can use on `engine`: its `max_connections` minus the reserve.
    pub fn usable_connections_for(&self, engine: &str) -> u64 {
        self.max_connections_for(engine)
            .saturating_sub(RESERVED_CONNECTIONS)
    }
}

/// How the default `max_connections` of `engine` is computed, for reports.
pub fn max_connections_formula(engine: &str) -> &'static str {
    match engine {
        "mysql" | "mariadb" => "90% of memory / 12582880",
        "aurora-mysql" => "AWS's Aurora MySQL table by memory",
        _ => "LEAST(90% of memory / 9531392, 5000)",
    }
}

/// Connection demand of one service: tasks × pool size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolDemand {
    pub service: String,
    pub tasks: u64,
    pub connections_per_task: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConnectionStatus {
    Ok,
    /// Fits in steady state, but not while a rolling deploy runs the extra tasks.
    AtRiskDuringDeploy,
    /// Does not fit even in steady state.
    Exceeded,
}

impl ConnectionStatus {
    pub fn id(self) -> &'static str {
        match self {
            ConnectionStatus::Ok => "ok",
            ConnectionStatus::AtRiskDuringDeploy => "at risk during deploys",
            ConnectionStatus::Exceeded => "exceeded",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionCheck {
    /// Σ tasks × pool size.
    pub steady: u64,
    /// Σ ceil(tasks × maximumPercent / 100) × pool size.
    pub during_deploy: u64,
    pub max_connections: u64,
    pub usable: u64,
    pub status: ConnectionStatus,
}

/// Checks connection demand against the class's connection limit. `max_connections_override` is a
/// measured or configured value that replaces the default formula.
pub fn check_connections(
    demand: &[PoolDemand],
    deploy_maximum_percent: u32,
    class: &DbClass,
    engine: &str,
    max_connections_override: Option<u64>,
) -> Result<ConnectionCheck> {
    if deploy_maximum_percent < 100 {
        return Err(Error::capacity(format!(
            "deployment maximum percent must be at least 100, got {deploy_maximum_percent}"
        )));
    }
    let overflow = || Error::overflow("database connections");
    let mut steady = 0u64;
    let mut during_deploy = 0u64;
    for d in demand {
        let per = d
            .tasks
            .checked_mul(d.connections_per_task)
            .ok_or_else(overflow)?;
        steady = steady.checked_add(per).ok_or_else(overflow)?;
        let deploy_tasks = d
            .tasks
            .checked_mul(u64::from(deploy_maximum_percent))
            .ok_or_else(overflow)?
            .div_ceil(100);
        let per_deploy = deploy_tasks
            .checked_mul(d.connections_per_task)
            .ok_or_else(overflow)?;
        during_deploy = during_deploy.checked_add(per_deploy).ok_or_else(overflow)?;
    }
    let max_connections =
        max_connections_override.unwrap_or_else(|| class.max_connections_for(engine));
    let usable = max_connections.saturating_sub(RESERVED_CONNECTIONS);
    let status = if steady > usable {
        ConnectionStatus::Exceeded
    } else if during_deploy > usable {
        ConnectionStatus::AtRiskDuringDeploy
    } else {
        ConnectionStatus::Ok
    };
    Ok(ConnectionCheck {
        steady,
        during_deploy,
        max_connections,
        usable,
        status,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CreditRisk {
    /// Not a burstable class.
    NotBurstable,
    /// Average and peak stay within what the credits cover.
    Low,
    /// Average is within baseline, but a sustained peak drains the maximum credit balance.
    PeakDrainsBalance,
    /// Average is above baseline: surplus credits are billed every day (Unlimited mode).
    SustainedAboveBaseline,
}

impl CreditRisk {
    pub fn id(self) -> &'static str {
        match self {
            CreditRisk::NotBurstable => "not burstable",
            CreditRisk::Low => "low",
            CreditRisk::PeakDrainsBalance => "peak drains credits",
            CreditRisk::SustainedAboveBaseline => "above baseline",
        }
    }
}

/// CPU-credit outlook of a burstable class at a stated CPU load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditCheck {
    pub risk: CreditRisk,
    pub baseline_percent: Option<u32>,
    /// Surplus vCPU-hours per month billed in Unlimited mode:
    /// `max(0, avg − baseline) × vCPUs × hours per month`.
    pub surplus_vcpu_hours_per_month: Decimal,
    /// Hours a peak can run before the full credit balance is spent (None = indefinitely).
    pub peak_hours_sustainable: Option<Decimal>,
}

/// CPU-credit risk for `avg_cpu_percent` average utilisation with `peak_hours_per_day` at
/// `peak_cpu_percent` (reference §2.3: 1 credit = 1 vCPU at 100 % for 1 minute), over a month of
/// `hours_per_month` hours.
pub fn check_credits(
    class: &DbClass,
    avg_cpu_percent: Decimal,
    peak_cpu_percent: Decimal,
    peak_hours_per_day: Decimal,
    hours_per_month: Decimal,
) -> Result<CreditCheck> {
    let hundred = Decimal::ONE_HUNDRED;
    for (what, v, max) in [
        ("average cpu percent", avg_cpu_percent, hundred),
        ("peak cpu percent", peak_cpu_percent, hundred),
        ("peak hours per day", peak_hours_per_day, Decimal::from(24)),
        ("hours per month", hours_per_month, Decimal::from(744)),
    ] {
        if v < Decimal::ZERO || v > max {
            return Err(Error::capacity(format!(
                "{what} must be between 0 and {max}, got {v}"
            )));
        }
    }
    let Some(credits) = class.credits else {
        return Ok(CreditCheck {
            risk: CreditRisk::NotBurstable,
            baseline_percent: None,
            surplus_vcpu_hours_per_month: Decimal::ZERO,
            peak_hours_sustainable: None,
        });
    };
    let baseline = Decimal::from(credits.baseline_percent);
    let vcpu = Decimal::from(class.vcpu);
    // all operands are bounded (≤ 100 %, ≤ 8 vCPU, ≤ 744 h): no overflow possible
    let surplus =
        (avg_cpu_percent - baseline).max(Decimal::ZERO) / hundred * vcpu * hours_per_month;
    // credits spent per hour above what is earned while at peak
    let drain_per_hour =
        (peak_cpu_percent - baseline).max(Decimal::ZERO) / hundred * vcpu * Decimal::from(60);
    let peak_hours_sustainable = if drain_per_hour.is_zero() {
        None
    } else {
        Some((Decimal::from(credits.max_accrued) / drain_per_hour).round_dp(2))
    };
    let risk = if avg_cpu_percent > baseline {
        CreditRisk::SustainedAboveBaseline
    } else if peak_hours_sustainable.is_some_and(|h| h < peak_hours_per_day) {
        CreditRisk::PeakDrainsBalance
    } else {
        CreditRisk::Low
    };
    Ok(CreditCheck {
        risk,
        baseline_percent: Some(credits.baseline_percent),
        surplus_vcpu_hours_per_month: surplus,
        peak_hours_sustainable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn nominal_max_connections_match_the_reference_table() {
        for (name, expected) in [
            ("db.t3.micro", 112),
            ("db.t4g.small", 225),
            ("db.t3.medium", 450),
            ("db.m5.large", 901),
            ("db.r6g.large", 1802),
            ("db.r5.xlarge", 3604),
        ] {
            assert_eq!(
                db_class(name).unwrap().max_connections_nominal(),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn real_memory_discount_lands_in_the_observed_range() {
        let medium = db_class("db.t3.medium").unwrap();
        // 0.9 × 4 GiB / 9531392 = 405; observed t2.medium (same 4 GiB) was 413
        assert_eq!(medium.max_connections(), 405);
        assert_eq!(medium.usable_connections(), 402);
        assert!(medium.max_connections() < medium.max_connections_nominal());
        assert!(db_class("db.t3.nope").is_none());
    }

    #[test]
    fn max_connections_per_engine() {
        let large = db_class("db.r6g.large").unwrap(); // 16 GiB
        // PostgreSQL: 0.9 × 16 GiB / 9531392 = 1622
        assert_eq!(large.max_connections_for("postgres"), 1622);
        assert_eq!(large.max_connections_for("aurora-postgresql"), 1622);
        // MySQL/MariaDB: 0.9 × 16 GiB / 12582880 = 1228
        assert_eq!(large.max_connections_for("mysql"), 1228);
        assert_eq!(large.max_connections_for("mariadb"), 1228);
        // Aurora MySQL: AWS's table, 16 GiB (db.r5.large) → 1000
        assert_eq!(large.max_connections_for("aurora-mysql"), 1000);
        assert_eq!(
            db_class("db.t3.medium")
                .unwrap()
                .max_connections_for("aurora-mysql"),
            90
        );
        assert_eq!(
            db_class("db.t3.small")
                .unwrap()
                .max_connections_for("aurora-mysql"),
            45
        );
        // 8 GiB lies between the 4 GiB and 16 GiB rows: the lower row's value
        assert_eq!(
            db_class("db.t3.large")
                .unwrap()
                .max_connections_for("aurora-mysql"),
            90
        );
        // 1 GiB is below the table: its first row
        assert_eq!(
            db_class("db.t3.micro")
                .unwrap()
                .max_connections_for("aurora-mysql"),
            45
        );
        assert_eq!(large.usable_connections_for("mysql"), 1225);
    }

    #[test]
    fn rolling_deploy_doubles_demand() {
        let class = db_class("db.t3.medium").unwrap();
        let demand = [
            PoolDemand {
                service: "api".into(),
                tasks: 4,
                connections_per_task: 20,
            },
            PoolDemand {
                service: "worker".into(),
                tasks: 5,
                connections_per_task: 25,
            },
        ];
        let c = check_connections(&demand, 200, class, "postgres", None).unwrap();
        assert_eq!((c.steady, c.during_deploy), (205, 410));
        assert_eq!(c.status, ConnectionStatus::AtRiskDuringDeploy);
        let c = check_connections(&demand, 150, class, "postgres", None).unwrap();
        // ceil(4×1.5)=6 ×20 + ceil(5×1.5)=8 ×25 = 320
        assert_eq!(c.during_deploy, 320);
        assert_eq!(c.status, ConnectionStatus::Ok);
        let c = check_connections(&demand, 200, class, "postgres", Some(150)).unwrap();
        assert_eq!(c.status, ConnectionStatus::Exceeded);
        assert!(check_connections(&demand, 50, class, "postgres", None).is_err());
        let huge = [PoolDemand {
            service: "x".into(),
            tasks: u64::MAX,
            connections_per_task: 2,
        }];
        assert!(check_connections(&huge, 200, class, "postgres", None).is_err());
    }

    #[test]
    fn credit_risk() {
        let medium = db_class("db.t3.medium").unwrap(); // 20 % baseline, 576 max
        let c = check_credits(medium, d("10"), d("15"), d("4"), d("720")).unwrap();
        assert_eq!(c.risk, CreditRisk::Low);
        assert_eq!(c.peak_hours_sustainable, None);
        // peak 80 %: drain (80-20)% × 2 × 60 = 72 credits/h → 8 h from a full balance
        let c = check_credits(medium, d("15"), d("80"), d("10"), d("720")).unwrap();
        assert_eq!(c.peak_hours_sustainable, Some(d("8")));
        assert_eq!(c.risk, CreditRisk::PeakDrainsBalance);
        // average 25 %: 5 % × 2 vCPU × 720 h = 72 surplus vCPU-h per month
        let c = check_credits(medium, d("25"), d("25"), d("0"), d("720")).unwrap();
        assert_eq!(c.risk, CreditRisk::SustainedAboveBaseline);
        assert_eq!(c.surplus_vcpu_hours_per_month, d("72"));
        // over a 730-hour month: 73
        let c = check_credits(medium, d("25"), d("25"), d("0"), d("730")).unwrap();
        assert_eq!(c.surplus_vcpu_hours_per_month, d("73"));
        let m5 = db_class("db.m5.large").unwrap();
        assert_eq!(
            check_credits(m5, d("90"), d("100"), d("24"), d("730"))
                .unwrap()
                .risk,
            CreditRisk::NotBurstable
        );
        assert!(check_credits(medium, d("101"), d("0"), d("0"), d("730")).is_err());
        assert!(check_credits(medium, d("1"), d("1"), d("25"), d("730")).is_err());
    }
}
