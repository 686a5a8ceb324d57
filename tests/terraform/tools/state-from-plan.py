#!/usr/bin/env python3
"""Writes a Terraform state (format 4) in which every resource of a create-only plan exists.

    state-from-plan.py PLAN.json SCHEMA.json > state.tfstate

PLAN.json is `terraform show -json` of a plan that creates everything; SCHEMA.json is
`terraform providers schema -json` of the same configuration. Each resource's attributes are its
planned values, and every value known only after apply is made up: a plausible ID, an ARN in
account 123456789012, an empty list or map, 0, false. References between resources (a NAT
gateway's allocation_id is its Elastic IP's id) are re-pointed at the made-up IDs by
`REFERENCES` below. The state is what `terraform plan -refresh=false` then compares the
configuration with, offline: used for tests/terraform/no-changes and destroy-only, where AWS
cannot be asked (terraform import and refresh both read the real resources).
"""
import json
import sys

ACCOUNT = "123456789012"
REGION = "us-east-1"
# Made-up IDs per type: (id prefix, ARN service).
IDS = {
    "aws_eip": ("eipalloc-0000000000000000", "ec2"),
    "aws_nat_gateway": ("nat-0000000000000000", "ec2"),
}
# (type, attribute) -> (referenced type, same index): the attribute holds that resource's id.
REFERENCES = {("aws_nat_gateway", "allocation_id"): "aws_eip"}


def resources(module):
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from resources(child)


def fake(kind, attr, ty, values, index):
    if isinstance(ty, list):
        return {"list": [], "set": [], "map": {}, "object": None, "tuple": []}[ty[0]]
    if ty == "number":
        return 0
    if ty == "bool":
        return False
    suffix = str(index if isinstance(index, int) else 0)
    prefix, service = IDS.get(kind, ("", kind.removeprefix("aws_").split("_")[0]))
    if attr == "id":
        name = values.get("name") or values.get("identifier")
        return name if name and not prefix else prefix + suffix
    if attr.endswith("arn"):
        return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{kind.removeprefix('aws_')}/mock-{suffix}"
    return f"mock-{attr.replace('_', '-')}"


def main():
    plan = json.load(open(sys.argv[1]))
    schemas = json.load(open(sys.argv[2]))["provider_schemas"]
    unknown = {rc["address"]: rc["change"]["after_unknown"] for rc in plan["resource_changes"]}
    module_of = {rc["address"]: rc.get("module_address") for rc in plan["resource_changes"]}
    by_address = {}
    groups = {}
    for r in resources(plan["planned_values"]["root_module"]):
        schema = schemas[r["provider_name"]]["resource_schemas"][r["type"]]
        values = dict(r["values"])
        for attr, spec in schema["block"].get("attributes", {}).items():
            if unknown[r["address"]].get(attr) is True:
                values[attr] = fake(r["type"], attr, spec["type"], values, r.get("index"))
            values.setdefault(attr, None)
        for block, spec in schema["block"].get("block_types", {}).items():
            if values.get(block) is None:
                values[block] = [] if spec["nesting_mode"] in ("list", "set") else None
        by_address[r["address"]] = values
        module = module_of[r["address"]]
        key = (module, r["type"], r["name"], r["provider_name"])
        # Terraform compares sensitivity marks too: without them a sensitive attribute (a
        # database password) makes an otherwise identical resource an in-place update.
        sensitive = [[{"type": "get_attr", "value": attr}]
                     for attr, spec in sorted(schema["block"].get("attributes", {}).items())
                     if spec.get("sensitive")]
        instance = {"schema_version": r["schema_version"], "attributes": values,
                    "sensitive_attributes": sensitive, "dependencies": []}
        if "index" in r:
            instance["index_key"] = r["index"]
        groups.setdefault(key, []).append((r, instance))
    for (module, kind, name, _), instances in groups.items():
        for r, instance in instances:
            for (k, attr), target in REFERENCES.items():
                if k == kind:
                    same = [a for a in by_address
                            if a.startswith(((module + ".") if module else "") + target + ".")
                            and a.endswith(f"[{r.get('index')}]" if "index" in r else "")]
                    if same:
                        instance["attributes"][attr] = by_address[same[0]]["id"]
                        instance["dependencies"].append(same[0].split("[")[0])
    state = {
        "version": 4,
        "terraform_version": plan["terraform_version"],
        "serial": 1,
        "lineage": "00000000-0000-4000-8000-000000000000",
        "outputs": {},
        "resources": [
            {
                **({"module": module} if module else {}),
                "mode": "managed",
                "type": kind,
                "name": name,
                "provider": f'provider["{provider}"]',
                "instances": [i for _, i in instances],
            }
            for (module, kind, name, provider), instances in groups.items()
        ],
        "check_results": None,
    }
    json.dump(state, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


main()
