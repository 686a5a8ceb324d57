#!/usr/bin/env bash
# Regenerates tests/terraform/<case>/plan.json with the real Terraform, offline.
#
#   tests/terraform/regenerate.sh [--out DIR] [CASE...]
#
# With no CASE, every directory here holding .tf files. Each case is copied to a temporary
# directory and planned there (`terraform init -plugin-dir`, `terraform plan -refresh=false`,
# `terraform show -json`), so no .terraform/, lock file or state lands in the repository. The
# only change made to Terraform's output is dropping the volatile top-level `timestamp` field.
# With --out DIR the plans go to DIR/<case>/plan.json instead (the tools test compares those
# with the committed ones). A case with a `state.tfstate` is planned against that state
# (copied as terraform.tfstate); a case with a `plan-args` file passes its words to
# `terraform plan` (e.g. -destroy).
#
# Environment: TERRAFORM (default: terraform on the PATH), TF_PLUGIN_DIR (default
# /opt/tf-plugins, a mirror holding hashicorp/aws 5.100.0).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
terraform="${TERRAFORM:-terraform}"
plugin_dir="${TF_PLUGIN_DIR:-/opt/tf-plugins}"
out=""
if [ "${1:-}" = "--out" ]; then
  out="$2"
  shift 2
fi

if ! command -v "$terraform" >/dev/null; then
  echo "regenerate.sh: \`$terraform\` is not on the PATH (Terraform 1.11 is needed)" >&2
  exit 2
fi
if [ ! -d "$plugin_dir" ]; then
  echo "regenerate.sh: no provider mirror at $plugin_dir (set TF_PLUGIN_DIR)" >&2
  exit 2
fi

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for dir in "$here"/*/; do
    compgen -G "$dir*.tf" >/dev/null && cases+=("$(basename "$dir")")
  done
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# No user CLI configuration (nothing from the network), no update check, plain output.
: >"$tmp/terraformrc"
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_DATA_DIR TF_WORKSPACE

for case in "${cases[@]}"; do
  src="$here/$case"
  if ! compgen -G "$src/*.tf" >/dev/null; then
    echo "regenerate.sh: $src holds no .tf files" >&2
    exit 2
  fi
  work="$tmp/$case"
  mkdir -p "$work"
  # The sources only: .tf files and modules/ (not plan.json or the usage files).
  cp "$src"/*.tf "$work/"
  [ -d "$src/modules" ] && cp -r "$src/modules" "$work/"
  [ -f "$src/state.tfstate" ] && cp "$src/state.tfstate" "$work/terraform.tfstate"
  plan_args=()
  [ -f "$src/plan-args" ] && read -r -a plan_args <"$src/plan-args"

  (
    cd "$work"
    "$terraform" init -input=false -no-color -backend=false -plugin-dir="$plugin_dir" >init.log 2>&1 \
      || { cat init.log >&2; exit 1; }
    "$terraform" plan -input=false -no-color -refresh=false -lock=false "${plan_args[@]}" -out=plan.bin \
      >plan.log 2>&1 || { cat plan.log >&2; exit 1; }
    "$terraform" show -no-color -json plan.bin >plan.raw.json
  )
  dest="${out:+$out/$case}"
  dest="${dest:-$src}"
  mkdir -p "$dest"
  # Drop the top-level `"timestamp":"…"` (Terraform writes it just before "applyable"); the rest
  # stays byte for byte.
  sed -E 's/,"timestamp":"[^"]*","applyable":/,"applyable":/' "$work/plan.raw.json" >"$work/plan.json"
  if ! grep -q ',"applyable":' "$work/plan.json" || grep -q ',"timestamp":"[^"]*","applyable":' "$work/plan.json"; then
    echo "regenerate.sh: $case: could not drop the plan's timestamp" >&2
    exit 1
  fi
  # Terraform lists `relevant_attributes` in a different order from run to run (a Go map): keep
  # the committed file when that order is the only difference, so regenerating causes no churn
  # (checked with jq when it is installed; without jq the plan is always rewritten).
  canonical() { jq -S 'if has("relevant_attributes") then .relevant_attributes |= sort else . end' "$1"; }
  same() {
    command -v jq >/dev/null && canonical "$1" >"$tmp/a.json" && canonical "$2" >"$tmp/b.json" \
      && cmp -s "$tmp/a.json" "$tmp/b.json"
  }
  if [ -f "$dest/plan.json" ] && same "$work/plan.json" "$dest/plan.json"; then
    echo "$case: unchanged"
  else
    cp "$work/plan.json" "$dest/plan.json"
    echo "$case: $(grep -o '"change":{"actions"' "$dest/plan.json" | wc -l) resource changes -> $dest/plan.json"
  fi
done
