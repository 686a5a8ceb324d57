#!/usr/bin/env python3
"""Perturbed-baseline bills: the seed topology billed at its estimated usage, then six known
perturbations, written in every bill format costplan reads. Deterministic; writes
tests/fixtures/bills/perturbed/ (committed).

Inputs (committed, so the bills are reproducible):
- tests/fixtures/bills/perturbed/baseline-estimate.json: `costplan estimate
  scenarios/baseline.toml --format json` (the estimate's 26 lines, $395.6533 a month);
- pricing/aws/us-east-1.toml: each line's offer code (product code) and usage type, by price key;
- the operation of each usage type as the AWS offer files of tests/fixtures/aws-price-list/ give
  it (`products.*.attributes.operation`); where they leave it empty the bill line has none either
  (the S3 offer file has none, so the unestimated bucket's lines have no operation).

The month is 2026-11, the account 111122223333, every line in us-east-1 and tagged
Project=orders. One bill line per estimate line (usage = the line's quantity, cost = its monthly
USD), then the perturbations, each worked by hand in expected.md / expected.json:
1. price change: ElastiCache NodeUsage:cache.t3.micro billed at $0.018/h, not the table's $0.017
   (1460 h: $26.28 billed, $24.82 estimated: +$1.46, price);
2. 40% more NAT GB processed: 140 GB, not 100, at $0.045 ($6.30 vs $4.50: +$1.80, usage);
3. an unestimated S3 bucket: 500 GB-month Standard storage at $0.023 ($11.50) and 200,000
   Tier1 requests at $0.000005 ($1.00): +$12.50, not in the topology;
4. a credit: -$25.00 on AmazonEC2 (credits, apart from usage);
5. an RI fee: an unused t3.medium reservation, 730 h x $0.026 = $18.98 (RIFee, apart);
6. tax: $32.00 (Tax, apart).

Formats: CUR 2.0 CSV, gzip CSV and Parquet (MAP columns; doubles as AWS writes them), legacy CUR
CSV, FOCUS 1.2 with AWS columns CSV (make_focus12.py), and Cost Explorer GetCostAndUsage JSON
grouped by SERVICE (its groups are per service, so the credit and RI fee fall into their
service's amount there, as Cost Explorer shows them; only Tax stays apart).

Run:  python3 tests/bills/make_perturbed.py   (pyarrow, Python 3.11+ for tomllib)
"""

import csv
import datetime as dt
import glob
import gzip
import io
import json
import os
import sys
import tomllib
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "..", "..")
OUT = os.path.join(REPO, "tests", "fixtures", "bills", "perturbed")
sys.path.insert(0, HERE)
import make_focus12  # noqa: E402

ACCOUNT = "111122223333"
MONTH_START = "2026-11-01T00:00:00.000Z"
MONTH_END = "2026-12-01T00:00:00.000Z"
TAGS = {"user_Project": "orders"}

# Offer code -> (product name as CUR and FOCUS write it, FOCUS ServiceCategory, Cost Explorer SERVICE).
SERVICES = {
    "AmazonECS": ("Amazon Elastic Container Service", "Compute", "Amazon Elastic Container Service"),
    "AmazonRDS": ("Amazon Relational Database Service", "Databases",
                  "Amazon Relational Database Service"),
    "AmazonElastiCache": ("Amazon ElastiCache", "Databases", "Amazon ElastiCache"),
    "AWSELB": ("Elastic Load Balancing", "Networking", "Amazon Elastic Load Balancing"),
    "AmazonEC2": ("Amazon Elastic Compute Cloud", "Compute", "EC2 - Other"),
    "AWSDataTransfer": ("AWS Data Transfer", "Networking", "AWS Data Transfer"),
    "AmazonCloudWatch": ("AmazonCloudWatch", "Management and Governance", "AmazonCloudWatch"),
    "AWSSecretsManager": ("AWS Secrets Manager", "Security", "AWS Secrets Manager"),
    "AmazonECR": ("Amazon EC2 Container Registry (ECR)", "Storage",
                  "Amazon EC2 Container Registry (ECR)"),
    "AmazonVPC": ("Amazon Virtual Private Cloud", "Networking", "Amazon Virtual Private Cloud"),
    "AmazonS3": ("Amazon Simple Storage Service", "Storage", "Amazon Simple Storage Service"),
}
# Operations the offer files hold several of: the one this topology uses.
OPERATION_CHOICE = {
    ("AWSELB", "LoadBalancerUsage"): "LoadBalancing:Application",
    ("AWSELB", "LCUUsage"): "LoadBalancing:Application",
    ("AmazonElastiCache", "NodeUsage:cache.t3.micro"): "CreateCacheCluster:Redis",
}


def operations():
    found = {}
    for path in sorted(glob.glob(os.path.join(REPO, "tests", "fixtures", "aws-price-list",
                                              "*-us-east-1.json"))):
        with open(path, encoding="utf-8") as f:
            offer = json.load(f)
        code = offer.get("offerCode")
        for product in offer.get("products", {}).values():
            a = product.get("attributes", {})
            if a.get("usagetype") and a.get("operation"):
                found.setdefault((code, a["usagetype"]), set()).add(a["operation"])
    return found


