//! Valid Fargate task sizes (shared/reference/capacity.md §1.1; AWS ECS task-cpu-memory docs).

use super::Os;
use rust_decimal::Decimal;

/// Valid vCPU values and, for each, the valid memory in GB as (first, last, step).
/// 0.25 vCPU allows 0.5, 1 and 2 GB, written as two ranges.
/// Memory ranges in half-GB units (to express 0.5 GB): (first, last, step).
type HalfGbRanges = &'static [(u32, u32, u32)];

/// (vCPU, memory ranges, Windows allowed).
const SIZES: &[(&str, HalfGbRanges, bool)] = &[
    ("0.25", &[(1, 1, 1), (2, 4, 2)], false),
    ("0.5", &[(2, 8, 2)], false),
    ("1", &[(4, 16, 2)], true),
    ("2", &[(8, 32, 2)], true),
    ("4", &[(16, 60, 2)], true),
    ("8", &[(32, 120, 8)], false),
    ("16", &[(64, 240, 16)], false),
];

/// The valid vCPU values for an OS.
pub fn valid_vcpus(os: Os) -> Vec<Decimal> {
    SIZES
        .iter()
        .filter(|(_, _, win)| os == Os::Linux || *win)
        .map(|(v, _, _)| v.parse().expect("constant"))
        .collect()
}

/// The valid memory sizes in GB for a vCPU value, or `None` if the vCPU value is not valid.
pub fn valid_memory_gb(vcpu: Decimal, os: Os) -> Option<Vec<Decimal>> {
    let (_, ranges, win) = SIZES
        .iter()
        .find(|(v, _, _)| v.parse::<Decimal>().ok() == Some(vcpu))?;
    if os == Os::Windows && !win {
        return None;
    }
    let half = Decimal::new(5, 1);
    let mut out = Vec::new();
    for &(first, last, step) in ranges.iter() {
        let mut m = first;
        while m <= last {
            out.push(Decimal::from(m) * half);
            m += step;
        }
    }
    Some(out)
}

/// Whether (vCPU, memory GB) is a size Fargate runs.
pub fn is_valid(vcpu: Decimal, memory_gb: Decimal, os: Os) -> bool {
    valid_memory_gb(vcpu, os).is_some_and(|m| m.contains(&memory_gb.normalize()))
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
