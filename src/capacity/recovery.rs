//! Recovery targets (RTO / RPO) checked against the database and stack configuration for three
//! failure cases, following reference §8 (and §2.5 for the RDS mechanisms).
//!
//! Each mechanism yields an achievable RPO and RTO that is either a known worst case, unknown until
//! a restore is tested, or unbounded. A known worst case strictly below the target meets it; equal
//! to the target (such as PITR's five-minute log upload against "< 5 min") is at risk; above fails.
//! Unknown is at risk; unbounded fails.

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// RDS uploads transaction logs to S3 every five minutes: PITR's worst-case data loss.
pub const PITR_LOG_INTERVAL_MINUTES: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// Multi-AZ DB instance failover, typically 60–120 s: the worst of the typical range.
pub const MULTI_AZ_FAILOVER_MINUTES: Decimal = Decimal::from_parts(2, 0, 0, false, 0);
/// Read-replica promotion "takes a few minutes": costplan assumes ten.
pub const REPLICA_PROMOTION_MINUTES: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// Cross-Region read-replica lag, typically seconds: costplan assumes one minute.
pub const REPLICA_LAG_MINUTES: Decimal = Decimal::ONE;

/// Targets in minutes; each must be met strictly ("RTO < 1 h").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecoveryTargets {
    pub rto_minutes: Decimal,
    pub rpo_minutes: Decimal,
}

pub use crate::topology::workload::CrossRegion;

/// What the configuration provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResilienceConfig {
    /// A standby or reader takes over without a restore (Multi-AZ, Multi-AZ DB cluster, Aurora
    /// with a reader).
    pub multi_az: bool,
    /// The failover target is an Aurora reader (on the cluster's shared storage), not a standby.
    pub aurora_reader: bool,
    /// 0 disables automated backups and with them point-in-time recovery.
    pub backup_retention_days: u32,
    pub cross_region: CrossRegion,
    /// AZs the application tasks spread over.
    pub app_zones: u32,
    /// Whether an application stack already runs (scaled down) in the recovery Region.
    pub dr_stack_provisioned: bool,
    /// Measured duration of a restore drill (PITR or cross-Region restore and repoint), if any.
    pub tested_restore_minutes: Option<Decimal>,
    /// Whether losing a whole Region is in scope.
    pub region_loss_in_scope: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    InstanceOrAzLoss,
    CorruptionOrDeletion,
    RegionLoss,
}

impl Scenario {
    pub fn id(self) -> &'static str {
        match self {
            Scenario::InstanceOrAzLoss => "instance or AZ loss",
            Scenario::CorruptionOrDeletion => "data corruption or deletion",
            Scenario::RegionLoss => "region loss",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecoveryStatus {
    Meets,
    AtRisk,
    Fails,
}

impl RecoveryStatus {
    pub fn id(self) -> &'static str {
        match self {
            RecoveryStatus::Meets => "meets",
            RecoveryStatus::AtRisk => "at risk",
            RecoveryStatus::Fails => "fails",
        }
    }
}

/// An achievable recovery time or point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Achievable {
    /// Worst case in minutes.
    UpTo(Decimal),
    /// Depends on a restore that has not been measured.
    Untested,
    /// No mechanism: recovery is not possible or waits for AWS.
    Unbounded,
}

