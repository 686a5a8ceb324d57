//! A Terraform plan (`terraform show -json PLANFILE`): its managed resources after the plan,
//! with their values, the values unknown until apply, the region of their provider and the
//! references of their configuration. Read bounded; a file that is JSON but not a plan (a state,
//! an unsupported format) is an error naming what it is and the JSON path that says so.

use crate::error::Result;
use crate::source::SourceFile;
use serde_json::{Map, Value};

/// The largest plan costplan reads (a plan of 10,000 resources is about 50 MB).
pub const MAX_PLAN_BYTES: u64 = 96 * 1024 * 1024;

/// One managed resource as it stands after the plan.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Full address: `module.app["blue"].aws_nat_gateway.this[0]`.
    pub address: String,
    /// The module instance address, `""` at the root: `module.app["blue"]`.
    pub module: String,
    /// Resource type: `aws_nat_gateway`.
    pub kind: String,
    /// Name in the configuration: `this`.
    pub name: String,
    /// `count` index or `for_each` key.
    pub index: Option<Value>,
    /// The provider: `registry.terraform.io/hashicorp/aws`.
    pub provider: String,
    /// Values known at plan time.
    pub values: Map<String, Value>,
    /// `after_unknown`: attributes known only after apply.
    pub unknown: Value,
    /// The region of the resource's provider configuration, when the plan states it.
    pub region: Option<String>,
    /// The configuration's expressions for the resource (references, constants), shared by every
    /// instance of it (`count`, `for_each`, module instances) instead of copied into each.
    pub expressions: std::sync::Arc<Value>,
}

impl Resource {
    /// A string attribute, when known.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }

    /// A number attribute (JSON number, or a string holding one), when known.
    pub fn num(&self, key: &str) -> Option<rust_decimal::Decimal> {
        number(self.values.get(key)?)
    }

    /// A boolean attribute, when known.
    pub fn bool(&self, key: &str) -> Option<bool> {
        self.values.get(key).and_then(Value::as_bool)
    }

    /// Whether the attribute is known only after apply.
    pub fn is_unknown(&self, key: &str) -> bool {
        self.unknown
            .get(key)
            .is_some_and(|v| v == &Value::Bool(true))
    }

    /// The list attribute's items (blocks such as `runtime_platform` are lists of objects).
    pub fn list(&self, key: &str) -> &[Value] {
        self.values
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The first block of a nested block attribute (`runtime_platform[0]`).
    pub fn block(&self, key: &str) -> Option<&Map<String, Value>> {
        self.list(key).first().and_then(Value::as_object)
    }

    /// The configuration references of an attribute (`aws_ecs_task_definition.api.arn`).
    pub fn references(&self, key: &str) -> Vec<&str> {
        self.expressions
            .get(key)
            .and_then(|e| e.get("references"))
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether the provider is hashicorp/aws.
    pub fn is_aws(&self) -> bool {
        self.provider.ends_with("/aws") || self.provider == "aws"
    }
}

/// A JSON number or a string holding one, as an exact decimal.
pub fn number(v: &Value) -> Option<rust_decimal::Decimal> {
    match v {
        Value::Number(n) => crate::money::parse_exact(&n.to_string()),
        Value::String(s) => crate::money::parse_exact(s.trim()),
        _ => None,
    }
}

/// A plan: its versions and managed resources after the plan, in plan order.
#[derive(Debug, Clone)]
pub struct Plan {
    pub format_version: String,
    pub terraform_version: String,
    pub resources: Vec<Resource>,
    /// Resources the plan destroys (for the account: they cost nothing after the plan).
    pub destroyed: Vec<(String, String)>,
    /// Data sources read (never priced; listed in the account only by count).
    pub data_sources: usize,
}

/// Whether text looks like a plan rather than a topology or an estimate (cheap: the first
/// non-blank character is `{` and the two keys of a plan appear).
pub fn looks_like_plan(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
}

/// Reads a plan file.
pub fn read(path: &std::path::Path) -> Result<(Plan, SourceFile)> {
    let file = SourceFile::read(path, MAX_PLAN_BYTES)?;
    let plan = parse(&file)?;
    Ok((plan, file))
}

/// The parts of a plan costplan reads; everything else (`prior_state`, the changes' `before` and
/// `after`, every value of a type costplan does not map) is skipped unparsed, so memory stays
/// about the size of the file.
#[derive(serde::Deserialize)]
struct Doc<'a> {
    format_version: Option<String>,
    terraform_version: Option<String>,
    #[serde(borrow)]
    planned_values: Option<Planned<'a>>,
    #[serde(borrow)]
    resource_changes: Option<Vec<Change<'a>>>,
    #[serde(borrow)]
    configuration: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    variables: Option<&'a serde_json::value::RawValue>,
    values: Option<serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct Planned<'a> {
    #[serde(borrow)]
    root_module: Option<Module<'a>>,
}

#[derive(serde::Deserialize)]
struct Module<'a> {
    #[serde(default)]
    address: String,
    #[serde(default, borrow)]
    resources: Vec<Res<'a>>,
    #[serde(default, borrow)]
    child_modules: Vec<Module<'a>>,
}

