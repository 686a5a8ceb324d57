#!/usr/bin/env python3
"""FOCUS 1.2 as AWS Data Exports writes it ("FOCUS 1.2 with AWS columns"), typed by hand: no real
FOCUS 1.2 export is public. CSV, gzip CSV and Parquet. Writes tests/fixtures/bills/focus-1.2/ and is imported by
make_perturbed.py for its FOCUS 1.2 bill.

Columns: the 43 FOCUS 1.0 columns of AWS's "FOCUS 1.0 with AWS columns" table dictionary
(https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-0-aws-columns.html),
plus the 14 FOCUS 1.2 added and minus the two AWS columns it dropped, as AWS's migration page says
(https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-2-migrating.html: "57
FOCUS columns + 3 AWS columns (60 total)"; new: InvoiceIssuerId [the FOCUS 1.2 spec's `InvoiceId`],
CapacityReservationId, CapacityReservationStatus, CommitmentDiscountQuantity,
CommitmentDiscountUnit, ServiceSubcategory, SkuMeter, SkuPriceDetails, PricingCurrency,
PricingCurrencyEffectiveCost, PricingCurrencyListUnitPrice, PricingCurrencyContractedUnitPrice,
BillingAccountType, SubAccountType; removed: x_UsageType, "now the SkuMeter column", and
x_CostCategories, now in Tags; kept: x_Discounts, x_Operation, x_ServiceCode). Timestamps as AWS
writes them in CSV (`2026-11-01T00:00:00.000Z`), NULL-free empty fields for nulls, `Tags` and
`SkuPriceDetails` as JSON text. Without the `x_` columns (a FOCUS 1.2 file from a converter, or an
export that drops them) a bill is only as fine as `ServiceName`.

The three hand-typed lines of focus-1.2/ (month 2026-11, account 111122223333):
  Usage  AmazonEC2 NatGateway-Hours  1460 h   x 0.045 = 65.70
  Usage  AmazonS3  Requests-Tier1    200000   x 0.000005 = 1.00
  Credit AmazonEC2                               -5.00
  Tax    AmazonEC2                                6.17
  total 67.87, usage 66.70, AmazonEC2 66.87, AmazonS3 1.00 (tests/integration/bills.rs).

Run:  python3 tests/bills/make_focus12.py
"""

import csv
import gzip
import io
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "bills")

FOCUS_1_0 = [
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
    "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
    "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
    "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus",
    "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
    "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
    "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
    "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory",
    "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
]
FOCUS_1_2_NEW = [
    "InvoiceId", "CapacityReservationId", "CapacityReservationStatus",
    "CommitmentDiscountQuantity", "CommitmentDiscountUnit", "ServiceSubcategory", "SkuMeter",
    "SkuPriceDetails", "PricingCurrency", "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice", "PricingCurrencyContractedUnitPrice", "BillingAccountType",
    "SubAccountType",
]
AWS_COLUMNS = ["x_Discounts", "x_Operation", "x_ServiceCode"]
# FOCUS column order: alphabetical, AWS's x_ columns last.
COLUMNS = sorted(FOCUS_1_0 + FOCUS_1_2_NEW) + AWS_COLUMNS
assert len(COLUMNS) == 60

START, END = "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"
# ChargeCategory per CUR line item type (FOCUS 1.2 values; an RI fee is a recurring Purchase).
CATEGORY = {"Usage": "Usage", "Credit": "Credit", "Tax": "Tax", "RIFee": "Purchase"}


