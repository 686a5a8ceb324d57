//! The RDS support calendar: when each major engine version leaves standard support, when RDS
//! Extended Support is charged and at which year's rate, and how a version names its major.
//!
//! Dates are AWS's, cited per entry. A major version the calendar does not list is charged no
//! Extended Support (and validation warns that the calendar has no date for it).

use super::input::{SupportStatus, SupportYear};
use crate::pricing::age::parse_date;

/// One major version's support dates (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupportDates {
    pub engine: &'static str,
    pub major: &'static str,
    /// The last day of standard support.
    pub standard_support_ends: &'static str,
    /// The first day Extended Support is charged (year 1-2 rate).
    pub charged_from: &'static str,
    /// The first day of the year-3 rate; `None` when the engine has no year-3 rate.
    pub year3_from: Option<&'static str>,
}

/// The bundled calendar.
///
/// Sources:
/// - RDS for MySQL 5.7: standard support ends 2024-02-29, charged from 2024-03-01 ("Using Amazon
///   RDS Extended Support", docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html:
///   "the RDS end of standard support date for RDS for MySQL version 5.7 is February 29, 2024 …
///   Starting March 1, 2024, Amazon RDS automatically charges you"); year 3 from 2026-03-01
///   (aws-samples/rds-extended-support-cost-estimator `scripts/utils/rds_mappings.py`, commit
///   385c5377: `"rds-extended-support-yr3-stat-date": "03-01-2026"`).
/// - RDS for PostgreSQL 11 and Aurora PostgreSQL 11: standard support ends 2024-02-29, charged from
///   2024-04-01 ("Amazon RDS Extended Support charges", docs.aws.amazon.com/AmazonRDS/latest/
///   UserGuide/extended-support-charges.html and …/AuroraUserGuide/extended-support-charges.html:
///   "PostgreSQL 11 enters Extended Support on March 1, 2024, but charges don't start until April
///   1, 2024"); year 3 from 2026-04-01 (rds_mappings.py above: `"04-01-2026"`).
/// - RDS for PostgreSQL 12 and Aurora PostgreSQL 12: standard support ends 2025-02-28, charged from
///   2025-03-01 (the same charges pages: "past the RDS end of standard support date of February 28,
///   2025. Your database will again incur RDS Extended Support charges starting on March 1, 2025");
///   year 3 from 2027-03-01 (two years of the year 1-2 rate; usage.ai "RDS Extended Support
///   Pricing", 2026-05-06: PostgreSQL 12 "Year 3 Start Date March 1, 2027").
/// - Aurora MySQL version 2 (MySQL 5.7 compatible): standard support ends 2024-10-31, charged from
///   2024-12-01 (docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/extended-support.html: "the
///   Aurora end of standard support date for Aurora MySQL version 2 is October 31, 2024 … Starting
///   December 1, 2024, Amazon Aurora automatically charges you"); no year-3 rate (aws-samples
///   README: "Extended Support for Amazon Aurora MySQL compatible engine is charged at Year 1
///   prices for the entire duration").
/// - RDS for MySQL 8.0: standard support ends 2026-07-31 (buttonmen-dev/buttonmen issue #3098:
///   "Amazon RDS MySQL 8.0 reaches end of standard support on 2026-07-31", citing AWS's "Supported
///   MySQL major versions on Amazon RDS", docs.aws.amazon.com/AmazonRDS/latest/UserGuide/
///   MySQL.Concepts.VersionMgmt.html); charged from the day after ("You will incur charges … beginning
///   the day after the RDS end of standard support date", extended-support-charges.html above); year 3
///   two years later, 2028-08-01 (the year 1-2 rate covers the first two of the three years).
/// - RDS for MariaDB has no Extended Support (RDS API reference, SupportedEngineLifecycle: "For
///   Amazon RDS for MariaDB, this parameter only returns the value
///   open-source-rds-standard-support").
pub const CALENDAR: &[SupportDates] = &[
    SupportDates {
        engine: "mysql",
        major: "5.7",
        standard_support_ends: "2024-02-29",
        charged_from: "2024-03-01",
        year3_from: Some("2026-03-01"),
    },
    SupportDates {
        engine: "mysql",
        major: "8.0",
        standard_support_ends: "2026-07-31",
        charged_from: "2026-08-01",
        year3_from: Some("2028-08-01"),
    },
    SupportDates {
        engine: "postgres",
        major: "11",
        standard_support_ends: "2024-02-29",
        charged_from: "2024-04-01",
        year3_from: Some("2026-04-01"),
    },
    SupportDates {
        engine: "postgres",
        major: "12",
        standard_support_ends: "2025-02-28",
        charged_from: "2025-03-01",
        year3_from: Some("2027-03-01"),
    },
    SupportDates {
        engine: "aurora-postgresql",
        major: "11",
        standard_support_ends: "2024-02-29",
        charged_from: "2024-04-01",
        year3_from: Some("2026-04-01"),
    },
    SupportDates {
        engine: "aurora-postgresql",
        major: "12",
        standard_support_ends: "2025-02-28",
        charged_from: "2025-03-01",
        year3_from: Some("2027-03-01"),
    },
    SupportDates {
        engine: "aurora-mysql",
        major: "5.7",
        standard_support_ends: "2024-10-31",
        charged_from: "2024-12-01",
        year3_from: None,
    },
];