def d(text):
    return Decimal(text)


def seed_lines():
    with open(os.path.join(OUT, "baseline-estimate.json"), encoding="utf-8") as f:
        estimate = json.load(f)
    with open(os.path.join(REPO, "pricing", "aws", "us-east-1.toml"), "rb") as f:
        prices = {p["key"]: p for p in tomllib.load(f)["price"]}
    ops = operations()
    lines = []
    for item in estimate["line_items"]:
        price = prices[item["price_key"]]
        code, usage_type = price["offer_code"], price["usage_type"]
        choices = ops.get((code, usage_type), set())
        operation = OPERATION_CHOICE.get((code, usage_type)) or (
            next(iter(choices)) if len(choices) == 1 else "")
        lines.append({
            "type": "Usage", "code": code, "usage_type": usage_type, "operation": operation,
            "amount": d(item["quantity"]), "unit": item["unit"],
            "rate": d(item["unit_price_usd"]), "cost": d(item["monthly_usd"]),
            "resource": f"{item['group']}/{item['resource']}", "tags": TAGS,
        })
    assert sum(l["cost"] for l in lines) == d(estimate["total_monthly_usd"])
    return lines


def perturb(lines):
    for l in lines:
        if l["usage_type"] == "NodeUsage:cache.t3.micro":  # 1. price change
            l["rate"] = d("0.018")
            l["cost"] = l["amount"] * l["rate"]
        if l["usage_type"] == "NatGateway-Bytes":  # 2. 40% more NAT GB processed
            l["amount"] = l["amount"] * d("1.4")
            l["cost"] = l["amount"] * l["rate"]
    lines += [  # 3. the unestimated S3 bucket
        {"type": "Usage", "code": "AmazonS3", "usage_type": "TimedStorage-ByteHrs",
         "operation": "", "amount": d("500"), "unit": "GB-Mo",
         "rate": d("0.023"), "cost": d("11.50"), "resource": "orders-exports-bucket", "tags": TAGS},
        {"type": "Usage", "code": "AmazonS3", "usage_type": "Requests-Tier1",
         "operation": "", "amount": d("200000"), "unit": "Requests",
         "rate": d("0.000005"), "cost": d("1.00"), "resource": "orders-exports-bucket",
         "tags": TAGS},
        # 4. a credit
        {"type": "Credit", "code": "AmazonEC2", "usage_type": "", "operation": "",
         "amount": d("0"), "unit": "", "rate": d("0"), "cost": d("-25.00"), "resource": "",
         "tags": {}},
        # 5. an RI fee (an unused t3.medium reservation)
        {"type": "RIFee", "code": "AmazonEC2", "usage_type": "HeavyUsage:t3.medium",
         "operation": "RunInstances", "amount": d("730"), "unit": "Hrs", "rate": d("0.026"),
         "cost": d("18.98"), "resource": "", "tags": {}},
        # 6. tax
        {"type": "Tax", "code": "AmazonEC2", "usage_type": "", "operation": "",
         "amount": d("0"), "unit": "", "rate": d("0"), "cost": d("32.00"), "resource": "",
         "tags": {}},
    ]
    return lines


def text(x):
    """A decimal as plain text, no exponent, no trailing zeros."""
    s = format(x.normalize(), "f")
    return s


CUR2_COLUMNS = ["identity_line_item_id", "bill_billing_period_start_date",
                "bill_billing_period_end_date", "line_item_usage_account_id",
                "line_item_line_item_type", "line_item_product_code", "line_item_usage_type",
                "line_item_operation", "line_item_resource_id", "product_region_code",
                "line_item_usage_amount", "line_item_unblended_rate", "line_item_unblended_cost",
                "line_item_currency_code", "pricing_unit", "product", "resource_tags"]


def region(l):
    return "" if l["type"] in ("Tax", "Credit") else "us-east-1"


def product_map(l):
    return {"product_name": SERVICES[l["code"]][0], "region_code": region(l)} if region(l) else {}


def cur2_csv(lines):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CUR2_COLUMNS)
    for i, l in enumerate(lines):
        w.writerow([f"perturbed-{i:03}", MONTH_START, MONTH_END, ACCOUNT, l["type"], l["code"],
                    l["usage_type"], l["operation"], l["resource"], region(l), text(l["amount"]),
                    text(l["rate"]), text(l["cost"]), "USD", l["unit"],
                    json.dumps(product_map(l)), json.dumps(l["tags"])])
    return buf.getvalue()


