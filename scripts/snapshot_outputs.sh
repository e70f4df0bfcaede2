#!/usr/bin/env bash
# Dump every offline output (Report JSON without duration_ms, Markdown report, Markdown and HTML briefings)
# for the fixture, example and ../shared articles into DIR, so a refactor can be diffed byte for byte:
#   scripts/snapshot_outputs.sh /tmp/before   ...change...   scripts/snapshot_outputs.sh /tmp/after
#   diff -r /tmp/before /tmp/after
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/snapshot_outputs.sh DIR}
bin=${REPORTGEN_BIN:-.venv/bin/reportgen}
rm -rf "$out"; mkdir -p "$out"
home=$(mktemp -d); trap 'rm -rf "$home"' EXIT
export REPORTGEN_HOME="$home"
shared=(../shared/samples/*.txt ../shared/pages/*.txt)
own=(examples/*.txt tests/fixtures/*/*.txt)
for set in own shared; do
  declare -n files=$set
  mkdir -p "$out/$set/json" "$out/$set/md"
  "$bin" summarize "${files[@]}" --out-dir "$out/$set/json"
  "$bin" summarize "${files[@]}" --format md --out-dir "$out/$set/md"
  "$bin" brief "${files[@]}" -o "$out/$set/briefing.md" --title "snapshot" --no-cache >/dev/null 2>&1
  rm -rf "$home/briefings"
  "$bin" brief "${files[@]}" -o "$out/$set/briefing.html" --title "snapshot" --no-cache >/dev/null 2>&1
  rm -rf "$home/briefings"
done
# duration_ms is the one field that differs between runs
find "$out" -name '*.json' -exec sed -i -E 's/"duration_ms": [0-9.]+/"duration_ms": 0/' {} +
find "$out" -name '*.md' -path '*/md/*' -exec sed -i -E 's/[0-9]+ ms/N ms/g' {} +
echo "snapshot in $out: $(find "$out" -type f | wc -l) files"
