//! The module layering, enforced: the domain never reaches up into rendering or the CLI,
//! pricing never runs checks, and the topology reads nothing above it. The test reads the source
//! tree and lists every `crate::…` reference that crosses a forbidden edge, with file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Module → modules it must not use.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "model",
        &[
            "topology", "estimate", "checks", "capacity", "pricing", "analysis", "scenario",
            "report", "cli", "resource", "input", "diff",
        ],
    ),
    (
        "topology",
        &[
            "estimate", "checks", "capacity", "analysis", "scenario", "report", "cli", "input",
            "diff",
        ],
    ),
    (
        "pricing",
        &[
            "estimate", "checks", "capacity", "analysis", "scenario", "report", "cli", "input",
            "diff", "topology",
        ],
    ),
    (
        "estimate",
        &[
            "checks", "capacity", "analysis", "scenario", "report", "cli", "input", "diff",
        ],
    ),
    (
        "resource",
        &[
            "checks", "analysis", "scenario", "report", "cli", "input", "diff",
        ],
    ),
    (
        "checks",
        &["capacity", "analysis", "scenario", "report", "cli", "diff"],
    ),
    ("capacity", &["report", "cli", "analysis"]),
    ("analysis", &["report", "cli"]),
    ("scenario", &["report", "cli", "analysis", "capacity"]),
    ("diff", &["report", "cli"]),
    ("actual", &["report", "cli"]),
    ("input", &["report", "cli"]),
    (
        "bill",
        &[
            "topology", "estimate", "checks", "capacity", "pricing", "resource", "analysis",
            "scenario", "report", "cli", "input", "diff",
        ],
    ),
];

/// Items re-exported at the crate root, and the module they live in.
const ROOT_ITEMS: &[(&str, &str)] = &[
    ("Estimate", "estimate"),
    ("LineItem", "model"),
    ("Topology", "topology"),
    ("PriceCatalog", "pricing"),
    ("PriceTable", "pricing"),
    ("Error", "error"),
    ("Result", "error"),
    ("estimate", "checks"),
    ("budget", "checks"),
    ("reconcile", "checks"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The modules a line of code refers to through `crate::`.
fn referenced(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let after = &rest[name.len()..];
        // `crate::estimate(` is the root re-export of `checks::estimate`; `crate::estimate::…` is the module.
        if name == "estimate" && after.starts_with("::") {
            out.push("estimate::".into());
        } else {
            out.push(name);
        }
    }
    out.into_iter()
        .map(|n| {
            if n == "estimate::" {
                return "estimate".to_string();
            }
            ROOT_ITEMS
                .iter()
                .find(|(item, _)| *item == n)
                .map_or(n.clone(), |(_, m)| m.to_string())
        })
        .collect()
}

#[test]
fn no_module_reaches_across_a_forbidden_edge() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (module, forbidden) in FORBIDDEN {
        let mut files = Vec::new();
        rust_files(&src.join(module), &mut files);
        let single = src.join(format!("{module}.rs"));
        if single.exists() {
            files.push(single);
        }
        assert!(!files.is_empty(), "no source for module `{module}`");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                for m in referenced(code) {
                    if forbidden.contains(&m.as_str()) {
                        violations
                            .entry(format!("{module} → {m}"))
                            .or_default()
                            .push(format!(
                                "{}:{}",
                                file.strip_prefix(&src).unwrap().display(),
                                n + 1
                            ));
                    }
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "forbidden module edges:\n{}",
        violations
            .iter()
            .map(|(edge, at)| format!("  {edge}: {}", at.join(", ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_reference_parser_sees_grouped_and_root_imports() {
    assert_eq!(
        referenced("use crate::{report, cli::Global};"),
        ["report", "cli"]
    );
    assert_eq!(
        referenced("let e = crate::estimate(&t, table)?;"),
        ["checks"]
    );
    assert_eq!(referenced("crate::estimate::price(t)"), ["estimate"]);
}