def cur2_parquet(lines, path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    start = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    m = pa.map_(pa.string(), pa.string())
    n = len(lines)
    cols = {
        "identity_line_item_id": pa.array([f"perturbed-{i:03}" for i in range(n)]),
        "bill_billing_period_start_date": pa.array([start] * n, pa.timestamp("ms", tz="UTC")),
        "bill_billing_period_end_date": pa.array([end] * n, pa.timestamp("ms", tz="UTC")),
        "line_item_usage_account_id": pa.array([ACCOUNT] * n),
        "line_item_line_item_type": pa.array([l["type"] for l in lines]),
        "line_item_product_code": pa.array([l["code"] for l in lines]),
        "line_item_usage_type": pa.array([l["usage_type"] for l in lines]),
        "line_item_operation": pa.array([l["operation"] for l in lines]),
        "line_item_resource_id": pa.array([l["resource"] for l in lines]),
        "product_region_code": pa.array([region(l) for l in lines]),
        "line_item_usage_amount": pa.array([float(l["amount"]) for l in lines], pa.float64()),
        "line_item_unblended_rate": pa.array([float(l["rate"]) for l in lines], pa.float64()),
        "line_item_unblended_cost": pa.array([float(l["cost"]) for l in lines], pa.float64()),
        "line_item_currency_code": pa.array(["USD"] * n),
        "pricing_unit": pa.array([l["unit"] for l in lines]),
        "product": pa.array([list(product_map(l).items()) for l in lines], m),
        "resource_tags": pa.array([list(l["tags"].items()) for l in lines], m),
    }
    pq.write_table(pa.table(cols), path, compression="snappy")


LEGACY_COLUMNS = ["identity/LineItemId", "bill/BillingPeriodStartDate", "bill/BillingPeriodEndDate",
                  "lineItem/UsageAccountId", "lineItem/LineItemType", "lineItem/ProductCode",
                  "lineItem/UsageType", "lineItem/Operation", "lineItem/ResourceId",
                  "lineItem/UsageAmount", "lineItem/CurrencyCode", "lineItem/UnblendedRate",
                  "lineItem/UnblendedCost", "product/ProductName", "product/region",
                  "product/regionCode", "pricing/unit", "resourceTags/user:Project"]


def legacy_csv(lines):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(LEGACY_COLUMNS)
    for i, l in enumerate(lines):
        w.writerow([f"perturbed-{i:03}", MONTH_START, MONTH_END, ACCOUNT, l["type"], l["code"],
                    l["usage_type"], l["operation"], l["resource"], text(l["amount"]), "USD",
                    text(l["rate"]), text(l["cost"]), SERVICES[l["code"]][0], region(l),
                    region(l), l["unit"], l["tags"].get("user_Project", "")])
    return buf.getvalue()


def focus_csv(lines):
    rows = []
    for l in lines:
        name, category, _ = SERVICES[l["code"]]
        rows.append({
            "account": ACCOUNT, "type": l["type"], "code": l["code"], "service": name,
            "category": category, "usage_type": l["usage_type"], "operation": l["operation"],
            "region": region(l), "amount": text(l["amount"]), "unit": l["unit"],
            "rate": text(l["rate"]), "cost": text(l["cost"]),
            "tags": {"user:Project": l["tags"]["user_Project"]} if l["tags"] else {},
        })
    return make_focus12.csv_text(rows)


def cost_explorer(lines):
    by_service = {}
    for l in lines:
        if l["type"] == "Tax":
            service = "Tax"
        elif l["type"] == "RIFee":  # a reservation's fee is compute, not "EC2 - Other"
            service = "Amazon Elastic Compute Cloud - Compute"
        else:
            service = SERVICES[l["code"]][2]
        by_service[service] = by_service.get(service, Decimal(0)) + l["cost"]
    groups = [{"Keys": [s], "Metrics": {"UnblendedCost": {"Amount": text(c), "Unit": "USD"}}}
              for s, c in sorted(by_service.items())]
    return {
        "GroupDefinitions": [{"Type": "DIMENSION", "Key": "SERVICE"}],
        "ResultsByTime": [{"TimePeriod": {"Start": "2026-11-01", "End": "2026-12-01"},
                           "Total": {}, "Groups": groups, "Estimated": False}],
        "DimensionValueAttributes": [],
    }


def main():
    lines = perturb(seed_lines())
    os.makedirs(OUT, exist_ok=True)
    cur2 = cur2_csv(lines)
    with open(os.path.join(OUT, "perturbed-cur2.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(cur2)
    make_focus12.write_gzip(os.path.join(OUT, "perturbed-cur2.csv.gz"), cur2)
    cur2_parquet(lines, os.path.join(OUT, "perturbed-cur2.parquet"))
    with open(os.path.join(OUT, "perturbed-legacy-cur.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write(legacy_csv(lines))
    with open(os.path.join(OUT, "perturbed-focus-1.2.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write(focus_csv(lines))
    with open(os.path.join(OUT, "perturbed-cost-explorer.json"), "w", encoding="utf-8") as f:
        json.dump(cost_explorer(lines), f, indent=2)
        f.write("\n")
    total = sum(l["cost"] for l in lines)
    usage = sum(l["cost"] for l in lines if l["type"] == "Usage")
    print(f"{len(lines)} lines, total {total}, usage {usage}")


if __name__ == "__main__":
    main()
