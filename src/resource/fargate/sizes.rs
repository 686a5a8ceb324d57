//! Valid Fargate task sizes (reference §1.1), read by validation and by capacity sizing, and the
//! smallest valid size that fits a need.
//!
//! Linux: every row. Windows: 1, 2 and 4 vCPU only (8 and 16 vCPU are Linux-only, and Windows needs
//! at least 1 vCPU). ARM64 (Graviton) runs Linux only, with the Linux sizes.

use super::input::{Arch, Os};
use rust_decimal::Decimal;

/// One vCPU row: memory in half-GB units as (first, last, step) ranges, and whether Windows runs it.
struct Row {
    /// vCPU in quarter units (1 = 0.25 vCPU).
    quarter_vcpu: u32,
    half_gb_ranges: &'static [(u32, u32, u32)],
    windows: bool,
}

const ROWS: &[Row] = &[
    // 0.25 vCPU: 0.5, 1, 2 GB
    Row {
        quarter_vcpu: 1,
        half_gb_ranges: &[(1, 2, 1), (4, 4, 1)],
        windows: false,
    },
    // 0.5 vCPU: 1–4 GB in 1 GB steps
    Row {
        quarter_vcpu: 2,
        half_gb_ranges: &[(2, 8, 2)],
        windows: false,
    },
    // 1 vCPU: 2–8 GB
    Row {
        quarter_vcpu: 4,
        half_gb_ranges: &[(4, 16, 2)],
        windows: true,
    },
    // 2 vCPU: 4–16 GB
    Row {
        quarter_vcpu: 8,
        half_gb_ranges: &[(8, 32, 2)],
        windows: true,
    },
    // 4 vCPU: 8–30 GB
    Row {
        quarter_vcpu: 16,
        half_gb_ranges: &[(16, 60, 2)],
        windows: true,
    },
    // 8 vCPU: 16–60 GB in 4 GB steps
    Row {
        quarter_vcpu: 32,
        half_gb_ranges: &[(32, 120, 8)],
        windows: false,
    },
    // 16 vCPU: 32–120 GB in 8 GB steps
    Row {
        quarter_vcpu: 64,
        half_gb_ranges: &[(64, 240, 16)],
        windows: false,
    },
];

fn quarter(n: u32) -> Decimal {
    (Decimal::from(n) / Decimal::from(4)).normalize()
}

fn half(n: u32) -> Decimal {
    (Decimal::from(n) / Decimal::from(2)).normalize()
}

fn row_allowed(row: &Row, os: Os) -> bool {
    os == Os::Linux || row.windows
}

fn row_memory(row: &Row) -> Vec<Decimal> {
    let mut out = Vec::new();
    for &(first, last, step) in row.half_gb_ranges {
        let mut m = first;
        while m <= last {
            out.push(half(m));
            m += step;
        }
    }
    out
}

/// Valid vCPU values for an OS, ascending.
pub fn valid_vcpus(os: Os) -> Vec<Decimal> {
    ROWS.iter()
        .filter(|r| row_allowed(r, os))
        .map(|r| quarter(r.quarter_vcpu))
        .collect()
}

/// Valid memory sizes in GB for `vcpu`, or `None` when `vcpu` is not a valid size on `os`.
pub fn valid_memory_gb(vcpu: Decimal, os: Os) -> Option<Vec<Decimal>> {
    let row = ROWS
        .iter()
        .find(|r| quarter(r.quarter_vcpu) == vcpu && row_allowed(r, os))?;
    Some(row_memory(row))
}

/// Whether Fargate runs (vCPU, memory GB) on `os`.
pub fn is_valid(vcpu: Decimal, memory_gb: Decimal, os: Os) -> bool {
    valid_memory_gb(vcpu, os).is_some_and(|m| m.contains(&memory_gb))
}

/// Whether Fargate runs this size on this OS and architecture (ARM64 is Linux-only).
pub fn is_valid_for(vcpu: Decimal, memory_gb: Decimal, os: Os, arch: Arch) -> bool {
    !(arch == Arch::Arm64 && os == Os::Windows) && is_valid(vcpu, memory_gb, os)
}

/// A Fargate task size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskSize {
    pub vcpu: Decimal,
    pub memory_gb: Decimal,
}