impl Achievable {
    pub fn against(self, target: Decimal) -> RecoveryStatus {
        match self {
            Achievable::UpTo(v) if v < target => RecoveryStatus::Meets,
            Achievable::UpTo(v) if v == target => RecoveryStatus::AtRisk,
            Achievable::UpTo(_) => RecoveryStatus::Fails,
            Achievable::Untested => RecoveryStatus::AtRisk,
            Achievable::Unbounded => RecoveryStatus::Fails,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Achievable::UpTo(v) => format!("≤ {} min", v.normalize()),
            Achievable::Untested => "untested".to_string(),
            Achievable::Unbounded => "unbounded".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioCheck {
    pub scenario: Scenario,
    pub rpo: Achievable,
    pub rto: Achievable,
    pub status: RecoveryStatus,
    pub reason: String,
}

fn restore_rto(cfg: &ResilienceConfig) -> Achievable {
    cfg.tested_restore_minutes
        .map_or(Achievable::Untested, Achievable::UpTo)
}

fn build(
    scenario: Scenario,
    targets: &RecoveryTargets,
    rpo: Achievable,
    rto: Achievable,
    mechanism: String,
) -> ScenarioCheck {
    let rpo_status = rpo.against(targets.rpo_minutes);
    let rto_status = rto.against(targets.rto_minutes);
    let status = rpo_status.max(rto_status);
    let mut notes = vec![mechanism];
    let target = |what: &str, a: Achievable, t: Decimal, s: RecoveryStatus| match (s, a) {
        (RecoveryStatus::Meets, _) => None,
        (_, Achievable::Untested) => Some(format!(
            "{what} depends on an untested restore; measure one and set `tested_restore_minutes`"
        )),
        (_, Achievable::Unbounded) => {
            Some(format!("{what} is unbounded against {} min", t.normalize()))
        }
        (RecoveryStatus::AtRisk, Achievable::UpTo(v)) => Some(format!(
            "{what} {} min only reaches the {} min target at its bound",
            v.normalize(),
            t.normalize()
        )),
        (_, Achievable::UpTo(v)) => Some(format!(
            "{what} up to {} min exceeds the {} min target",
            v.normalize(),
            t.normalize()
        )),
    };
    notes.extend(target("RPO", rpo, targets.rpo_minutes, rpo_status));
    notes.extend(target("RTO", rto, targets.rto_minutes, rto_status));
    ScenarioCheck {
        scenario,
        rpo,
        rto,
        status,
        reason: notes.join("; "),
    }
}

/// Checks every scenario in scope.
pub fn check(targets: &RecoveryTargets, cfg: &ResilienceConfig) -> Result<Vec<ScenarioCheck>> {
    for (what, v) in [
        ("rto_minutes", targets.rto_minutes),
        ("rpo_minutes", targets.rpo_minutes),
    ] {
        if v <= Decimal::ZERO {
            return Err(Error::capacity(format!("{what} must be above 0, got {v}")));
        }
    }
    let pitr = cfg.backup_retention_days > 0;
    let mut out = Vec::with_capacity(3);

    // 1. instance or AZ loss
    out.push(if cfg.multi_az {
        let (rto, app) = if cfg.app_zones >= 2 {
            (Achievable::UpTo(MULTI_AZ_FAILOVER_MINUTES), String::new())
        } else {
            (
                Achievable::Untested,
                "; application tasks run in one AZ and must be relaunched elsewhere".to_string(),
            )
        };
        build(
            Scenario::InstanceOrAzLoss,
            targets,
            Achievable::UpTo(Decimal::ZERO),
            rto,
            if cfg.aurora_reader {
                format!(
                    "an Aurora reader on the cluster's storage (replicated across three AZs) is promoted, failover within the same 60–120 s bound{app}"
                )
            } else {
                format!("Multi-AZ synchronous standby, failover typically 60–120 s{app}")
            },
        )
    } else if pitr {
        build(
            Scenario::InstanceOrAzLoss,
            targets,
            Achievable::UpTo(PITR_LOG_INTERVAL_MINUTES),
            restore_rto(cfg),
            "single-AZ database: recovery is a point-in-time restore to a new instance".to_string(),
        )
    } else {
        build(
            Scenario::InstanceOrAzLoss,
            targets,
            Achievable::Unbounded,
            Achievable::Unbounded,
            "single-AZ database without automated backups".to_string(),
        )
    });

    // 2. logical corruption or deletion: replication copies the damage, only PITR helps
    out.push(if pitr {
        build(
            Scenario::CorruptionOrDeletion,
            targets,
            Achievable::UpTo(PITR_LOG_INTERVAL_MINUTES),
            restore_rto(cfg),
            format!(
                "point-in-time recovery over {} days, transaction logs uploaded every 5 min",
                cfg.backup_retention_days
            ),
        )
    } else {
        build(
            Scenario::CorruptionOrDeletion,
            targets,
            Achievable::Unbounded,
            Achievable::Unbounded,
            "backup retention is 0 days: no point-in-time recovery, and Multi-AZ replicates the damage"
                .to_string(),
        )
    });

    // 3. region loss
    if cfg.region_loss_in_scope {
        out.push(match cfg.cross_region {
            CrossRegion::None => build(
                Scenario::RegionLoss,
                targets,
                Achievable::Unbounded,
                Achievable::Unbounded,
                "no cross-Region backup copy or replica".to_string(),
            ),
            CrossRegion::BackupReplication => build(
                Scenario::RegionLoss,
                targets,
                Achievable::Untested,
                restore_rto(cfg),
                "cross-Region backup replication: restore from copied snapshots and logs, redeploy the stack"
                    .to_string(),
            ),
            CrossRegion::ReadReplica => build(
                Scenario::RegionLoss,
                targets,
                Achievable::UpTo(REPLICA_LAG_MINUTES),
                if cfg.dr_stack_provisioned {
                    Achievable::UpTo(REPLICA_PROMOTION_MINUTES)
                } else {
                    Achievable::Untested
                },
                if cfg.dr_stack_provisioned {
                    "cross-Region read replica promoted; application stack pre-provisioned".to_string()
                } else {
                    "cross-Region read replica promoted; application stack must first be deployed in the recovery Region"
                        .to_string()
                },
            ),
        });
    }
    Ok(out)
}

/// The worst status over all scenarios.
pub fn overall(checks: &[ScenarioCheck]) -> RecoveryStatus {
    checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(RecoveryStatus::Meets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> (RecoveryTargets, ResilienceConfig) {
        // the seed: RTO < 1 h, RPO < 5 min, Multi-AZ, 30-day backups, PITR, no cross-Region yet
        (
            RecoveryTargets {
                rto_minutes: Decimal::from(60),
                rpo_minutes: Decimal::from(5),
            },
            ResilienceConfig {
                multi_az: true,
                aurora_reader: false,
                backup_retention_days: 30,
                cross_region: CrossRegion::None,
                app_zones: 2,
                dr_stack_provisioned: false,
                tested_restore_minutes: None,
                region_loss_in_scope: true,
            },
        )
    }

    #[test]
    fn the_seed_configuration() {
        let (t, c) = seed();
        let r = check(&t, &c).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].status, RecoveryStatus::Meets);
        assert_eq!(r[1].status, RecoveryStatus::AtRisk);
        assert!(
            r[1].reason
                .contains("only reaches the 5 min target at its bound"),
            "{}",
            r[1].reason
        );
        assert_eq!(r[2].status, RecoveryStatus::Fails);
        assert!(r[2].reason.contains("no cross-Region"));
        assert_eq!(overall(&r), RecoveryStatus::Fails);
    }

    #[test]
    fn an_aurora_reader_is_the_failover_target() {
        let (t, mut c) = seed();
        c.aurora_reader = true;
        let r = check(&t, &c).unwrap();
        assert_eq!(r[0].status, RecoveryStatus::Meets);
        assert!(r[0].reason.contains("Aurora reader"), "{}", r[0].reason);
        // without a reader costplan models an Aurora cluster conservatively, like a single
        // instance (Aurora re-creates the writer on the same storage; no cited recovery time)
        c.multi_az = false;
        c.aurora_reader = false;
        let r = check(&t, &c).unwrap();
        assert!(
            r[0].reason.contains("point-in-time restore"),
            "{}",
            r[0].reason
        );
    }

    #[test]
    fn mechanisms_change_the_outcome() {
        let (mut t, mut c) = seed();
        t.rpo_minutes = Decimal::from(15);
        c.tested_restore_minutes = Some(Decimal::from(40));
        c.cross_region = CrossRegion::ReadReplica;
        c.dr_stack_provisioned = true;
        let r = check(&t, &c).unwrap();
        assert!(r.iter().all(|s| s.status == RecoveryStatus::Meets), "{r:?}");
        // a tested restore slower than the RTO fails
        c.tested_restore_minutes = Some(Decimal::from(90));
        assert_eq!(check(&t, &c).unwrap()[1].status, RecoveryStatus::Fails);
        // backup replication without a drill is at risk
        c.cross_region = CrossRegion::BackupReplication;
        c.tested_restore_minutes = None;
        assert_eq!(check(&t, &c).unwrap()[2].status, RecoveryStatus::AtRisk);
        // no backups: corruption fails
        c.backup_retention_days = 0;
        c.multi_az = false;
        let r = check(&t, &c).unwrap();
        assert_eq!(r[0].status, RecoveryStatus::Fails);
        assert_eq!(r[1].status, RecoveryStatus::Fails);
        assert!(r[1].reason.contains("retention is 0 days"));
        c.region_loss_in_scope = false;
        assert_eq!(check(&t, &c).unwrap().len(), 2);
    }

    #[test]
    fn single_az_app_is_at_risk() {
        let (t, mut c) = seed();
        c.app_zones = 1;
        let r = check(&t, &c).unwrap();
        assert_eq!(r[0].status, RecoveryStatus::AtRisk);
        assert!(r[0].reason.contains("one AZ"));
    }

    #[test]
    fn zero_target_is_an_error() {
        let (mut t, c) = seed();
        t.rto_minutes = Decimal::ZERO;
        assert!(check(&t, &c).is_err());
    }
}
