# Entry points a developer runs; each installs what is missing first (scripts/setup.sh).
.DEFAULT_GOAL := help
SHELL := /bin/bash
# Node 24 (.nvmrc): the one on PATH when it is 24, else the one scripts/setup.sh installs in /usr/local/bin.
ifneq ($(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null),$(shell cat .nvmrc))
export PATH := /usr/local/bin:$(PATH)
endif
OVERLAY ?= dev

.PHONY: help run test install-dev lint openapi bench docker-run k8s-deploy security-scan
help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: ## Build and start the API on the embedded database (./data)
	@scripts/setup.sh
	@npm run --silent build
	@node dist/apps/api/src/main.js

test: ## Install what is missing, then run every test and check
	@scripts/setup.sh --with-test-tools
	@scripts/test.sh

install-dev: ## Install Node 24, the npm packages and the Debian tools the checks use
	@scripts/setup.sh --with-test-tools

lint: ## ESLint, Prettier, tsc and the dependency (layer) rules
	@scripts/setup.sh
	@npm run --silent lint

openapi: ## Regenerate the committed OpenAPI contract (and the SDK) from the code
	@scripts/setup.sh
	@npm run --silent openapi

bench: ## Benchmark the production build on PostgreSQL against a bare node:http baseline
	@scripts/setup.sh
	@npm run --silent bench

docker-run: ## Build the image and start api, db, prometheus and grafana with docker-compose
	docker-compose up --build -d

k8s-deploy: ## kubectl apply -k deploy/overlays/$(OVERLAY) and wait for the rollout
	kubectl apply -k deploy/overlays/$(OVERLAY)
	kubectl -n book-library$(if $(filter dev,$(OVERLAY)),-dev,) rollout status deployment/book-library-api --timeout=5m

security-scan: ## Static security checks and the DAST scan of a local instance
	@scripts/setup.sh --with-test-tools
	@npm run --silent build
	@npm run --silent security:static
	@npm run --silent test:dast
