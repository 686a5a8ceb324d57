# Snippet for .ci/run from the finance-ci branch (the lead merges it; source it before the tests):
#   source .ci/needs-libreoffice.sh
# Installs LibreOffice Calc (headless, from Debian's packages) for the CSV round-trip test in
# tests/integration/finance/libreoffice.rs, and makes that test fail rather than skip without it.
# Also cmark-gfm, GitHub's Markdown renderer, for the test that renders the hostile PR comment.
# Measured on the 2-core CI machine: install about 16 s (apt-get update included), test about 5 s.
if ! command -v soffice >/dev/null 2>&1 || ! command -v cmark-gfm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui cmark-gfm >/dev/null
fi
export COSTPLAN_REQUIRE_LIBREOFFICE=1
