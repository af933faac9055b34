#!/usr/bin/env bash
# Every check the project has, in order; the first failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(node -p "process.versions.node.split(\".\")[0]" 2>/dev/null)" = "$(cat .nvmrc)" ] || export PATH=/usr/local/bin:$PATH

has_script() { node -e "process.exit(require('./package.json').scripts['$1'] ? 0 : 1)"; }

# build first: the process-level suites start the production build (dist/), as the image does.
for step in lint build test:cov test:fastify security:static test:dast test:container; do
  if has_script "$step"; then
    echo "=== npm run $step"
    npm run --silent "$step"
  fi
done
echo "=== all checks passed"
