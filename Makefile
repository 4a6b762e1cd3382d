# The two commands of the README are `make run` and `make test`; the other
# targets are their parts.
SHELL := /bin/bash
.DEFAULT_GOAL := run
GO ?= go
BIN := bin/huhang

.PHONY: run test services web build go-test web-test e2e lint bench lighthouse clean

## run: prepare PostgreSQL and Redis, build, migrate, load demo data, serve on :8080
run: services web build
	@bash deploy/dev-env.sh
	$(BIN) migrate up
	$(BIN) seed demo
	@echo
	@echo "护航 is starting on http://localhost:8080  (Ctrl-C stops it)"
	@echo
	$(BIN) serve --with-worker

## test: everything CI checks. The Go tests spend much of their time
## waiting on PostgreSQL and Redis, so the client's build and unit tests (and
## the binary that embeds it) run beside them; their output follows the Go
## tests' and either failing fails the run. The browser tests need both.
test: services lint
	@mkdir -p bin; set -o pipefail; \
	( $(MAKE) --no-print-directory web-test build > bin/web-test.log 2>&1; echo $$? > bin/web-test.rc ) & \
	web=$$!; \
	$(MAKE) --no-print-directory go-test; go_rc=$$?; \
	wait $$web; cat bin/web-test.log; \
	[ $$go_rc -eq 0 ] && [ "$$(cat bin/web-test.rc)" -eq 0 ]
	@$(MAKE) --no-print-directory e2e

services:
	@bash deploy/services.sh

## web: build the web client into internal/webui/dist (embedded by the Go build)
web:
	@bash deploy/web-build.sh

build:
	$(GO) build -o $(BIN) ./cmd/huhang

lint:
	@unformatted="$$(gofmt -l cmd internal migrations)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# Two tests run without -race, in their own step that prints what they
# measure: the 100,000-finding ledger export (instrumentation would swamp
# the peak memory it checks) and the alert fault test (two worker processes,
# a Redis restart and a killed worker; it prints expected/delivered/duplicates).
# The two run beside the race tests, which leave the CPU idle while they
# wait on the databases; their output follows.
go-test:
	@mkdir -p bin; set -o pipefail; \
	( $(GO) test -count=1 -run '^(TestExportHundredThousandFindings|TestAlertsSurviveARedisRestartAndAWorkerKilledMidBatch)$$' -v \
		./internal/inspections/ ./cmd/huhang/ > bin/measured-test.log 2>&1; echo $$? > bin/measured-test.rc ) & \
	measured=$$!; \
	$(GO) test -race -count=1 ./...; race_rc=$$?; \
	wait $$measured; grep -E '^(--- |ok|FAIL|panic)|export (xlsx|csv)|alert fault test' bin/measured-test.log; \
	[ $$race_rc -eq 0 ] && [ "$$(cat bin/measured-test.rc)" -eq 0 ] || { cat bin/measured-test.log | tail -50; exit 1; }

# vue-tsc and the Vite build run first: the browser tests need the client
# embedded in the binary that `build` makes afterwards.
web-test: web
	cd web && npm run test:unit

e2e:
	cd web && npx playwright test

## bench: performance targets, measured (never asserted in unit tests):
## Go benchmarks, Lighthouse (mobile) on the login page of a server started
## like the e2e one on its own port, then the load run over a generated
## province (deploy/bench.sh), which prints the table of docs/performance.md
## A Lighthouse figure below its target fails `make bench`, but only after
## the benchmarks and the load run have printed theirs.
BENCH_PORT ?= 18180
bench: services web build
	@status=0; $(MAKE) --no-print-directory lighthouse || status=$$?; \
	$(GO) test -run='^$$' -bench=. -benchmem ./... && bash deploy/bench.sh && exit $$status

lighthouse: services web build
	@set -euo pipefail; \
	HUHANG_E2E_PORT=$(BENCH_PORT) HUHANG_LOG_LEVEL=error bash deploy/e2e-server.sh >/dev/null 2>bin/bench-server.log & \
	server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null || true' EXIT; \
	for _ in $$(seq 1 120); do \
		curl -fsS -o /dev/null http://127.0.0.1:$(BENCH_PORT)/readyz 2>/dev/null && break; \
		kill -0 $$server 2>/dev/null || { cat bin/bench-server.log; exit 1; }; \
		sleep 0.5; \
	done; \
	cd web && node scripts/lighthouse.mjs http://127.0.0.1:$(BENCH_PORT)/login

clean:
	rm -rf bin web/e2e-screenshots web/test-results
	find internal/webui/dist -mindepth 1 ! -name .gitignore -delete
