//! Monthly data volumes derived from the load (reference §5): internet egress, NAT gateway
//! processing (NAT bills both directions) and cross-AZ transfer. Exact decimals: these GB are
//! billed quantities that the estimate engine prices.

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// Bytes in a GB (decimal).
pub const BYTES_PER_GB: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
const SECONDS_PER_HOUR: Decimal = Decimal::from_parts(3600, 0, 0, false, 0);

/// One service's traffic: average request rate, message sizes and where the bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceTraffic {
    pub avg_requests_per_s: Decimal,
    pub request_bytes: Decimal,
    pub response_bytes: Decimal,
    /// Share (0–1) of response bytes that leave AWS for the internet.
    pub internet_egress_share: Decimal,
    /// Share (0–1) of request + response bytes that pass a NAT gateway (calls from private
    /// subnets to the internet or to AWS services without an endpoint).
    pub nat_share: Decimal,
    /// Share (0–1) of request + response bytes that cross an AZ boundary.
    pub cross_az_share: Decimal,
}

/// GB per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthlyTraffic {
    pub requests: Decimal,
    pub internet_out_gb: Decimal,
    pub nat_processed_gb: Decimal,
    pub cross_az_gb: Decimal,
}

fn overflow() -> Error {
    Error::overflow("monthly data transfer")
}

fn check_share(what: &str, v: Decimal) -> Result<()> {
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(Error::capacity(format!(
            "{what} must be between 0 and 1, got {v}"
        )));
    }
    Ok(())
}

impl ServiceTraffic {
    fn validate(&self) -> Result<()> {
        for (what, v) in [
            ("requests per second", self.avg_requests_per_s),
            ("request bytes", self.request_bytes),
            ("response bytes", self.response_bytes),
        ] {
            if v < Decimal::ZERO {
                return Err(Error::capacity(format!(
                    "{what} must not be negative, got {v}"
                )));
            }
        }
        check_share("internet egress share", self.internet_egress_share)?;
        check_share("nat share", self.nat_share)?;
        check_share("cross-az share", self.cross_az_share)?;
        Ok(())
    }

    /// Volumes over `hours_per_month` at the average rate.
    pub fn monthly(&self, hours_per_month: Decimal) -> Result<MonthlyTraffic> {
        self.validate()?;
        if hours_per_month < Decimal::ZERO {
            return Err(Error::capacity(format!(
                "hours per month must not be negative, got {hours_per_month}"
            )));
        }
        let m = |a: Decimal, b: Decimal| a.checked_mul(b).ok_or_else(overflow);
        let requests = m(
            m(self.avg_requests_per_s, hours_per_month)?,
            SECONDS_PER_HOUR,
        )?;
        let both = self
            .request_bytes
            .checked_add(self.response_bytes)
            .ok_or_else(overflow)?;
        let gb = |bytes_per_request: Decimal, share: Decimal| -> Result<Decimal> {
            m(m(requests, bytes_per_request)?, share)?
                .checked_div(BYTES_PER_GB)
                .ok_or_else(overflow)
        };
        Ok(MonthlyTraffic {
            requests,
            internet_out_gb: gb(self.response_bytes, self.internet_egress_share)?,
            nat_processed_gb: gb(both, self.nat_share)?,
            cross_az_gb: gb(both, self.cross_az_share)?,
        })
    }
}

impl MonthlyTraffic {
    pub fn add(&self, other: &MonthlyTraffic) -> Result<MonthlyTraffic> {
        let a = |x: Decimal, y: Decimal| x.checked_add(y).ok_or_else(overflow);
        Ok(MonthlyTraffic {
            requests: a(self.requests, other.requests)?,
            internet_out_gb: a(self.internet_out_gb, other.internet_out_gb)?,
            nat_processed_gb: a(self.nat_processed_gb, other.nat_processed_gb)?,
            cross_az_gb: a(self.cross_az_gb, other.cross_az_gb)?,
        })
    }
}

/// How a stated monthly volume compares with the one derived from load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeComparison {
    /// Within ±20 % (or both zero).
    Consistent,
    /// The topology states less than the load produces: the estimate is too low.
    StatedLow,
    /// The topology states more than the load produces.
    StatedHigh,
}

impl VolumeComparison {
    pub fn id(self) -> &'static str {
        match self {
            VolumeComparison::Consistent => "consistent",
            VolumeComparison::StatedLow => "stated below derived",
            VolumeComparison::StatedHigh => "stated above derived",
        }
    }

    /// Compares `stated` GB with `derived` GB, with a ±20 % tolerance band.
    pub fn of(stated: Decimal, derived: Decimal) -> VolumeComparison {
        // 0.8 and 1.2 times: never overflows for non-negative volumes below Decimal::MAX / 1.2
        let low = derived * Decimal::new(8, 1);
        let high = derived
            .checked_mul(Decimal::new(12, 1))
            .unwrap_or(Decimal::MAX);
        if stated < low {
            VolumeComparison::StatedLow
        } else if stated > high {
            VolumeComparison::StatedHigh
        } else {
            VolumeComparison::Consistent
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn api() -> ServiceTraffic {
        ServiceTraffic {
            avg_requests_per_s: d("10"),
            request_bytes: d("1000"),
            response_bytes: d("4000"),
            internet_egress_share: d("1"),
            nat_share: d("0.1"),
            cross_az_share: d("0.5"),
        }
    }

    #[test]
    fn volumes_from_load() {
        // 10 rps × 730 h × 3600 s = 26,280,000 requests
        let t = api().monthly(d("730")).unwrap();
        assert_eq!(t.requests, d("26280000"));
        // × 4000 B = 105.12 GB out
        assert_eq!(t.internet_out_gb, d("105.12"));
        // × 5000 B × 0.1 = 13.14 GB through NAT
        assert_eq!(t.nat_processed_gb, d("13.14"));
        assert_eq!(t.cross_az_gb, d("65.7"));
        let two = t.add(&t).unwrap();
        assert_eq!(two.internet_out_gb, d("210.24"));
    }

    #[test]
    fn comparison_band() {
        assert_eq!(
            VolumeComparison::of(d("100"), d("105")),
            VolumeComparison::Consistent
        );
        assert_eq!(
            VolumeComparison::of(d("10"), d("105")),
            VolumeComparison::StatedLow
        );
        assert_eq!(
            VolumeComparison::of(d("200"), d("105")),
            VolumeComparison::StatedHigh
        );
        assert_eq!(
            VolumeComparison::of(d("0"), d("0")),
            VolumeComparison::Consistent
        );
    }

    #[test]
    fn invalid_and_huge() {
        let mut t = api();
        t.nat_share = d("1.5");
        assert!(t.monthly(d("730")).is_err());
        let mut t = api();
        t.avg_requests_per_s = Decimal::MAX;
        assert!(matches!(t.monthly(d("730")), Err(Error::Overflow { .. })));
        assert!(api().monthly(d("-1")).is_err());
    }
}