/// Days within which a coming end of standard support is warned about (six months).
pub const WARN_WITHIN_DAYS: i64 = 183;

/// The major version of `version` for `engine`: PostgreSQL majors are one number ("11.22" → "11"),
/// MySQL-family majors two ("5.7.44" → "5.7", Aurora's "5.7.mysql_aurora.2.11.2" → "5.7").
/// `None` when the version does not start with digits in that shape.
pub fn major_version(engine: &str, version: &str) -> Option<String> {
    let mut parts = version.split('.');
    let first = parts.next().filter(|p| is_number(p))?;
    if engine.ends_with("postgresql") || engine == "postgres" {
        return Some(first.to_string());
    }
    let second = parts.next().filter(|p| is_number(p))?;
    Some(format!("{first}.{second}"))
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The calendar entry of `engine`'s `major`, if any.
pub fn dates(engine: &str, major: &str) -> Option<&'static SupportDates> {
    CALENDAR
        .iter()
        .find(|d| d.engine == engine && d.major == major)
}

/// The support status of `major` on `as_of` (`YYYY-MM-DD`; dates compare as text).
pub fn status(engine: &str, major: &str, as_of: &str) -> SupportStatus {
    let d = dates(engine, major);
    let extended_support = d.and_then(|d| {
        if as_of < d.charged_from {
            None
        } else if d.year3_from.is_some_and(|y3| as_of >= y3) {
            Some(SupportYear::Year3)
        } else {
            Some(SupportYear::Year1To2)
        }
    });
    let ends_within_six_months = d.is_some_and(|d| {
        as_of <= d.standard_support_ends
            && match (parse_date(d.standard_support_ends), parse_date(as_of)) {
                (Ok(end), Ok(now)) => end - now <= WARN_WITHIN_DAYS,
                _ => false,
            }
    });
    SupportStatus {
        major: major.to_string(),
        as_of: as_of.to_string(),
        standard_support_ends: d.map(|d| d.standard_support_ends),
        extended_support,
        ends_within_six_months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majors_per_engine_family() {
        assert_eq!(major_version("postgres", "11.22").as_deref(), Some("11"));
        assert_eq!(
            major_version("aurora-postgresql", "12").as_deref(),
            Some("12")
        );
        assert_eq!(major_version("mysql", "5.7.44").as_deref(), Some("5.7"));
        assert_eq!(
            major_version("aurora-mysql", "5.7.mysql_aurora.2.11.2").as_deref(),
            Some("5.7")
        );
        assert_eq!(major_version("mysql", "8"), None);
        assert_eq!(major_version("postgres", "latest"), None);
    }

    #[test]
    fn support_years_follow_the_calendar() {
        // PostgreSQL 11: standard support to 2024-02-29, charged from 2024-04-01, year 3 from 2026-04-01.
        let s = status("postgres", "11", "2024-03-15");
        assert_eq!(s.extended_support, None);
        assert_eq!(s.standard_support_ends, Some("2024-02-29"));
        assert_eq!(
            status("postgres", "11", "2024-04-01").extended_support,
            Some(SupportYear::Year1To2)
        );
        assert_eq!(
            status("postgres", "11", "2026-03-31").extended_support,
            Some(SupportYear::Year1To2)
        );
        assert_eq!(
            status("postgres", "11", "2026-04-01").extended_support,
            Some(SupportYear::Year3)
        );
        // Aurora MySQL 2 has no year-3 rate.
        assert_eq!(
            status("aurora-mysql", "5.7", "2027-01-01").extended_support,
            Some(SupportYear::Year1To2)
        );
        // MySQL 8.0 left standard support on 2026-07-31: the bundled table's date is in year 1-2.
        assert_eq!(
            status("mysql", "8.0", "2026-10-02").extended_support,
            Some(SupportYear::Year1To2)
        );
        assert!(status("mysql", "8.0", "2026-03-01").ends_within_six_months);
        // Not in the calendar: no charge, no date.
        let s = status("postgres", "16", "2026-10-02");
        assert_eq!((s.extended_support, s.standard_support_ends), (None, None));
        assert!(
            status("mariadb", "10.6", "2026-10-02")
                .extended_support
                .is_none()
        );
    }

    #[test]
    fn six_month_warning_window() {
        assert!(status("postgres", "12", "2024-09-01").ends_within_six_months);
        assert!(!status("postgres", "12", "2024-08-01").ends_within_six_months);
        assert!(!status("postgres", "12", "2025-03-01").ends_within_six_months);
    }
}
