#!/usr/bin/env python3
"""Writes the CUR 2.0 test bills in tests/bills/cur2/ (no real CUR 2.0 export is public).

Columns and types follow AWS's Data Exports "CUR 2.0 table dictionary"
(https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html and its pages
table-dictionary-cur2-product.html, table-dictionary-cur2-resource-tags.html: `product` and
`resource_tags` are `map<string, string>`; `bill_billing_period_start_date` a timestamp;
`line_item_unblended_cost` and `line_item_usage_amount` doubles; `product_region_code` a string).
CSV writes the maps as JSON text, Parquet as MAP columns. The six lines are typed by hand; their
sums are worked in tests/integration/bills.rs (`cur2_bills_read_alike`):
  usage 51.6 + 0.045 + 0.0000000181 = 51.6450000181; tax 5.16; credit -10; RIFee 20
  total 66.8050000181.
Run:  python3 tests/bills/make_cur2.py   (needs pyarrow)
"""

import csv
import datetime as dt
import gzip
import io
import json
import os

import pyarrow as pa
import pyarrow.parquet as pq

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cur2")
START = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
# (account, type, product code, usage type, operation, region, amount, cost text, unit, product, tags)
LINES = [
    ("011254002932", "Usage", "AmazonEC2", "USE1-BoxUsage:t3.medium", "RunInstances", "us-east-1",
     "1240", "51.6", "Hrs", {"product_name": "Amazon Elastic Compute Cloud", "instance_type": "t3.medium"},
     {"user_Project": "orders"}),
    ("011254002932", "Usage", "AmazonEC2", "USE1-NatGateway-Bytes", "NatGateway", "us-east-1",
     "1", "0.045", "GB", {"product_name": "Amazon Elastic Compute Cloud"}, {"user_Project": "orders"}),
    ("011254002932", "Usage", "AmazonS3", "USE1-Requests-Tier1", "PutObject", "us-east-1",
     "3.62E-3", "1.81E-8", "Requests", {"product_name": "Amazon Simple Storage Service"}, {}),
    ("011254002932", "Tax", "AmazonEC2", "", "", "", "1", "5.16", "", {}, {}),
    ("011254002932", "Credit", "AmazonEC2", "", "", "", "0", "-10", "", {}, {}),
    ("011254002932", "RIFee", "AmazonEC2", "HeavyUsage:t3.medium", "RunInstances", "us-east-1",
     "720", "20", "Hrs", {"product_name": "Amazon Elastic Compute Cloud"}, {}),
]
COLUMNS = ["identity_line_item_id", "bill_billing_period_start_date", "bill_billing_period_end_date",
           "line_item_usage_account_id", "line_item_line_item_type", "line_item_product_code",
           "line_item_usage_type", "line_item_operation", "product_region_code",
           "line_item_usage_amount", "line_item_unblended_cost", "line_item_currency_code",
           "pricing_unit", "product", "resource_tags"]


def csv_text():
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for i, (acct, kind, code, ut, op, region, amt, cost, unit, product, tags) in enumerate(LINES):
        w.writerow([f"line{i}", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", acct, kind,
                    code, ut, op, region, amt, cost, "USD", unit, json.dumps(product),
                    json.dumps(tags)])
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    text = csv_text()
    with open(os.path.join(OUT, "cur2-2026-11.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    with open(os.path.join(OUT, "cur2-2026-11.csv.gz"), "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(text.encode())
    end = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    m = pa.map_(pa.string(), pa.string())
    cols = {
        "identity_line_item_id": pa.array([f"line{i}" for i in range(len(LINES))]),
        "bill_billing_period_start_date": pa.array([START] * len(LINES), pa.timestamp("ms", tz="UTC")),
        "bill_billing_period_end_date": pa.array([end] * len(LINES), pa.timestamp("ms", tz="UTC")),
        "line_item_usage_account_id": pa.array([l[0] for l in LINES]),
        "line_item_line_item_type": pa.array([l[1] for l in LINES]),
        "line_item_product_code": pa.array([l[2] for l in LINES]),
        "line_item_usage_type": pa.array([l[3] for l in LINES]),
        "line_item_operation": pa.array([l[4] for l in LINES]),
        "product_region_code": pa.array([l[5] for l in LINES]),
        "line_item_usage_amount": pa.array([float(l[6]) for l in LINES], pa.float64()),
        "line_item_unblended_cost": pa.array([float(l[7]) for l in LINES], pa.float64()),
        "line_item_currency_code": pa.array(["USD"] * len(LINES)),
        "pricing_unit": pa.array([l[8] for l in LINES]),
        "product": pa.array([list(l[9].items()) for l in LINES], m),
        "resource_tags": pa.array([list(l[10].items()) for l in LINES], m),
    }
    pq.write_table(pa.table(cols), os.path.join(OUT, "cur2-2026-11.parquet"), compression="snappy")


if __name__ == "__main__":
    main()