#[derive(serde::Deserialize)]
struct Res<'a> {
    #[serde(default)]
    address: String,
    #[serde(default)]
    mode: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    name: String,
    index: Option<Value>,
    #[serde(default)]
    provider_name: String,
    #[serde(borrow)]
    values: Option<&'a serde_json::value::RawValue>,
}

#[derive(serde::Deserialize)]
struct Change<'a> {
    #[serde(default)]
    address: String,
    #[serde(default)]
    module_address: String,
    #[serde(default)]
    mode: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    name: String,
    index: Option<Value>,
    #[serde(default)]
    provider_name: String,
    #[serde(borrow)]
    change: Option<ChangeBody<'a>>,
}

#[derive(serde::Deserialize)]
struct ChangeBody<'a> {
    #[serde(default)]
    actions: Vec<String>,
    #[serde(borrow)]
    after: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    after_unknown: Option<&'a serde_json::value::RawValue>,
}

/// Whether costplan reads a type's values (the types it maps, and those it looks into).
fn reads_values(kind: &str) -> bool {
    super::map::MAPPED_TYPES.contains(&kind)
        || matches!(
            kind,
            "aws_ecs_task_definition" | "aws_ecs_cluster_capacity_providers" | "aws_ecs_cluster"
        )
}

/// A resource's values with the attributes costplan never reads dropped as soon as they are
/// parsed (`tags`, `tags_all`: on every resource of a large plan, often the bulk of its values),
/// so the values held stay small.
fn parse_values(raw: Option<&serde_json::value::RawValue>) -> Value {
    let mut v = parse_raw(raw);
    if let Some(m) = v.as_object_mut() {
        m.remove("tags");
        m.remove("tags_all");
    }
    v
}

fn parse_raw(raw: Option<&serde_json::value::RawValue>) -> Value {
    raw.and_then(|r| serde_json::from_str(r.get()).ok())
        .unwrap_or(Value::Null)
}

/// A JSON path as costplan writes it: `$.planned_values.root_module.resources[0].type`.
fn json_path(path: &serde_path_to_error::Path) -> String {
    let p = path.to_string();
    if p == "." || p.is_empty() {
        "$".to_string()
    } else if p.starts_with('[') {
        format!("${p}")
    } else {
        format!("$.{p}")
    }
}

