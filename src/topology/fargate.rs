//! Valid Fargate task sizes (shared/reference/capacity.md §1.1; AWS ECS task-cpu-memory docs).

use super::Os;
use crate::capacity::fargate_size::{self, FargateOs};
use rust_decimal::Decimal;

// One table of valid sizes for validation and for capacity sizing: `crate::capacity::fargate_size`.

pub fn fargate_os(os: Os) -> FargateOs {
    match os {
        Os::Linux => FargateOs::Linux,
        Os::Windows => FargateOs::Windows,
    }
}

/// The valid vCPU values for an OS.
pub fn valid_vcpus(os: Os) -> Vec<Decimal> {
    fargate_size::valid_vcpus(fargate_os(os))
}

/// The valid memory sizes in GB for a vCPU value, or `None` if the vCPU value is not valid.
pub fn valid_memory_gb(vcpu: Decimal, os: Os) -> Option<Vec<Decimal>> {
    fargate_size::valid_memory_gb(vcpu, fargate_os(os))
}

/// Whether (vCPU, memory GB) is a size Fargate runs.
pub fn is_valid(vcpu: Decimal, memory_gb: Decimal, os: Os) -> bool {
    fargate_size::is_valid(vcpu, memory_gb, fargate_os(os))
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
mod tests {
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
