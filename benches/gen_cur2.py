#!/usr/bin/env python3
"""Writes a large CUR 2.0 CSV for the bill-reading benchmark (benches/bill_stream.sh), and
optionally its gzip and Parquet copies. Deterministic (a fixed seed).

The columns are CUR 2.0's (Data Exports table dictionary) that a real export of an EC2/RDS/S3
account fills: identity, bill, line item, pricing and product columns, `product` and
`resource_tags` as JSON text, about 570 bytes a line. Lines are hourly usage of many resources,
with a few tax and credit lines, all in one billing month (2026-11).

  python3 benches/gen_cur2.py --mb 1000 -o /tmp/costplan-cur2-1g.csv [--gzip] [--parquet]

The Parquet copy is written from the CSV batch by batch (pyarrow), with `product` and
`resource_tags` as MAP columns like the real export.
"""

import argparse
import gzip
import json
import random
import shutil

COLUMNS = [
    "identity_line_item_id", "identity_time_interval", "bill_invoice_id", "bill_invoicing_entity",
    "bill_billing_entity", "bill_bill_type", "bill_payer_account_id",
    "bill_billing_period_start_date", "bill_billing_period_end_date",
    "line_item_usage_account_id", "line_item_line_item_type", "line_item_usage_start_date",
    "line_item_usage_end_date", "line_item_product_code", "line_item_usage_type",
    "line_item_operation", "line_item_availability_zone", "line_item_resource_id",
    "line_item_usage_amount", "line_item_normalization_factor", "line_item_currency_code",
    "line_item_unblended_rate", "line_item_unblended_cost", "line_item_blended_rate",
    "line_item_blended_cost", "line_item_line_item_description", "pricing_public_on_demand_cost",
    "pricing_public_on_demand_rate", "pricing_term", "pricing_unit", "product_region_code",
    "product_servicecode", "product_family", "product", "resource_tags",
]

USAGE = [
    # product code, usage type, operation, unit, rate, amount range, family, product name
    ("AmazonEC2", "BoxUsage:m5.large", "RunInstances", "Hrs", "0.096", (1, 1), "Compute Instance",
     "Amazon Elastic Compute Cloud"),
    ("AmazonEC2", "EBS:VolumeUsage.gp3", "CreateVolume-Gp3", "GB-Mo", "0.08", (0.01, 0.2),
     "Storage", "Amazon Elastic Compute Cloud"),
    ("AmazonEC2", "NatGateway-Bytes", "NatGateway", "GB", "0.045", (0.001, 3), "NAT Gateway",
     "Amazon Elastic Compute Cloud"),
    ("AmazonRDS", "Multi-AZUsage:db.r6g.large", "CreateDBInstance:0014", "Hrs", "0.45", (1, 1),
     "Database Instance", "Amazon Relational Database Service"),
    ("AmazonS3", "Requests-Tier1", "PutObject", "Requests", "0.000005", (1, 5000),
     "API Request", "Amazon Simple Storage Service"),
    ("AmazonS3", "TimedStorage-ByteHrs", "StandardStorage", "GB-Mo", "0.023", (0.01, 50),
     "Storage", "Amazon Simple Storage Service"),
    ("AWSELB", "LCUUsage", "LoadBalancing:Application", "LCU-Hrs", "0.008", (0.1, 20),
     "Load Balancer-Application", "Elastic Load Balancing"),
]


def fmt(x):
    s = f"{x:.10f}".rstrip("0").rstrip(".")
    return s or "0"


