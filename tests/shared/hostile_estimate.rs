//! The hostile estimate both test binaries (`integration`, `tools`) feed to reports: the
//! baseline's JSON estimate with its service names replaced by spreadsheet formulas, HTML and
//! Markdown, as an untrusted pull request could write them. Included with `#[path]`.

/// Writes `dir/hostile.json`: `baseline_json` (an `estimate -f json` of the baseline) with every
/// service name replaced by hostile text.
pub fn write(dir: &std::path::Path, baseline_json: &str) -> std::path::PathBuf {
    let json = baseline_json
        .replacen(
            "\"resource\": \"api\"",
            "\"resource\": \"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"",
            2,
        )
        .replacen("\"resource\": \"worker\"", "\"resource\": \"@SUM(1+1)\"", 2)
        .replacen(
            "\"resource\": \"scheduler\"",
            "\"resource\": \"<img src=x onerror=alert(1)> | `x` *b* [l](javascript:alert(1))\"",
            2,
        )
        .replacen(
            "\"resource\": \"notifier\"",
            "\"resource\": \"+cmd|' /C calc'!A0\"",
            2,
        );
    let p = dir.join("hostile.json");
    std::fs::write(&p, json).unwrap();
    p
}
