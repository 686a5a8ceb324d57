//! Plain usage sections such as `[s3]`: a kind declares its inputs once, as a table of
//! [`UsageInput`] rows (path, whole or not, bound, doc), and that table is what validation,
//! scenario paths (`--set s3.storage_gb=…`, sweeps, ranges), `costplan schema` and the topology
//! reference read. No raw struct, validator or path entry is written by hand for such a kind.

use crate::topology::located::{Located, Num};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One numeric input of a usage section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageInput {
    /// The input's path, `<section>.<key>`, e.g. `s3.storage_gb`.
    pub path: &'static str,
    /// A whole number (a count) rather than any non-negative number.
    pub whole: bool,
    /// The largest value accepted (the smallest is 0; the default is 0).
    pub max: i64,
    /// What the input means, with its unit: the reference and the JSON Schema show it.
    pub doc: &'static str,
}

impl UsageInput {
    /// A yes/no input (`free_tier = true`): written `true` or `false`, held as the whole number
    /// 1 or 0 (a whole input whose largest value is 1 is a flag, see [`UsageInput::is_flag`]).
    pub const fn flag(path: &'static str, doc: &'static str) -> UsageInput {
        UsageInput {
            path,
            whole: true,
            max: 1,
            doc,
        }
    }

    /// Whether the input is written `true`/`false` rather than as a number.
    pub fn is_flag(&self) -> bool {
        self.whole && self.max == 1
    }

    /// The key inside its section: `storage_gb` for `s3.storage_gb`.
    pub fn key(&self) -> &'static str {
        self.path.split_once('.').map_or(self.path, |(_, k)| k)
    }

    /// The section: `s3` for `s3.storage_gb`.
    pub fn section(&self) -> &'static str {
        self.path.split_once('.').map_or("", |(s, _)| s)
    }
}

/// A usage section as written: each key with the number given for it, with spans.
#[derive(Debug, Clone, Default)]
pub struct UsageRaw {
    pub entries: Vec<(Located<String>, Located<Num>)>,
}

impl UsageRaw {
    /// Sets `key` (replacing an earlier value), as a scenario override does.
    pub fn set(&mut self, key: &str, value: Located<Num>) {
        match self.entries.iter_mut().find(|(k, _)| k.get() == key) {
            Some(entry) => entry.1 = value,
            None => self
                .entries
                .push((Located::new(value.span(), key.to_string()), value)),
        }
    }
}

/// The validated values of every usage section the topology declares, by input path. An input
/// of a declared section that the file leaves out is 0.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage(pub BTreeMap<&'static str, Decimal>);

impl Usage {
    /// The value of an input (0 when its section is absent).
    pub fn get(&self, input: &UsageInput) -> Decimal {
        self.0.get(input.path).copied().unwrap_or_default()
    }

    pub fn set(&mut self, path: &'static str, value: Decimal) {
        self.0.insert(path, value);
    }
}

/// Every usage input of every registered kind, in registry order; a [`crate::topology::paths`]
/// target of a usage input carries its index in this list.
pub fn all_inputs() -> &'static [&'static UsageInput] {
    static ALL: std::sync::LazyLock<Vec<&'static UsageInput>> = std::sync::LazyLock::new(|| {
        super::usage_kinds()
            .flat_map(|k| k.usage_inputs().iter())
            .collect()
    });
    &ALL
}

/// The JSON Schema of a usage section, from its inputs (numbers as the topology's `Number`:
/// a number, a decimal string, or a range `{ low, expected, high }`).
pub fn schema(doc: &str, inputs: &[UsageInput]) -> serde_json::Value {
    let mut properties = serde_json::Map::new();
    for i in inputs {
        if i.is_flag() {
            properties.insert(
                i.key().to_string(),
                serde_json::json!({ "type": "boolean", "description": i.doc, "default": false }),
            );
            continue;
        }
        let mut p = serde_json::json!({
            "$ref": "#/$defs/Number",
            "description": i.doc,
            "minimum": 0,
            "maximum": i.max,
            "default": 0,
        });
        if i.whole {
            p["multipleOf"] = serde_json::json!(1);
        }
        properties.insert(i.key().to_string(), p);
    }
    serde_json::json!({
        "description": doc,
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}
