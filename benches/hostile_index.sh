#!/usr/bin/env bash
# Peak memory of `pricing update` against a mirror whose indexes are made of millions of empty
# arrays (issue 16): memory must be bounded by what is kept, not by what is parsed.
#
#   benches/hostile_index.sh [BINARY] [MEGABYTES] [all]
#
# Serves, from 127.0.0.1 only (python3's http.server on a free port), an offer index of MEGABYTES
# (default 60) of `[],` followed by the real offers (from tests/fixtures), each pointing to a
# region index. With `all`, every region index is as big as well (do NOT use `all` with a binary
# that builds a serde_json::Value per index: eleven of them need about 15 GB). The run ends with
# exit 5 when the first offer file is fetched (404): only the indexes are measured. Prints the
# exit code and the peak RSS from /usr/bin/time -v. BINARY defaults to target/release/costplan.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/costplan}
MB=${2:-60}
ALL=${3:-}
[ -x "$BIN" ] || cargo build --release --quiet
WORK=$(mktemp -d /tmp/costplan-hostile.XXXXXX)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

python3 - "$WORK/www" "$MB" "$ALL" <<'PY'
import json, os, sys
root, mb, all_ = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "all"
offers = json.load(open("tests/fixtures/aws-price-list/offers-index.json"))["offers"]
base = os.path.join(root, "offers/v1.0/aws")
os.makedirs(base, exist_ok=True)
def junk(f, n):
    # n // 3 empty arrays, each followed by a comma.
    units, per = n // 3, 1 << 20
    chunk = b"[]," * per
    for _ in range(units // per):
        f.write(chunk)
    f.write(b"[]," * (units % per))
size = mb * 1024 * 1024
with open(os.path.join(base, "index.json"), "wb") as f:
    f.write(b'{"junk":[')
    junk(f, size)
    f.write(b'[]],"offers":{')
    f.write(",".join('"%s":{"currentRegionIndexUrl":"/offers/v1.0/aws/%s/current/region_index.json"}' % (c, c) for c in offers).encode())
    f.write(b"}}")
# One region index, hard-linked for every offer (the run stops at the first offer file, a 404).
shared = os.path.join(root, "region_index.json")
with open(shared, "wb") as f:
    f.write(b'{"junk":[')
    if all_:
        junk(f, size)
    f.write(b'[]],"regions":{"us-east-1":{"currentVersionUrl":"/missing/offer.json"}}}')
for c in offers:
    d = os.path.join(base, c, "current")
    os.makedirs(d, exist_ok=True)
    os.link(shared, os.path.join(d, "region_index.json"))
PY

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/www" >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),1)" 2>/dev/null && break
  sleep 0.1
done

echo "binary: $BIN; offer index: $(stat -c %s "$WORK/www/offers/v1.0/aws/index.json") bytes; region indexes: ${ALL:-small}"
set +e
/usr/bin/time -v "$BIN" pricing update --region us-east-1 --retries 0 \
  --base-url "http://127.0.0.1:$PORT" --out "$WORK/out" >"$WORK/stdout" 2>"$WORK/stderr"
set -e
grep -E "Exit status|Maximum resident set size|Elapsed \(wall" "$WORK/stderr" | sed 's/^\s*//'
grep -m1 "^error" "$WORK/stderr" || true
echo "files left in the table folder: $(ls -A "$WORK/out" 2>/dev/null | wc -l)"
