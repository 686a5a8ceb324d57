#!/bin/sh
# Times costplan's bill reader (`costplan::bill::totals`, through `examples/bill_totals.rs`) on a
# generated CUR 2.0 bill of about 1 GB: CSV, gzip CSV and Parquet, one core, release build; wall
# and CPU time and peak RSS from GNU time. Targets: CSV >= 200 MB/s of file on one core, < 100 MB
# peak RSS. See benches/README.md and docs/performance.md.
set -eu
cd "$(dirname "$0")/.."
BILL=${BILL:-/tmp/costplan-cur2-1g.csv}
[ -f "$BILL" ] && [ -f "$BILL.gz" ] && [ -f "${BILL%.csv}.parquet" ] \
  || python3 benches/gen_cur2.py --mb 1000 -o "$BILL" --gzip --parquet
cargo build --release --quiet --example bill_totals --bin costplan
for file in "$BILL" "$BILL.gz" "${BILL%.csv}.parquet"; do
  echo "== $file ($(stat -c %s "$file") bytes)"
  echo "-- bill::totals"
  taskset -c 0 /usr/bin/time -v target/release/examples/bill_totals "$file" 2>&1 \
    | grep -E 'MB/s|Elapsed \(wall|Maximum resident|User time|System time|Exit status'
  # The whole command: read, aggregate, match with the seed's estimate, render.
  echo "-- costplan actual scenarios/baseline.toml --bill $file"
  taskset -c 0 /usr/bin/time -v target/release/costplan actual scenarios/baseline.toml \
    --bill "$file" --format json -o /dev/null 2>&1 \
    | grep -E 'Elapsed \(wall|Maximum resident|User time|System time|Exit status'
done
