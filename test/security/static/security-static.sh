#!/usr/bin/env bash
# `npm run security:static`: every static security check; the first finding fails the build.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bin=node_modules/.bin

echo "--- eslint (eslint-plugin-security, eslint-plugin-no-secrets)"
"$bin/eslint" --max-warnings 0 .

echo "--- secretlint (recommended preset) over the repository"
"$bin/secretlint" --secretlintrc .secretlintrc.json --secretlintignore .secretlintignore '**/*'

echo "--- lockfile policy (lockfile-lint + integrity/registry checks)"
node test/security/static/check-lockfile.mjs package-lock.json

echo "--- CycloneDX SBOM"
node test/security/static/sbom.mjs dist/sbom.cdx.json
