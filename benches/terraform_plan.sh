#!/bin/sh
# Times `costplan estimate` of a generated Terraform plan of 10,000 resources (about 50 MB) on one
# core, release build: wall time and peak RSS from GNU time. See benches/README.md.
set -eu
cd "$(dirname "$0")/.."
PLAN=${PLAN:-/tmp/costplan-plan-10k.json}
[ -f "$PLAN" ] || python3 benches/gen_plan.py --resources 10000 -o "$PLAN"
cargo build --release --quiet
for format in table json; do
  echo "== estimate --format $format"
  taskset -c 0 /usr/bin/time -v target/release/costplan estimate "$PLAN" --format "$format" \
    -o /tmp/costplan-plan-10k.out 2>&1 \
    | grep -E 'Elapsed \(wall|Maximum resident|User time|System time|Exit status'
done
