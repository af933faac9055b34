#!/usr/bin/env bash
# Fails (exit 1) when a SARIF file, or any *.sarif in a directory, holds an unsuppressed result whose
# rule has a security-severity at or above the threshold (CVSS-like: 7.0 = high, 9.0 = critical).
# CodeQL uploads its alerts but never fails a run on them; this turns its SARIF into a gate.
set -euo pipefail

target="${1:?usage: sarif-gate.sh <file.sarif|directory> <min-security-severity>}"
threshold="${2:?usage: sarif-gate.sh <file.sarif|directory> <min-security-severity>}"

if [ -d "$target" ]; then
  mapfile -t files < <(find "$target" -type f -name '*.sarif' | sort)
else
  files=("$target")
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "sarif-gate: no SARIF file under $target" >&2
  exit 2
fi

# Rules live in the driver or, for CodeQL query packs, in tool.extensions; results point at them by id.
findings="$(jq -r --argjson threshold "$threshold" '
  .runs[]
  | ([(.tool.driver.rules // [])[], ((.tool.extensions // [])[] | (.rules // [])[])]
     | map({key: .id, value: ((.properties["security-severity"] // "0") | tonumber)})
     | from_entries) as $severity
  | .results[]?
  | select(((.suppressions // []) | length) == 0)
  | (.ruleId // .rule.id) as $rule
  | ($severity[$rule] // 0) as $score
  | select($score >= $threshold)
  | "\($score)\t\($rule)\t\(.locations[0].physicalLocation.artifactLocation.uri // "?"):\(.locations[0].physicalLocation.region.startLine // 0)\t\(.message.text // "" | split("\n")[0])"
' "${files[@]}")"

if [ -n "$findings" ]; then
  count="$(printf '%s\n' "$findings" | wc -l)"
  echo "sarif-gate: $count result(s) with security-severity >= $threshold:"
  printf '%s\n' "$findings"
  exit 1
fi
echo "sarif-gate: no result with security-severity >= $threshold in ${#files[@]} file(s)"
