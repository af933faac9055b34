# Entry points a developer runs; each installs what is missing first (scripts/setup.sh).
.DEFAULT_GOAL := help
SHELL := /bin/bash
# Node 24 (.nvmrc): the one on PATH when it is 24, else the one scripts/setup.sh installs in /usr/local/bin.
ifneq ($(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null),$(shell cat .nvmrc))
export PATH := /usr/local/bin:$(PATH)
endif

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
