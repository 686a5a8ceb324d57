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
    accept_single_tables(&mut schema);
    schema
}

/// `[[database]]` is an array of tables, and a single `[database]` table is accepted too
/// (the form before many of each): the schema says both.
fn accept_single_tables(schema: &mut serde_json::Value) {
    for section in super::validate::MANY_OF_EACH {
        let Some(p) = schema["properties"].get_mut(*section) else {
            continue;
        };
        let Some(item) = p.get("items").cloned() else {
            continue;
        };
        let description = p.get("description").cloned();
        let mut many = p.clone();
        if let Some(m) = many.as_object_mut() {
            m.remove("description");
        }
        let mut either = serde_json::json!({ "anyOf": [many, item] });
        if let Some(d) = description {
            either["description"] = d;
        }
        *p = either;
    }
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

    #[test]
    fn many_of_each_sections_take_an_array_or_one_table() {
        let s = super::json_schema();
        let db = &s["properties"]["database"]["anyOf"];
        assert_eq!(db[0]["type"], "array", "{db:#}");
        assert_eq!(db[1]["$ref"], "#/$defs/DatabaseRaw", "{db:#}");
        let lb = &s["$defs"]["LoadBalancerRaw"]["properties"]["count"];
        assert_eq!(lb["maximum"], 100);
    }
}
