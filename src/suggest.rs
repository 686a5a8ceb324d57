//! Did-you-mean suggestions for misspelt keys and values.

/// The candidate closest to `input`, when it is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = input.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let lower = cand.to_ascii_lowercase();
        let distance = if lower == needle {
            0
        } else {
            strsim::damerau_levenshtein(&needle, &lower)
        };
        let limit = (cand.chars().count() / 3).max(2);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, cand));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// "did you mean `x`?" or a list of the valid values.
pub fn hint_for<'a, I>(input: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    match did_you_mean(input, candidates.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            if all.len() > 12 {
                format!(
                    "expected one of {} (and {} more)",
                    all[..12].join(", "),
                    all.len() - 12
                )
            } else {
                format!("expected one of {}", all.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_matches_only() {
        let keys = ["count", "vcpu", "memory_gb", "name"];
        assert_eq!(did_you_mean("cout", keys).as_deref(), Some("count"));
        assert_eq!(
            did_you_mean("memroy_gb", keys).as_deref(),
            Some("memory_gb")
        );
        assert_eq!(did_you_mean("zzzzzzzz", keys), None);
        assert_eq!(
            did_you_mean("db.t3.medum", ["db.t3.medium", "db.t3.micro"]).as_deref(),
            Some("db.t3.medium")
        );
    }

    #[test]
    fn hint_lists_values_when_nothing_is_close() {
        assert_eq!(hint_for("qqqqqq", ["a", "b"]), "expected one of `a`, `b`");
    }
}