/// The smallest valid size with at least `vcpu_need` vCPU and `memory_gb_need` GB: the lowest vCPU
/// row that can hold the memory, then the lowest memory in it. Because higher rows start at higher
/// memory and step at least as coarsely, this is also the cheapest size at any positive prices.
/// `None` when nothing fits (or ARM64 with Windows).
pub fn smallest_fitting(
    vcpu_need: Decimal,
    memory_gb_need: Decimal,
    os: Os,
    arch: Arch,
) -> Option<TaskSize> {
    if arch == Arch::Arm64 && os == Os::Windows {
        return None;
    }
    ROWS.iter()
        .filter(|r| row_allowed(r, os))
        .filter(|r| quarter(r.quarter_vcpu) >= vcpu_need)
        .find_map(|r| {
            row_memory(r)
                .into_iter()
                .find(|m| *m >= memory_gb_need)
                .map(|memory_gb| TaskSize {
                    vcpu: quarter(r.quarter_vcpu),
                    memory_gb,
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    use Arch::*;
    use Os::*;

    #[test]
    fn table_matches_the_reference() {
        assert_eq!(
            valid_memory_gb(d("0.25"), Linux).unwrap(),
            vec![d("0.5"), d("1"), d("2")]
        );
        assert_eq!(valid_memory_gb(d("0.5"), Linux).unwrap().len(), 4);
        assert_eq!(valid_memory_gb(d("1"), Linux).unwrap().len(), 7);
        assert_eq!(valid_memory_gb(d("2"), Linux).unwrap().len(), 13);
        assert_eq!(valid_memory_gb(d("4"), Linux).unwrap().len(), 23);
        assert_eq!(valid_memory_gb(d("8"), Linux).unwrap().len(), 12);
        assert_eq!(valid_memory_gb(d("16"), Linux).unwrap().len(), 12);
        assert!(is_valid(d("0.25"), d("0.5"), Linux));
        assert!(!is_valid(d("0.25"), d("1.5"), Linux));
        assert!(!is_valid(d("0.5"), d("0.5"), Linux));
        assert!(is_valid(d("4"), d("30"), Linux));
        assert!(!is_valid(d("4"), d("31"), Linux));
        assert!(is_valid(d("8"), d("60"), Linux));
        assert!(!is_valid(d("8"), d("18"), Linux));
        assert!(is_valid(d("16"), d("40"), Linux));
        assert!(!is_valid(d("3"), d("8"), Linux));
        // trailing zeros do not matter to Decimal equality
        assert!(is_valid(d("0.50"), d("2.0"), Linux));
    }

    #[test]
    fn windows_and_arm_restrictions() {
        assert!(!is_valid(d("0.5"), d("1"), Windows));
        assert!(is_valid(d("1"), d("2"), Windows));
        assert!(!is_valid(d("8"), d("16"), Windows));
        assert_eq!(valid_vcpus(Windows), vec![d("1"), d("2"), d("4")]);
        assert_eq!(valid_vcpus(Linux).len(), 7);
        assert!(is_valid_for(d("16"), d("32"), Linux, Arm64));
        assert!(!is_valid_for(d("1"), d("2"), Windows, Arm64));
    }

    #[test]
    fn smallest_size_that_fits() {
        let s = |c: &str, m: &str, os| smallest_fitting(d(c), d(m), os, X86_64);
        assert_eq!(
            s("0.1", "0.3", Linux),
            Some(TaskSize {
                vcpu: d("0.25"),
                memory_gb: d("0.5")
            })
        );
        assert_eq!(
            s("0.25", "1.5", Linux),
            Some(TaskSize {
                vcpu: d("0.25"),
                memory_gb: d("2")
            })
        );
        // 0.25 vCPU with 5 GB: the 0.25 and 0.5 rows stop at 2 and 4 GB
        assert_eq!(
            s("0.25", "5", Linux),
            Some(TaskSize {
                vcpu: d("1"),
                memory_gb: d("5")
            })
        );
        assert_eq!(
            s("0.25", "0.5", Windows),
            Some(TaskSize {
                vcpu: d("1"),
                memory_gb: d("2")
            })
        );
        assert_eq!(
            s("5", "17", Linux),
            Some(TaskSize {
                vcpu: d("8"),
                memory_gb: d("20")
            })
        );
        assert_eq!(s("5", "17", Windows), None);
        assert_eq!(s("16", "121", Linux), None);
        assert_eq!(smallest_fitting(d("1"), d("1"), Windows, Arm64), None);
        for size in [
            s("0.3", "3.2", Linux),
            s("2", "9.5", Linux),
            s("12", "33", Linux),
        ] {
            let size = size.unwrap();
            assert!(is_valid(size.vcpu, size.memory_gb, Linux), "{size:?}");
        }
    }
}

/// "0.5, 1, 2" style list for messages.
pub fn describe(values: &[Decimal]) -> String {
    values
        .iter()
        .map(|v| v.normalize().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod validation_tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn table_matches_the_reference() {
        assert!(is_valid(d("0.25"), d("0.5"), Os::Linux));
        assert!(is_valid(d("0.25"), d("2"), Os::Linux));
        assert!(!is_valid(d("0.25"), d("3"), Os::Linux));
        assert!(is_valid(d("0.5"), d("4"), Os::Linux));
        assert!(!is_valid(d("0.5"), d("0.5"), Os::Linux));
        assert!(is_valid(d("1"), d("8"), Os::Linux));
        assert!(is_valid(d("2"), d("16"), Os::Linux));
        assert!(is_valid(d("4"), d("30"), Os::Linux));
        assert!(!is_valid(d("4"), d("31"), Os::Linux));
        assert!(is_valid(d("8"), d("60"), Os::Linux));
        assert!(!is_valid(d("8"), d("18"), Os::Linux));
        assert!(is_valid(d("16"), d("120"), Os::Linux));
        assert!(is_valid(d("16"), d("40"), Os::Linux));
        assert!(!is_valid(d("3"), d("8"), Os::Linux));
        assert_eq!(valid_memory_gb(d("0.25"), Os::Linux).unwrap().len(), 3);
        assert_eq!(valid_memory_gb(d("4"), Os::Linux).unwrap().len(), 23);
    }

    #[test]
    fn windows_needs_at_least_one_vcpu_and_at_most_four() {
        assert!(!is_valid(d("0.5"), d("1"), Os::Windows));
        assert!(is_valid(d("1"), d("2"), Os::Windows));
        assert!(!is_valid(d("8"), d("16"), Os::Windows));
        assert_eq!(valid_vcpus(Os::Windows).len(), 3);
    }
}
