#!/usr/bin/env python3
"""Independent month and per-service totals of the real bills in ../shared/fixtures/bills.

Written apart from costplan's readers (Python's csv, decimal, gzip, json and pyarrow) so the Rust
integration test `bills::fixture_totals_match_an_independent_sum` checks costplan against a second
reading, not against itself. Rules, as a careful person would sum a bill:

- total: every line of the billing month (invoice basis, credits negative):
  legacy CUR `lineItem/UnblendedCost`, CUR Parquet `line_item_unblended_cost`, FOCUS `BilledCost`,
  Cost Explorer `UnblendedCost.Amount` (DAILY periods summed into their month);
- usage: the lines whose type is Usage, DiscountedUsage or SavingsPlanCoveredUsage (CUR), whose
  ChargeCategory is Usage (FOCUS), every SERVICE but `Tax` (Cost Explorer);
- services: per offer code (CUR `product code`) or, where the bill has none, per service name
  (FOCUS `ServiceName`, Cost Explorer SERVICE);
- month: the billing period start (CUR, FOCUS) or the period start (Cost Explorer), as YYYY-MM;
- Parquet doubles are taken as the decimal of Python's repr (the shortest round-trip text).

Run:  python3 tests/bills/expected.py [FIXTURE_DIR] > tests/bills/expected.json
(pyarrow from PyPI: `pip install pyarrow`).
"""

import csv
import decimal
import gzip
import json
import os
import sys
from collections import defaultdict
from decimal import Decimal

decimal.getcontext().prec = 60
# The fixture folder: the first argument, else `../shared/fixtures/bills` beside the repository.
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "fixtures", "bills")
USAGE_TYPES = {"Usage", "DiscountedUsage", "SavingsPlanCoveredUsage"}


def new_month():
    return {"total": Decimal(0), "usage": Decimal(0), "services": defaultdict(Decimal), "lines": 0}


def add(months, month, service, cost, usage):
    m = months.setdefault(month, new_month())
    m["total"] += cost
    if usage:
        m["usage"] += cost
    m["services"][service] += cost
    m["lines"] += 1


def open_text(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def legacy_cur_csv(path):
    months = {}
    with open_text(path) as f:
        for row in csv.DictReader(f):
            cost = Decimal(row["lineItem/UnblendedCost"])
            month = row["bill/BillingPeriodStartDate"][:7]
            add(months, month, row["lineItem/ProductCode"], cost,
                row["lineItem/LineItemType"] in USAGE_TYPES)
    return "LegacyCurCsv", months


def focus_csv(path):
    months = {}
    with open_text(path) as f:
        for row in csv.DictReader(f):
            cost = Decimal(row["BilledCost"])
            service = row.get("x_ServiceCode") or row["ServiceName"]
            add(months, row["BillingPeriodStart"][:7], service, cost,
                row["ChargeCategory"] == "Usage")
    return "Focus", months


def cur_parquet(path):
    import pyarrow.parquet as pq
    cols = ["bill_billing_period_start_date", "line_item_product_code",
            "line_item_line_item_type", "line_item_unblended_cost"]
    table = pq.read_table(path, columns=cols).to_pydict()
    months = {}
    for start, product, kind, cost in zip(*(table[c] for c in cols)):
        cost = Decimal(repr(cost)) if isinstance(cost, float) else Decimal(cost)
        add(months, start.strftime("%Y-%m"), product, cost, kind in USAGE_TYPES)
    return "LegacyCurParquet", months


def cost_explorer(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    keys = [d["Key"] for d in doc.get("GroupDefinitions", [])]
    months = {}
    for period in doc["ResultsByTime"]:
        month = period["TimePeriod"]["Start"][:7]
        for group in period.get("Groups", []):
            service = group["Keys"][keys.index("SERVICE")]
            cost = Decimal(group["Metrics"]["UnblendedCost"]["Amount"])
            add(months, month, service, cost, service != "Tax")
    return "CostExplorer", months


def read(name):
    path = os.path.join(ROOT, name)
    if name.endswith(".parquet"):
        return cur_parquet(path)
    if name.endswith(".json"):
        return cost_explorer(path)
    with open_text(path) as f:
        header = f.readline()
    if "lineItem/UnblendedCost" in header:
        return legacy_cur_csv(path)
    if "BilledCost" in header:
        return focus_csv(path)
    raise SystemExit(f"{name}: unknown bill")


def main():
    out = {}
    for name in sorted(os.listdir(ROOT)):
        if name == "README.md":
            continue
        fmt, months = read(name)
        out[name] = {
            "format": fmt,
            "months": {
                month: {
                    "total_usd": str(m["total"]),
                    "usage_usd": str(m["usage"]),
                    "lines": m["lines"],
                    "services": {k: str(v) for k, v in sorted(m["services"].items())},
                }
                for month, m in sorted(months.items())
            },
        }
    json.dump(out, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
