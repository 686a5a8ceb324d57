#!/usr/bin/env python3
"""Runs costplan's bill aggregation query for real, for tests/tools/sql.rs.

Reads a JSON job file (argv[1]):
  {"run":   [{"bill": PATH, "kind": "cur2-csv" | "cur2-parquet" | "legacy-csv" | "legacy-parquet",
              "sql": PATH, "out": PATH}, ...],
   "parse": [{"sql": PATH, "read": "trino" | "spark"}, ...]}
For each `run` job it makes the bill file a DuckDB view named `bill` with the column names and
types of the table the query is written for (CUR 2.0 from Data Exports, or the legacy CUR's Athena
integration: snake_case names, costs as DOUBLE, the billing period start a TIMESTAMP, CUR 2.0
`resource_tags` a MAP), runs the DuckDB-dialect query and writes its result as CSV to `out`.
For each `parse` job it parses the Athena or Spark text with sqlglot (a real SQL parser); a
parse error fails the run. The Rust test then reads every result with costplan and compares it
with the raw bill.

Needs duckdb and sqlglot from PyPI (.ci/run pins them).
"""

import json
import sys

import duckdb
import sqlglot
from sqlglot.errors import ParseError

# snake_case name (as the query uses it) -> legacy CUR CSV header.
LEGACY_CSV = {
    "bill_billing_period_start_date": "bill/BillingPeriodStartDate",
    "line_item_usage_account_id": "lineItem/UsageAccountId",
    "line_item_line_item_type": "lineItem/LineItemType",
    "line_item_product_code": "lineItem/ProductCode",
    "line_item_usage_type": "lineItem/UsageType",
    "line_item_operation": "lineItem/Operation",
    "product_region": "product/region",
    "line_item_currency_code": "lineItem/CurrencyCode",
    "line_item_usage_amount": "lineItem/UsageAmount",
    "line_item_unblended_cost": "lineItem/UnblendedCost",
}
TEXT = ["line_item_usage_account_id", "line_item_line_item_type", "line_item_product_code",
        "line_item_usage_type", "line_item_operation", "line_item_currency_code"]
AMOUNTS = ["line_item_usage_amount", "line_item_unblended_cost"]


def q(ident):
    return '"' + ident.replace('"', '""') + '"'


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def view_sql(kind, path):
    src = ("read_parquet(" + lit(path) + ")" if kind.endswith("parquet")
           else "read_csv(" + lit(path) + ", all_varchar = true, header = true)")
    region = "product_region" if kind.startswith("legacy") else "product_region_code"
    name = (lambda c: LEGACY_CSV[c]) if kind == "legacy-csv" else (lambda c: c)
    cols = []
    start = q(name("bill_billing_period_start_date"))
    if kind.endswith("csv"):
        # `2026-11-01T00:00:00.000Z` -> TIMESTAMP '2026-11-01 00:00:00' (UTC, as Athena has it).
        cols.append(f"CAST(replace(substr({start}, 1, 19), 'T', ' ') AS TIMESTAMP) "
                    "AS bill_billing_period_start_date")
        for c in AMOUNTS:
            cols.append(f"CAST({q(name(c))} AS DOUBLE) AS {c}")
    else:
        cols.append(f"CAST({start} AS TIMESTAMP) AS bill_billing_period_start_date")
        for c in AMOUNTS:
            cols.append(f"CAST({q(c)} AS DOUBLE) AS {c}")
    for c in TEXT + [region]:
        cols.append(f"CAST({q(name(c))} AS VARCHAR) AS {c}")
    if kind == "cur2-csv":
        cols.append("CAST(CAST(resource_tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS resource_tags")
    elif kind == "cur2-parquet":
        cols.append("resource_tags")
    return "CREATE OR REPLACE VIEW bill AS SELECT " + ", ".join(cols) + " FROM " + src


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        jobs = json.load(f)
    failures = []
    for job in jobs.get("parse", []):
        with open(job["sql"], encoding="utf-8") as f:
            text = f.read()
        try:
            tree = sqlglot.parse_one(text, read=job["read"])
            if tree is None or tree.key != "select":
                failures.append(f"{job['sql']}: sqlglot read no SELECT ({job['read']})")
        except ParseError as e:
            failures.append(f"{job['sql']}: sqlglot ({job['read']}): {e}")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for job in jobs.get("run", []):
        with open(job["sql"], encoding="utf-8") as f:
            text = f.read()
        try:
            con.execute(view_sql(job["kind"], job["bill"]))
            con.execute(f"COPY ({text}) TO {lit(job['out'])} (HEADER, DELIMITER ',')")
        except duckdb.Error as e:
            failures.append(f"{job['bill']} ({job['kind']}): duckdb: {e}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    print(f"ok: {len(jobs.get('run', []))} queries run, {len(jobs.get('parse', []))} parsed")


if __name__ == "__main__":
    main()
