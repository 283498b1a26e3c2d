# The plans integration service. `make run` and `make test` are the two set-up commands.
SHELL := /bin/bash
MVNW  := ./mvnw -B -ntp
# The JDK for run/demo/sync/bench: $(JAVA) if given, else a JDK 21+ when the machine has one
# (virtual threads), else java 17 with a notice (db/src/local/find-java.sh); looked up once, when used.
JAVA  ?= $(eval JAVA := $$(shell sh db/src/local/find-java.sh))$(JAVA)
DATA  ?= .data
JOB_JAR := batch-job/target/batch-job.jar
# sync/restart/history talk to the running system's database (make run writes its URL to
# $(DATA)/datasource-url), or to SPRING_DATASOURCE_URL, or to 127.0.0.1:5432/plans.
DB_URL = $(or $(SPRING_DATASOURCE_URL),$(shell cat $(DATA)/datasource-url 2>/dev/null),jdbc:postgresql://127.0.0.1:5432/plans)
JOB = SPRING_DATASOURCE_URL=$(DB_URL) PLANS_IMPORT_STAGINGDIR=$${PLANS_IMPORT_STAGINGDIR:-$(DATA)/staging} $(JAVA) -jar $(JOB_JAR)
# The one-shot commands (sync, restart, abandon, history) run the job as its image does: the jar
# extracted into $(DATA)/job and started by run-job.sh, which keeps the JDK's AOT cache in
# $(DATA)/aot (JDK 24+: the first run records, the next assembles, later ones have the context up in
# 1.7-2.0 s instead of 3.2-3.5 s; README "Runtime: JDK, threads, logs"). PLANS_AOT=off runs without it.
JOB_HOME := $(DATA)/job
ONE_SHOT = STAGING=$$(realpath -m "$${PLANS_IMPORT_STAGINGDIR:-$(DATA)/staging}") && cd $(JOB_HOME) && \
	SPRING_DATASOURCE_URL=$(DB_URL) PLANS_IMPORT_STAGINGDIR=$$STAGING JAVA=$(JAVA) PLANS_AOT_DIR=$(abspath $(DATA))/aot sh run-job.sh

.DEFAULT_GOAL := help
.PHONY: help build test lint format run demo sync restart abandon history worker destroy

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: ## Build both executable jars (batch-job/target/batch-job.jar, search-api/target/search-api.jar)
	$(MVNW) -DskipTests package
	$(MVNW) -q -pl db dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test

test: ## Run every test against a real PostgreSQL (127.0.0.1:5432 if it answers, else an embedded one)
	$(MVNW) verify

lint: ## Check formatting (spring-javaformat) without running tests
	$(MVNW) -DskipTests spring-javaformat:validate

format: ## Apply the project's formatter
	$(MVNW) spring-javaformat:apply

run: build ## The whole system: database, scheduled import (real provider), search API on :8080; Ctrl-C stops
	JAVA="$(JAVA)" sh db/src/local/run-system.sh run

demo: build ## Same as run, against a local provider serving the bundled fixture answers in turn (no internet)
	JAVA="$(JAVA)" sh db/src/local/run-system.sh demo

sync: $(JOB_HOME)/run-job.sh ## Run one import now (every provider, or one: make sync P=<name>; exit code 0 completed, 1 failed or stopped, 3 already running, 4 circuit open)
	@$(ONE_SHOT) $(if $(P),--provider=$(P))

restart: $(JOB_HOME)/run-job.sh ## Restart the last failed import run (or a given one: make restart ID=<jobExecutionId>; a provider's: P=<name>)
	@$(ONE_SHOT) --restart$(if $(ID),=$(ID)) $(if $(P),--provider=$(P))

abandon: ## Give up a failed or stopped import run for good (make abandon ID=<jobExecutionId>): no restart, staged feed removed
	@test -n "$(ID)" || { echo "usage: make abandon ID=<jobExecutionId> (see make history)" >&2; exit 64; }
	@$(MAKE) -s $(JOB_HOME)/run-job.sh
	@$(ONE_SHOT) --abandon=$(ID)

history: $(JOB_HOME)/run-job.sh ## Print the last import runs from the Spring Batch tables (make history N=50, one provider's: P=<name>)
	@$(ONE_SHOT) --history=$(or $(N),20) $(if $(P),--provider=$(P)) --logging.level.root=WARN

$(JOB_JAR):
	$(MVNW) -q -pl batch-job -am -DskipTests package

# Extracted again whenever the jar or the script is newer.
$(JOB_HOME)/run-job.sh: $(JOB_JAR) batch-job/src/main/docker/run-job.sh
	@rm -rf $(JOB_HOME) && mkdir -p $(DATA)/aot
	@$(JAVA) -Djarmode=tools -jar $(JOB_JAR) extract --destination $(JOB_HOME) >/dev/null
	@cp batch-job/src/main/docker/run-job.sh $@

worker: $(JOB_JAR) ## Run a partition worker (remote partitioning over RabbitMQ on 127.0.0.1:5672): imports the providers' partitions a manager sends
	@$(JOB) --worker --plans.partition.remote=true

destroy: ## Remove the local data (.data/: embedded database, staged feeds, logs) and compose volumes
	rm -rf $(DATA)
	@if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then $(MAKE) compose-destroy; fi

# --- deploy: compose, kubernetes, k6 ---
# Compose v2 (`docker compose`) when the Docker CLI has it, else the standalone v1 `docker-compose`.
COMPOSE = $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)
# Where a local k6 sends its load (the compose load balancer by default); extra k6 flags in K6_ARGS,
# e.g. make k6-extreme K6_ARGS="-e PEAK_RPS=2000"
BASE_URL ?= http://localhost:8080
K6_ARGS  ?=