def row(line):
    """One FOCUS 1.2 row of a bill line (a dict: account, type, code, service, category, usage_type,
    operation, region, amount, unit, rate, cost, tags)."""
    kind = line["type"]
    usage = kind == "Usage"
    r = dict.fromkeys(COLUMNS, "")
    r.update({
        "BilledCost": line["cost"], "EffectiveCost": line["cost"],
        "BillingAccountId": line["account"], "BillingAccountName": "costplan test payer",
        "BillingAccountType": "Billing Account", "SubAccountType": "Linked Account",
        "BillingCurrency": "USD", "PricingCurrency": "USD",
        "PricingCurrencyEffectiveCost": line["cost"],
        "BillingPeriodStart": START, "BillingPeriodEnd": END,
        "ChargePeriodStart": START, "ChargePeriodEnd": END,
        "ChargeCategory": CATEGORY[kind],
        "ChargeFrequency": {"Usage": "Usage-Based", "RIFee": "Recurring"}.get(kind, "One-Time"),
        "ChargeDescription": line.get("description", ""),
        "InvoiceIssuerName": "Amazon Web Services, Inc.", "ProviderName": "AWS",
        "PublisherName": "Amazon Web Services, Inc.",
        "ServiceName": line["service"], "ServiceCategory": line["category"],
        "SubAccountId": line["account"], "SubAccountName": "orders",
        "RegionId": line.get("region", ""),
        "Tags": json.dumps(line.get("tags", {})),
        "x_ServiceCode": line["code"], "x_Operation": line.get("operation", ""),
        "SkuMeter": line.get("usage_type", ""),
    })
    if usage or kind == "RIFee":
        r.update({
            "ConsumedQuantity": line["amount"] if usage else "",
            "ConsumedUnit": line["unit"] if usage else "",
            "PricingQuantity": line["amount"], "PricingUnit": line["unit"],
            "ListUnitPrice": line["rate"], "ContractedUnitPrice": line["rate"],
            "PricingCurrencyListUnitPrice": line["rate"],
            "PricingCurrencyContractedUnitPrice": line["rate"],
            "ListCost": line["cost"], "ContractedCost": line["cost"],
            "PricingCategory": "Standard" if usage else "Committed",
        })
    return r


def csv_text(lines, columns=COLUMNS):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for line in lines:
        w.writerow(row(line))
    return buf.getvalue()


def write_gzip(path, text):
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(text.encode())


LINES = [
    {"account": "111122223333", "type": "Usage", "code": "AmazonEC2",
     "service": "Amazon Elastic Compute Cloud", "category": "Networking",
     "usage_type": "NatGateway-Hours", "operation": "NatGateway", "region": "us-east-1",
     "amount": "1460", "unit": "Hrs", "rate": "0.045", "cost": "65.70",
     "tags": {"user:Project": "orders"}},
    {"account": "111122223333", "type": "Usage", "code": "AmazonS3",
     "service": "Amazon Simple Storage Service", "category": "Storage",
     "usage_type": "Requests-Tier1", "operation": "PutObject", "region": "us-east-1",
     "amount": "200000", "unit": "Requests", "rate": "0.000005", "cost": "1.00"},
    {"account": "111122223333", "type": "Credit", "code": "AmazonEC2",
     "service": "Amazon Elastic Compute Cloud", "category": "Compute", "cost": "-5.00"},
    {"account": "111122223333", "type": "Tax", "code": "AmazonEC2",
     "service": "Amazon Elastic Compute Cloud", "category": "Compute", "cost": "6.17"},
]


DOUBLES = {"BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ConsumedQuantity",
           "PricingQuantity", "ListUnitPrice", "ContractedUnitPrice", "PricingCurrencyEffectiveCost",
           "PricingCurrencyListUnitPrice", "PricingCurrencyContractedUnitPrice",
           "CommitmentDiscountQuantity"}
TIMESTAMPS = {"BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"}


def write_parquet(lines, path):
    """FOCUS 1.2 as Parquet (Data Exports' default format): the dictionary's types, costs and
    quantities `double`, periods `timestamp_milliseconds` (UTC), `Tags` a map<string, string>."""
    import datetime as dt
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = [row(line) for line in lines]
    cols = {}
    for c in COLUMNS:
        values = [r[c] for r in rows]
        if c in DOUBLES:
            cols[c] = pa.array([float(v) if v != "" else None for v in values], pa.float64())
        elif c in TIMESTAMPS:
            cols[c] = pa.array([dt.datetime.fromisoformat(v.replace("Z", "+00:00")) for v in values],
                               pa.timestamp("ms", tz="UTC"))
        elif c == "Tags":
            cols[c] = pa.array([list(json.loads(v).items()) for v in values],
                               pa.map_(pa.string(), pa.string()))
        else:
            cols[c] = pa.array([v if v != "" else None for v in values], pa.string())
    pq.write_table(pa.table(cols), path, compression="snappy")


def main():
    out = os.path.join(ROOT, "focus-1.2")
    os.makedirs(out, exist_ok=True)
    text = csv_text(LINES)
    with open(os.path.join(out, "focus-1.2-aws-2026-11.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    write_gzip(os.path.join(out, "focus-1.2-aws-2026-11.csv.gz"), text)
    write_parquet(LINES, os.path.join(out, "focus-1.2-aws-2026-11.parquet"))
    plain = [c for c in COLUMNS if not c.startswith("x_")]
    with open(os.path.join(out, "focus-1.2-no-aws-columns-2026-11.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write(csv_text(LINES, plain))


if __name__ == "__main__":
    main()