/// Parses a plan's JSON text.
pub fn parse(file: &SourceFile) -> Result<Plan> {
    let json_error = |e: serde_json::Error| -> crate::error::Error {
        let offset = offset_of(&file.text, e.line(), e.column());
        let hint = if e.is_eof() {
            "the file ends early: was the plan cut off? Write it again with `terraform show -json PLANFILE > plan.json`"
        } else {
            "a Terraform plan is the JSON `terraform show -json PLANFILE` prints"
        };
        file.diagnostic(
            Some(offset..offset + 1),
            format!("not valid JSON: {e}"),
            Some(hint.into()),
        )
        .into()
    };
    let at = |message: String, hint: &str| -> crate::error::Error {
        file.diagnostic(None, message, Some(hint.to_string()))
            .into()
    };
    if !file.text.trim_start().starts_with('{') {
        // Tell invalid JSON from JSON of another shape.
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&file.text) {
            return Err(json_error(e));
        }
        return Err(at(
            "`$` is not a JSON object, so this is not a Terraform plan".into(),
            "write the plan with `terraform show -json PLANFILE > plan.json`",
        ));
    }
    // serde_path_to_error names the JSON path of a value of the wrong shape (`$.planned_values.
    // root_module.resources[0].type`), which serde_json's own error lacks.
    let mut de = serde_json::Deserializer::from_str(&file.text);
    let doc: Doc<'_> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = json_path(e.path());
        let e = e.into_inner();
        if e.is_data() {
            // valid JSON of another shape: say where
            let offset = offset_of(&file.text, e.line(), e.column());
            file.diagnostic(
                Some(offset..offset + 1),
                format!("not a Terraform plan: `{path}`: {e}"),
                Some("write the plan with `terraform show -json PLANFILE > plan.json`".into()),
            )
            .into()
        } else {
            json_error(e)
        }
    })?;
    de.end().map_err(json_error)?;
    let Some(format_version) = doc.format_version.as_deref() else {
        return Err(at(
            "`$.format_version` is missing: this JSON is not a Terraform plan".into(),
            "write the plan with `terraform show -json PLANFILE > plan.json`",
        ));
    };
    let major = format_version.split('.').next().unwrap_or("");
    if major != "0" && major != "1" {
        return Err(at(
            format!(
                "`$.format_version` is \"{format_version}\"; costplan reads plan formats 0.x and 1.x"
            ),
            "plan it with a Terraform whose `terraform show -json` writes format 1.x",
        ));
    }
    if doc.planned_values.is_none() && doc.resource_changes.is_none() {
        let what = if doc.values.is_some() {
            "a Terraform state (`terraform show -json` without a plan file)"
        } else {
            "no `$.planned_values` and no `$.resource_changes`"
        };
        return Err(at(
            format!("this is not a Terraform plan: {what}"),
            "run `terraform plan -out=plan.bin`, then `terraform show -json plan.bin > plan.json`",
        ));
    }
    let configuration = parse_raw(doc.configuration);
    let variables = parse_raw(doc.variables);
    let config = Config::new(&configuration, &variables);
    let changes: std::collections::HashMap<&str, &Change<'_>> = doc
        .resource_changes
        .iter()
        .flatten()
        .map(|c| (c.address.as_str(), c))
        .collect();
    let mut plan = Plan {
        format_version: format_version.to_string(),
        terraform_version: doc
            .terraform_version
            .clone()
            .unwrap_or_else(|| "unknown".to_string()),
        resources: Vec::new(),
        destroyed: Vec::new(),
        data_sources: 0,
    };
    let unknown_of = |address: &str, kind: &str| -> Value {
        if !reads_values(kind) {
            return Value::Null;
        }
        changes
            .get(address)
            .and_then(|c| c.change.as_ref())
            .map(|c| parse_values(c.after_unknown))
            .unwrap_or(Value::Null)
    };
    match doc
        .planned_values
        .as_ref()
        .and_then(|p| p.root_module.as_ref())
    {
        Some(root) => {
            let mut stack: Vec<(&Module<'_>, usize)> = vec![(root, 0)];
            while let Some((m, depth)) = stack.pop() {
                if depth > MAX_MODULE_DEPTH {
                    return Err(at(
                        format!("the plan nests modules more than {MAX_MODULE_DEPTH} deep"),
                        "costplan follows modules up to that depth",
                    ));
                }
                for r in &m.resources {
                    if r.mode == "data" {
                        plan.data_sources += 1;
                        continue;
                    }
                    let values = if reads_values(&r.kind) {
                        parse_values(r.values)
                    } else {
                        Value::Null
                    };
                    plan.resources.push(resource_of(
                        &r.address,
                        &m.address,
                        &r.kind,
                        &r.name,
                        r.index.clone(),
                        &r.provider_name,
                        values,
                        unknown_of(&r.address, &r.kind),
                        &config,
                    ));
                }
                // children in plan order: pushed in reverse onto the stack
                for c in m.child_modules.iter().rev() {
                    stack.push((c, depth + 1));
                }
            }
        }
        // A plan without `planned_values` (some old or trimmed plans): the changes' `after`.
        None => {
            for c in doc.resource_changes.iter().flatten() {
                let Some(body) = &c.change else { continue };
                if c.mode == "data" || body.actions == ["delete"] {
                    continue;
                }
                let values = if reads_values(&c.kind) {
                    parse_values(body.after)
                } else {
                    Value::Null
                };
                plan.resources.push(resource_of(
                    &c.address,
                    &c.module_address,
                    &c.kind,
                    &c.name,
                    c.index.clone(),
                    &c.provider_name,
                    values,
                    unknown_of(&c.address, &c.kind),
                    &config,
                ));
            }
        }
    }
    for c in doc.resource_changes.iter().flatten() {
        if c.mode != "data" && c.change.as_ref().is_some_and(|b| b.actions == ["delete"]) {
            plan.destroyed.push((c.address.clone(), c.kind.clone()));
        }
    }
    Ok(plan)
}

