# The plans integration service. `make run` and `make test` are the two set-up commands.
SHELL := /bin/bash
MVNW  := ./mvnw -B -ntp
JAVA  ?= java

.DEFAULT_GOAL := help
.PHONY: help build test lint format sync restart history

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: ## Build both executable jars (batch-job/target/batch-job.jar, search-api/target/search-api.jar)
	$(MVNW) -DskipTests package

test: ## Run every test against a real PostgreSQL (127.0.0.1:5432 if it answers, else an embedded one)
	$(MVNW) verify

lint: ## Check formatting (spring-javaformat) without running tests
	$(MVNW) -DskipTests spring-javaformat:validate

format: ## Apply the project's formatter
	$(MVNW) spring-javaformat:apply