def lines(rng):
    i = 0
    while True:
        i += 1
        hour = i % 720
        day, h = 1 + hour // 24, hour % 24
        start = f"2026-11-{day:02}T{h:02}:00:00Z"
        end = f"2026-11-{day:02}T{h:02}:59:59Z" if h == 23 else f"2026-11-{day:02}T{h + 1:02}:00:00Z"
        if i % 5000 == 0:
            kind, code, ut, op, unit, rate, amount, family, name = (
                "Tax", "AmazonEC2", "", "", "", "", 1.0, "", "Amazon Elastic Compute Cloud")
            cost = round(rng.uniform(0.01, 5), 2)
        elif i % 7919 == 0:
            kind, code, ut, op, unit, rate, amount, family, name = (
                "Credit", "AmazonEC2", "", "", "", "", 0.0, "", "Amazon Elastic Compute Cloud")
            cost = -round(rng.uniform(0.01, 5), 2)
        else:
            code, ut, op, unit, rate, (lo, hi), family, name = USAGE[i % len(USAGE)]
            kind = "Usage"
            amount = round(rng.uniform(lo, hi), 6)
            cost = round(amount * float(rate), 10)
        resource = f"arn:aws:{code.lower()}:us-east-1:123456789012:res/{i % 20000:08x}-{rng.randrange(1 << 32):08x}"
        product = json.dumps({"product_name": name, "region": "us-east-1",
                              "servicecode": code, "usagetype": ut})
        tags = json.dumps({"user_Project": ["orders", "billing", "search"][i % 3],
                           "user_Environment": "production"})
        yield [
            f"{rng.getrandbits(120):030x}", f"{start}/{end}", "", "Amazon Web Services, Inc.", "AWS",
            "Anniversary", "123456789012", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z",
            "210987654321", kind, start, end, code, ut, op, "us-east-1a", resource, fmt(amount),
            "0", "USD", rate, fmt(cost), rate, fmt(cost),
            f"{rate} per {unit} for {ut}" if ut else "Tax for product code AmazonEC2",
            fmt(cost), rate, "OnDemand" if ut else "", unit, "us-east-1", code, family, product,
            tags,
        ]


def write_csv(path, target_bytes):
    import csv
    rng = random.Random(20261101)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for row in lines(rng):
            w.writerow(row)
            written += 1
            if written % 10000 == 0 and f.tell() >= target_bytes:
                break
    return written


def write_parquet(csv_path, out):
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    text = pa.string()
    types = {c: text for c in COLUMNS}
    for c in ("line_item_usage_amount", "line_item_unblended_cost", "line_item_blended_cost",
              "pricing_public_on_demand_cost", "line_item_normalization_factor"):
        types[c] = pa.float64()
    for c in ("bill_billing_period_start_date", "bill_billing_period_end_date",
              "line_item_usage_start_date", "line_item_usage_end_date"):
        types[c] = pa.timestamp("ms", tz="UTC")
    reader = pacsv.open_csv(
        csv_path,
        read_options=pacsv.ReadOptions(block_size=16 << 20),
        convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False),
    )
    m = pa.map_(pa.string(), pa.string())
    writer = None
    for batch in reader:
        cols = {}
        for name in batch.schema.names:
            col = batch.column(name)
            if name in ("product", "resource_tags"):
                col = pa.array([list(json.loads(v).items()) for v in col.to_pylist()], m)
            cols[name] = col
        table = pa.table(cols)
        if writer is None:
            writer = pq.ParquetWriter(out, table.schema, compression="snappy")
        writer.write_table(table, row_group_size=256 * 1024)
    writer.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mb", type=int, default=1000, help="size of the CSV in MB (10^6 bytes)")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--gzip", action="store_true", help="also write OUTPUT.gz")
    p.add_argument("--parquet", action="store_true", help="also write OUTPUT with .parquet")
    a = p.parse_args()
    n = write_csv(a.output, a.mb * 1_000_000)
    print(f"{a.output}: {n} lines")
    if a.gzip:
        with open(a.output, "rb") as src, gzip.open(a.output + ".gz", "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        print(f"{a.output}.gz")
    if a.parquet:
        out = a.output.rsplit(".", 1)[0] + ".parquet"
        write_parquet(a.output, out)
        print(out)


if __name__ == "__main__":
    main()