/// The deepest module nesting costplan follows.
const MAX_MODULE_DEPTH: usize = 64;

#[allow(clippy::too_many_arguments)]
fn resource_of(
    address: &str,
    module: &str,
    kind: &str,
    name: &str,
    index: Option<Value>,
    provider: &str,
    values: Value,
    unknown: Value,
    config: &Config<'_>,
) -> Resource {
    let (region, mut expressions) = config.resource(module, kind, name);
    if !reads_values(kind) {
        // only the types costplan reads follow references; the rest (free, not supported: most
        // of a large plan) would each hold a copy of their module's expressions for nothing
        expressions = std::sync::Arc::new(Value::Null);
    }
    Resource {
        address: address.to_string(),
        module: module.to_string(),
        kind: kind.to_string(),
        name: name.to_string(),
        index,
        provider: provider.to_string(),
        values: match values {
            Value::Object(m) => m,
            _ => Map::new(),
        },
        unknown,
        region,
        expressions,
    }
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The plan's `configuration`: providers' regions and resources' expressions, indexed by
/// module path and `type.name` (looked up once per resource).
struct Config<'a> {
    resources: std::collections::HashMap<(String, &'a str), &'a Value>,
    /// Each configuration resource's expressions, parsed once and shared by its instances
    /// (keyed by the configuration resource's address in memory).
    shared: std::cell::RefCell<std::collections::HashMap<usize, std::sync::Arc<Value>>>,
    providers: Option<&'a Map<String, Value>>,
    variables: Option<&'a Map<String, Value>>,
}

impl<'a> Config<'a> {
    fn new(configuration: &'a Value, variables: &'a Value) -> Self {
        let mut resources = std::collections::HashMap::new();
        let mut stack: Vec<(String, &'a Value, usize)> = Vec::new();
        if let Some(root) = configuration.get("root_module") {
            stack.push((String::new(), root, 0));
        }
        while let Some((path, m, depth)) = stack.pop() {
            for r in m
                .get("resources")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice)
            {
                if let Some(a) = r.get("address").and_then(Value::as_str) {
                    resources.insert((path.clone(), a), r);
                }
            }
            if depth >= MAX_MODULE_DEPTH {
                continue;
            }
            if let Some(calls) = m.get("module_calls").and_then(Value::as_object) {
                for (name, call) in calls {
                    if let Some(module) = call.get("module") {
                        stack.push((format!("{path}/{name}"), module, depth + 1));
                    }
                }
            }
        }
        Config {
            resources,
            shared: Default::default(),
            providers: configuration
                .get("provider_config")
                .and_then(Value::as_object),
            variables: variables.as_object(),
        }
    }

    /// The region and expressions of the resource `kind.name` in module instance `module`.
    fn resource(
        &self,
        module: &str,
        kind: &str,
        name: &str,
    ) -> (Option<String>, std::sync::Arc<Value>) {
        let path: String = module_calls(module)
            .iter()
            .map(|c| format!("/{c}"))
            .collect();
        let address = format!("{kind}.{name}");
        let Some(found) = self.resources.get(&(path, address.as_str())) else {
            return (self.default_region(), std::sync::Arc::new(Value::Null));
        };
        let key = text(found, "provider_config_key");
        let region = self.region_of_key(key).or_else(|| self.default_region());
        let expressions = self
            .shared
            .borrow_mut()
            .entry(std::ptr::from_ref::<Value>(found) as usize)
            .or_insert_with(|| {
                std::sync::Arc::new(found.get("expressions").cloned().unwrap_or(Value::Null))
            })
            .clone();
        (region, expressions)
    }

    fn default_region(&self) -> Option<String> {
        self.region_of_key("aws")
    }

    /// `aws.euw1`, `module.app:aws` or `app:aws`: the provider configuration's region, when it
    /// is a constant or a root variable; module-scoped keys fall back to the root's.
    fn region_of_key(&self, key: &str) -> Option<String> {
        let providers = self.providers?;
        let p = providers.get(key).or_else(|| {
            let local = key.rsplit(':').next()?;
            providers.get(local)
        })?;
        let region = p.pointer("/expressions/region")?;
        if let Some(c) = region.get("constant_value").and_then(Value::as_str) {
            return Some(c.to_string());
        }
        let refs = region.get("references")?.as_array()?;
        for r in refs.iter().filter_map(Value::as_str) {
            if let Some(var) = r.strip_prefix("var.")
                && let Some(v) = self
                    .variables?
                    .get(var)
                    .and_then(|v| v.get("value"))
                    .and_then(Value::as_str)
            {
                return Some(v.to_string());
            }
        }
        None
    }
}

/// `module.a["x"].module.b[0]` → `["a", "b"]`: the module calls, without instance keys.
fn module_calls(module: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = module;
    while let Some(r) = rest.strip_prefix("module.") {
        let end = r.find(['.', '[']).unwrap_or(r.len());
        out.push(r[..end].to_string());
        rest = &r[end..];
        // skip an instance key `["x"]` or `[0]` (a key may hold `.` or `]` inside quotes)
        if rest.starts_with('[') {
            let mut in_str = false;
            let mut escaped = false;
            let mut cut = rest.len();
            for (i, c) in rest.char_indices().skip(1) {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_str => escaped = true,
                    '"' => in_str = !in_str,
                    ']' if !in_str => {
                        cut = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            rest = &rest[cut..];
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    out
}

/// The byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_calls_drop_instance_keys() {
        assert_eq!(
            module_calls(r#"module.app["blue.x]"].module.svc[0]"#),
            ["app", "svc"]
        );
        assert!(module_calls("").is_empty());
    }

    #[test]
    fn not_a_plan_is_said_with_the_json_path() {
        let state = SourceFile::new("s.json", r#"{"format_version":"1.0","values":{}}"#);
        let e = parse(&state).unwrap_err().to_string();
        assert!(e.contains("a Terraform state"), "{e}");
        let other = SourceFile::new("o.json", r#"{"name":"x"}"#);
        assert!(
            parse(&other)
                .unwrap_err()
                .to_string()
                .contains("`$.format_version`")
        );
        let future = SourceFile::new("f.json", r#"{"format_version":"2.0","planned_values":{}}"#);
        assert!(parse(&future).unwrap_err().to_string().contains("\"2.0\""));
        let cut = SourceFile::new(
            "c.json",
            "{\"format_version\":\"1.2\",\n\"planned_values\": {",
        );
        let e = parse(&cut).unwrap_err().to_string();
        assert!(e.contains("c.json:2:") && e.contains("cut off"), "{e}");
    }
}
