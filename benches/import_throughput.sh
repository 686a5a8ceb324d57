#!/usr/bin/env bash
# Import throughput and peak memory on an AmazonEC2-shaped offer file, side by side with jq
# extracting the same products (the NAT gateway products and their on-demand terms).
#
#   benches/import_throughput.sh [FILE] [MEGABYTES]
#
# Generates FILE (default /tmp/AmazonEC2-us-east-1-bench.json, 1100 MB) if missing; never commits
# it. Needs /usr/bin/time (GNU time) and jq (`apt-get install -y jq`).
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/AmazonEC2-us-east-1-bench.json}
MB=${2:-1100}
OUT=$(mktemp -d /tmp/costplan-bench-out.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

if [ ! -f "$FILE" ]; then
  cargo bench --quiet --bench gen_ec2_offer -- "$FILE" "$MB"
fi
cargo bench --quiet --bench import_offer --no-run 2>/dev/null
BIN=$(ls -t target/release/deps/import_offer-* | grep -v '\.d$' | head -1)
BYTES=$(stat -c %s "$FILE")
echo "file: $FILE ($BYTES bytes)"

measure() { # label, command...
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >"$log.out" 2>"$log"
  local secs cpu rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  # Wall-clock MB/s depends on what else the machine runs; MB per CPU-second (user + system)
  # is the one-core throughput.
  awk -v l="$label" -v b="$BYTES" -v s="$secs" -v c="$cpu" -v r="$rss" \
    'BEGIN { printf "%-9s wall %7.2f s = %7.1f MB/s | cpu %7.2f s = %7.1f MB/s per core | peak RSS %8.1f MB\n", l, s, b/1e6/s, c, b/1e6/c, r/1024 }'
  head -c 400 "$log.out"; echo
  rm -f "$log" "$log.out"
}

# Warm the page cache so both readers see the same conditions.
cat "$FILE" >/dev/null
measure costplan "$BIN" --region us-east-1 --out "$OUT" "$FILE"
measure jq jq -c '
  .products as $p | .terms.OnDemand as $od
  | [ $p[] | select(.productFamily == "NAT Gateway"
        and (.attributes.usagetype | test("^([A-Z]{2,4}[0-9]?-)?NatGateway-(Hours|Bytes)$"))
        and .attributes.regionCode == "us-east-1")
      | {sku, usagetype: .attributes.usagetype, terms: $od[.sku]} ]' "$FILE"
