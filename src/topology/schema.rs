//! The JSON Schema of the topology file (`costplan schema`): the raw types' doc comments, plus
//! the plain usage sections (`[s3]`) from their kinds' input tables.

use super::raw::TopologyRaw;

/// The schema as a JSON value.
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(TopologyRaw)).unwrap_or_default();
    if let Some(properties) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        for kind in crate::resource::usage_kinds() {
            properties.insert(
                kind.section().to_string(),
                crate::resource::usage::schema(kind.doc(), kind.usage_inputs()),
            );
        }
    }
    add_bounds(&mut schema);
    schema
}

/// Writes each bounded input's `minimum` and `maximum` from the table of inputs
/// ([`super::paths`]) into its property, so the schema and the reference show the bounds that
/// scenarios and sensitivity use (and that validation is tested against).
fn add_bounds(schema: &mut serde_json::Value) {
    for def in super::paths::PATHS {
        if def.access.is_none() || def.min > def.max {
            continue;
        }
        let segments: Vec<&str> = def.pattern.split('.').collect();
        let (section, key) = match segments.as_slice() {
            [section, "*", key] | [section, key] => (*section, *key),
            _ => continue,
        };
        let Some(name) = def_name(&schema["properties"][section]) else {
            continue;
        };
        if let Some(p) = schema["$defs"][name.as_str()]["properties"].get_mut(key) {
            p["minimum"] = def.min.into();
            p["maximum"] = def.max.into();
        }
    }
}

/// The `$defs` name a property refers to (directly, through `anyOf`, or as array items).
fn def_name(p: &serde_json::Value) -> Option<String> {
    let reference = p
        .get("$ref")
        .or_else(|| p.get("items").and_then(|i| i.get("$ref")))
        .or_else(|| {
            p.get("anyOf")?
                .as_array()?
                .iter()
                .find_map(|a| a.get("$ref"))
        })?;
    reference
        .as_str()?
        .strip_prefix("#/$defs/")
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bounded_inputs_carry_their_bounds_in_the_schema() {
        let s = super::json_schema();
        let count = &s["$defs"]["ServiceRaw"]["properties"]["count"];
        assert_eq!(count["maximum"], 10_000);
        let gateways = &s["$defs"]["NatRaw"]["properties"]["gateways"];
        assert_eq!(
            (gateways["minimum"].clone(), gateways["maximum"].clone()),
            (0.into(), 100.into())
        );
    }
}
