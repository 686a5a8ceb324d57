//! serde/TOML errors turned into diagnostics with a location and a hint: keys people write by
//! habit, other names for allowed values, and the shape errors of tables and arrays.

use crate::error::Error;
use crate::source::SourceFile;
use crate::suggest;

/// Keys people write by habit, mapped to what costplan expects.
const KEY_HINTS: &[(&str, &str)] = &[
    (
        "cpu",
        "use `vcpu`, in vCPU (ECS CPU units / 1024): `vcpu = 0.5` for 512 units",
    ),
    (
        "cpu_units",
        "use `vcpu`, in vCPU (ECS CPU units / 1024): `vcpu = 0.5` for 512 units",
    ),
    (
        "memory",
        "use `memory_gb`, in GB: `memory_gb = 1` for 1024 MiB",
    ),
    (
        "memory_mb",
        "use `memory_gb`, in GB: `memory_gb = 1` for 1024 MiB",
    ),
    (
        "memory_mib",
        "use `memory_gb`, in GB: `memory_gb = 1` for 1024 MiB",
    ),
    ("desired_count", "use `count`"),
    (
        "instances",
        "use `count` for tasks, `nodes` for cache nodes",
    ),
    ("storage", "use `storage_gb`, in GB"),
    ("storage_tb", "use `storage_gb`, in GB: 1 TB = 1024 GB"),
    (
        "instance_type",
        "use `instance_class` for RDS, `node_type` for ElastiCache",
    ),
    ("multi_az", "use `deployment = \"multi-az\"`"),
    ("data_processed", "use `data_processed_gb`, in GB per month"),
    ("internet_out", "use `internet_out_gb`, in GB per month"),
];

/// Other names for allowed values, for hints.
pub(super) const VALUE_ALIASES: &[(&str, &str)] = &[
    ("amd64", "x86_64"),
    ("x64", "x86_64"),
    ("x86-64", "x86_64"),
    ("aarch64", "arm64"),
    ("graviton", "arm64"),
    ("ondemand", "on-demand"),
    ("on_demand", "on-demand"),
    ("fargate_spot", "spot"),
    ("single_az", "single-az"),
    ("multi_az", "multi-az"),
    ("postgresql", "postgres"),
    ("redis-oss", "redis"),
];

/// Whether the text a span covers is a TOML date-time (which the toml crate hands to serde as a
/// table with an internal key).
fn is_datetime(file: &SourceFile, span: Option<&std::ops::Range<usize>>) -> bool {
    span.and_then(|r| file.text.get(r.clone()))
        .is_some_and(|t| t.trim().parse::<toml::value::Datetime>().is_ok())
}

pub(crate) fn toml_error(file: &SourceFile, e: &toml::de::Error) -> Error {
    let message = e.message().trim_end().to_string();
    let span = e.span();
    if message.contains("$__toml_private") || is_datetime(file, span.as_ref()) {
        // Name what the user wrote, never the toml crate's internal key.
        let expected = if message.contains("expected a string") {
            "a string"
        } else if message.contains("expected a boolean") {
            "`true` or `false`"
        } else {
            "a number"
        };
        return file
            .diagnostic(
                span,
                format!("expected {expected}, found a date-time"),
                Some(format!(
                    "write {expected} here; a value like `2024-01-01` is a TOML date (quote it, `\"2024-01-01\"`, if it is text)"
                )),
            )
            .into();
    }
    if message.contains("recurse") || message.contains("recursion") {
        return file
            .diagnostic(
                span,
                "nesting too deep: too many arrays or inline tables inside each other",
                Some("a topology nests a few levels at most; look for `[` or `{` that are never closed, or a generated file gone wrong".into()),
            )
            .into();
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        let field = &rest[..end];
        let expected: Vec<&str> = rest[end..]
            .split('`')
            .skip(2)
            .step_by(2)
            .filter(|s| !s.is_empty())
            .collect();
        let hint = KEY_HINTS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, h)| h.to_string())
            .unwrap_or_else(|| suggest::hint_for(field, expected.iter().copied()));
        return file
            .diagnostic(
                span,
                format!("unknown key `{}`", field.escape_debug()),
                Some(hint),
            )
            .into();
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return file
            .diagnostic(
                span,
                format!("missing required key `{field}`"),
                Some(format!(
                    "add `{field} = ...` to this table (see `costplan schema`)"
                )),
            )
            .into();
    }
    let hint = if message.contains("invalid type") && message.contains("expected a boolean") {
        Some("write `true` or `false`".to_string())
    } else if message.contains("out of range for an exact decimal") {
        Some("exact decimals reach about 7.9e28; check the unit in the key name".into())
    } else if message.contains("is not a number")
        || (message.contains("invalid type") && message.contains("a number"))
    {
        Some(
            "write a number, e.g. `2` or `0.5` (a decimal string such as \"0.15\" also works)"
                .into(),
        )
    } else if message.contains("invalid type") && message.contains("a sequence") {
        Some("this is an array of tables: write `[[service]]` for each entry".into())
    } else if message.contains("invalid type") && message.contains("struct") {
        Some("this key is a table: write it as `[section]` with keys below it".into())
    } else if message.contains("duplicate key") {
        Some("each key may appear once per table".into())
    } else {
        Some("see `costplan schema` for the topology format".into())
    };
    file.diagnostic(span, message, hint).into()
}