.PHONY: up down logs compose-destroy k6-light k6-medium k6-heavy k6-extreme check-deploy

up: ## Compose: build the images and start postgres, batch-job (scheduled), 2 search-api replicas, lb on :8080
	$(COMPOSE) up -d --build
	@echo "search API (load balancer): http://localhost:8080/search?starts_at=2021-01-01T00:00:00Z&ends_at=2022-01-01T00:00:00Z"

down: ## Compose: stop and remove the containers (volumes are kept)
	$(COMPOSE) --profile k6 down --remove-orphans

logs: ## Compose: follow the logs of every service
	$(COMPOSE) logs -f --tail=200

compose-destroy: ## Compose: remove the containers and the volumes (database, staged feed)
	$(COMPOSE) --profile k6 down --volumes --remove-orphans

# A local k6 when there is one (against BASE_URL); else grafana/k6 in compose against the lb.
define k6_run
	@if command -v k6 >/dev/null 2>&1; then \
	  echo "k6 run k6/$(1).js against $(BASE_URL)"; \
	  k6 run -e BASE_URL=$(BASE_URL) $(K6_ARGS) k6/$(1).js; \
	else \
	  echo "no local k6: running grafana/k6 in compose against http://lb:8080"; \
	  $(COMPOSE) --profile k6 run --rm k6 run $(K6_ARGS) /scripts/$(1).js; \
	fi
endef

k6-light: ## Load test: a few users for ~2 min (k6/light.js)
	$(call k6_run,light)

k6-medium: ## Load test: 25 users for ~5 min (k6/medium.js)
	$(call k6_run,medium)

k6-heavy: ## Load test: 100 users, spike to 200, ~9 min (k6/heavy.js)
	$(call k6_run,heavy)

k6-extreme: ## Load test: arrival rate up to 5000 requests/s (k6/extreme.js)
	$(call k6_run,extreme)

check-deploy: ## Validate compose, Dockerfiles, Kubernetes manifests and k6 scripts (no Docker engine needed)
	bash .ci/check-deploy

# --- search-api ---
API_URL ?= http://localhost:8080
SEARCH_API_JAR := search-api/target/search-api.jar
.PHONY: run-api test-api compare-apis

run-api: ## Run the search API jar (builds it if missing); SERVER_PORT, SPRING_DATASOURCE_URL, PLANS_SEARCH_* apply
	@test -f $(SEARCH_API_JAR) || $(MVNW) -pl search-api -am -DskipTests package
	$(JAVA) -jar $(SEARCH_API_JAR)

test-api: ## Run the search API's tests only (and build the db module it needs)
	$(MVNW) -pl search-api -am verify

compare-apis: ## Check that a running API (API_URL, default http://localhost:8080) serves the committed contract and answers per it
	$(MVNW) -pl search-api -am test -Dtest=RunningApiContractCheck -Dsurefire.failIfNoSpecifiedTests=false -Dapi.url=$(API_URL)

# --- bench ---
# Benchmarks side by side with ceilings measured in the same run (bench/bench.sh):
# import vs psql \copy + INSERT ... ON CONFLICT, cached search vs nginx serving the same bodies,
# uncached search vs pgbench running the same SQL, latency at a fixed 5k requests/s. The table goes
# to bench/results/bench-latest.md (quick runs: target/bench/bench-quick.md).
QUICK ?= 0
.PHONY: bench bench-quick

bench: ## Benchmarks vs their ceilings (~17 min; installs wrk, nginx, pgbench if missing); QUICK=1 for a short run
	QUICK=$(QUICK) JAVA=$(JAVA) bash bench/bench.sh

bench-quick: ## The quick benchmark (small feed, 5 s load tests, no 1 GB feed): make bench QUICK=1
	QUICK=1 JAVA=$(JAVA) bash bench/bench.sh
