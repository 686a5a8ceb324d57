//! How old a price table is, for the stale-table warning `estimate` prints.
//!
//! Plain civil-date arithmetic (Howard Hinnant's days-from-civil); no date crate is needed for
//! whole days between two `YYYY-MM-DD` dates.

use crate::error::{Error, Result};

/// The age, in days, past which `estimate` warns that a table is stale.
pub const DEFAULT_MAX_AGE_DAYS: i64 = 90;

/// Settings for the stale-table check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeConfig {
    /// Warn when a table's effective date is more than this many days before today.
    pub max_age_days: i64,
}

impl Default for AgeConfig {
    fn default() -> Self {
        AgeConfig {
            max_age_days: DEFAULT_MAX_AGE_DAYS,
        }
    }
}

impl AgeConfig {
    /// The warning to print for a table with this effective date, if it is too old.
    pub fn warning(
        &self,
        region: &str,
        effective_date: &str,
        today: &str,
    ) -> Result<Option<String>> {
        let age = table_age_days(effective_date, today)?;
        Ok((age > self.max_age_days).then(|| {
            format!(
                "the {region} price table is {age} days old (effective {effective_date}, older than {} days); run `costplan pricing update --region {region}`",
                self.max_age_days
            )
        }))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses `YYYY-MM-DD` (a real calendar date) to a day number.
pub fn parse_date(s: &str) -> Result<i64> {
    let bad = || {
        Error::usage(format!(
            "invalid date `{}`: expected YYYY-MM-DD",
            s.escape_debug()
        ))
    };
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let y: i64 = s[..4].parse().map_err(|_| bad())?;
    let m: u32 = s[5..7].parse().map_err(|_| bad())?;
    let d: u32 = s[8..10].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d))
}

/// Whole days from a table's effective date to `today` (negative if the date is in the future).
pub fn table_age_days(effective_date: &str, today: &str) -> Result<i64> {
    Ok(parse_date(today)? - parse_date(effective_date)?)
}

/// Today's UTC date as `YYYY-MM-DD`, from the system clock.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_ages() {
        assert_eq!(table_age_days("2026-10-02", "2026-10-02").unwrap(), 0);
        assert_eq!(table_age_days("2026-10-02", "2026-11-25").unwrap(), 54);
        assert_eq!(table_age_days("2024-02-28", "2024-03-01").unwrap(), 2); // leap year
        assert_eq!(table_age_days("2023-02-28", "2023-03-01").unwrap(), 1);
        assert_eq!(table_age_days("2025-12-31", "2026-01-01").unwrap(), 1);
        assert_eq!(table_age_days("2026-11-26", "2026-11-25").unwrap(), -1);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn invalid_dates_are_errors() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "20261001",
            "2023-02-29",
            "",
        ] {
            assert!(table_age_days(bad, "2026-11-25").is_err(), "{bad}");
        }
    }

    #[test]
    fn warning_only_past_the_limit() {
        let c = AgeConfig::default();
        assert_eq!(c.max_age_days, 90);
        assert!(
            c.warning("us-east-1", "2026-08-27", "2026-11-25")
                .unwrap()
                .is_none()
        ); // 90 days
        let w = c
            .warning("us-east-1", "2026-08-26", "2026-11-25")
            .unwrap()
            .unwrap(); // 91 days
        assert!(w.contains("91 days old"), "{w}");
        let strict = AgeConfig { max_age_days: 30 };
        assert!(
            strict
                .warning("eu-west-1", "2026-10-02", "2026-11-25")
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn today_is_a_valid_date() {
        assert!(parse_date(&today_utc()).is_ok());
    }

    proptest! {
        #[test]
        fn civil_round_trips(z in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(z);
            prop_assert_eq!(days_from_civil(y, m, d), z);
        }

        #[test]
        fn age_is_additive(a in 0i64..40_000, b in 0i64..40_000, c in 0i64..40_000) {
            let s = |z: i64| { let (y, m, d) = civil_from_days(z); format!("{y:04}-{m:02}-{d:02}") };
            prop_assert_eq!(
                table_age_days(&s(a), &s(b)).unwrap() + table_age_days(&s(b), &s(c)).unwrap(),
                table_age_days(&s(a), &s(c)).unwrap()
            );
        }
    }
}
