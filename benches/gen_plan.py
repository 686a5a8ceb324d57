#!/usr/bin/env python3
"""Writes a large Terraform plan JSON for the `estimate PLAN.json` benchmark (see benches/README.md).

The plan is built from the real plans of tests/terraform (made by Terraform 1.11 with the
hashicorp/aws provider): each copy is one instance of a `for_each` module call wrapping the seed
architecture (ECS services + task definitions referenced through `configuration`, RDS, ElastiCache,
ALB, NAT gateways, log groups, alarms, secrets, ECR, free networking types) or the
modules/count/for_each plan (count, nested modules, capacity provider strategies, a task set,
an EC2 service that is skipped, VPC endpoints), plus resources of types costplan does not price
(aws_sqs_queue, aws_lambda_function). Every change is an in-place update with `before` and
`after` and a `prior_state`, and every resource carries tags, as plans of running systems do.

    python3 benches/gen_plan.py --resources 10000 -o /tmp/plan-10k.json

Nothing generated is committed.
"""
import argparse
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "tests", "terraform")
TAGS = {f"tag{i:02}": f"value-of-tag-{i:02}-for-cost-allocation" for i in range(7)}


def load(name):
    with open(os.path.join(CORPUS, name, "plan.json")) as f:
        return json.load(f)


def prefixed(addr, prefix):
    return f"{prefix}.{addr}"


def rewrap(module, prefix):
    out = {"resources": [], "child_modules": []}
    if "address" in module:
        out["address"] = prefixed(module["address"], prefix)
    else:
        out["address"] = prefix
    for r in module.get("resources", []):
        r = copy.deepcopy(r)
        r["address"] = prefixed(r["address"], prefix)
        if isinstance(r.get("values"), dict) and "tags" in r["values"]:
            r["values"]["tags"] = dict(TAGS)
            r["values"]["tags_all"] = dict(TAGS)
        out["resources"].append(r)
    for c in module.get("child_modules", []):
        out["child_modules"].append(rewrap(c, prefix))
    return out


def unsupported(prefix, n):
    """Resources of types costplan does not price: planned value, change and configuration."""
    planned, changes, config = [], [], []
    for i in range(n):
        kind = "aws_sqs_queue" if i % 2 == 0 else "aws_lambda_function"
        addr = f"{prefix}.{kind}.extra[{i}]"
        values = {"name": f"extra-{i}", "tags": dict(TAGS), "tags_all": dict(TAGS)}
        planned.append({
            "address": addr, "mode": "managed", "type": kind, "name": "extra", "index": i,
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
            "values": values, "sensitive_values": {"tags_all": {}},
        })
        changes.append({
            "address": addr, "module_address": prefix, "mode": "managed", "type": kind,
            "name": "extra", "index": i, "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["no-op"], "before": values, "after": values,
                       "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {}},
        })
    for kind in ("aws_sqs_queue", "aws_lambda_function"):
        config.append({
            "address": f"{kind}.extra", "mode": "managed", "type": kind, "name": "extra",
            "provider_config_key": "aws", "expressions": {"name": {"constant_value": "extra"}},
            "schema_version": 0, "count_expression": {"constant_value": n},
        })
    return planned, changes, config


LIMITED = {
    "aws_ecs_service", "aws_ecs_task_definition", "aws_db_instance", "aws_db_subnet_group",
    "aws_elasticache_replication_group", "aws_elasticache_subnet_group", "aws_lb",
    "aws_lb_listener", "aws_lb_target_group", "aws_ecr_repository", "aws_nat_gateway", "aws_eip",
}


def strip_limited(plan):
    """Removes the types a topology holds a bounded number of (services, databases, caches, load
    balancers) from a plan, keeping its configuration (references to them stay unresolved)."""
    def walk(m):
        m["resources"] = [r for r in m.get("resources", []) if r["type"] not in LIMITED]
        for c in m.get("child_modules", []):
            walk(c)
    walk(plan["planned_values"]["root_module"])
    plan["resource_changes"] = [r for r in plan["resource_changes"] if r["type"] not in LIMITED]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resources", type=int, default=10000)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    seed, shapes = load("seed"), load("modules-count-foreach")
    bulk = copy.deepcopy(seed)
    strip_limited(bulk)
    # (name, plan, copies at most, resources of types costplan does not price per copy): the
    # copies that carry services, databases, caches and load balancers stay within a topology's
    # limits (docs/limits.md: 200 services, 100 tables of a kind); the rest of the plan is the
    # bulk of a large account: alarms, log groups, secrets, NAT, networking, IAM, unsupported types.
    sources = [("seed", seed, 36, 2), ("shapes", shapes, 4, 2), ("bulk", bulk, None, 8)]
    count = {name: 0 for name, _, _, _ in sources}
    root_children, changes, prior_children = [], [], []
    total = 0
    i = 0
    while total < args.resources:
        name, plan, most, extra = sources[i % len(sources)]
        i += 1
        if most is not None and count[name] >= most:
            continue
        key = f"{name}{count[name]:04}"
        prefix = f'module.{name}["{key}"]'
        count[name] += 1
        child = rewrap(plan["planned_values"]["root_module"], prefix)
        child["address"] = prefix
        p, c, _ = unsupported(prefix, extra)
        child["resources"].extend(p)
        root_children.append(child)
        prior_children.append(child)
        for rc in plan["resource_changes"]:
            rc = copy.deepcopy(rc)
            rc["address"] = prefixed(rc["address"], prefix)
            rc["module_address"] = (
                prefixed(rc["module_address"], prefix) if "module_address" in rc else prefix
            )
            after = rc["change"].get("after")
            if isinstance(after, dict) and "tags" in after:
                after["tags"] = dict(TAGS)
                after["tags_all"] = dict(TAGS)
            # a running system: the resource exists and is updated in place
            rc["change"]["before"] = copy.deepcopy(after)
            rc["change"]["actions"] = ["update"] if total % 7 == 0 else ["no-op"]
            changes.append(rc)
        changes.extend(c)
        total += len(plan["resource_changes"]) + extra

    module_calls = {}
    for name, plan, _, extra in sources:
        module = copy.deepcopy(plan["configuration"]["root_module"])
        _, _, cfg = unsupported("x", extra)
        module.setdefault("resources", []).extend(cfg)
        module_calls[name] = {
            "source": f"./{name}",
            "for_each_expression": {
                "constant_value": {f"{name}{k:04}": k for k in range(count[name])}
            },
            "module": module,
        }
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "variables": seed.get("variables", {}),
        "planned_values": {"root_module": {"child_modules": root_children}},
        "resource_changes": changes,
        "prior_state": {
            "format_version": "1.0",
            "terraform_version": "1.11.4",
            "values": {"root_module": {"child_modules": prior_children}},
        },
        "configuration": {
            "provider_config": seed["configuration"]["provider_config"],
            "root_module": {"module_calls": module_calls},
        },
        "applyable": True,
        "complete": True,
        "errored": False,
    }
    with open(args.output, "w") as f:
        json.dump(doc, f)
    print(f"{args.output}: {total} resources, {os.path.getsize(args.output) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
