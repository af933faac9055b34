# Entry points a developer runs; each installs what is missing first (scripts/setup.sh).
.DEFAULT_GOAL := help
SHELL := /bin/bash
export PATH := /usr/local/bin:$(PATH)

.PHONY: help run test
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: ## Build and start the API on the embedded database (./data)
	@scripts/setup.sh
	@npm run --silent build
	@node dist/apps/api/src/main.js

test: ## Install what is missing, then run every test and check
	@scripts/setup.sh --with-test-tools
	@scripts/test.sh
