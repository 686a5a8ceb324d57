//! `--format json`: the exact estimate, pretty-printed, with a trailing newline.

use crate::estimate::Estimate;

pub fn render(estimate: &Estimate) -> String {
    let mut s = serde_json::to_string_pretty(estimate).unwrap_or_else(|e| {
        // Serialising plain data with string keys cannot fail; report it if it ever does.
        format!("{{\"error\": \"cannot serialise estimate: {e}\"}}")
    });
    s.push('\n');
    s
}

/// A diff as pretty JSON (the contract in docs/json.md), with a trailing newline.
pub fn render_diff(diff: &crate::diff::EstimateDiff) -> String {
    let mut s = serde_json::to_string_pretty(diff)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise diff: {e}\"}}"));
    s.push('\n');
    s
}
