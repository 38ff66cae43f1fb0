# Every target sets up what it needs: the virtual environment at .venv comes first.
# No call home from Terraform (checkpoint) in any target.
export CHECKPOINT_DISABLE := 1
# Python may cache compiled modules (and pytest its assertion-rewritten test modules) in the
# gitignored __pycache__ folders: with PYTHONDONTWRITEBYTECODE set (some images set it) every
# xdist worker and every Python child recompiled them, 3 CPU-s of each worker's 6 CPU-s
# collection (`pytest --collect-only` twice, with and without it).
unexport PYTHONDONTWRITEBYTECODE
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
CHECKOV := .venv-checkov/bin/checkov
# pytest-xdist workers: one more than the CPUs this process may use (at most 4). A worker
# applying a stack waits on the aws provider's polls (55 s for each S3 lifecycle
# configuration) while its CPU is free; on 2 cores 3 workers ran make test in 219 s, 2 in 247 s.
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(len(os.sched_getaffinity(0)) + 1, 4))')
PROFILE ?=
OUTPUT  ?= build/audit
OLDER_THAN ?= 24h
# Only CONFIRM=yes given on make's command line confirms a sweep's deletions.
CONFIRM ?=
ACCOUNT_ALLOWLIST ?=

# Extra pytest arguments for test and test-fast, e.g. PYTEST_ARGS=--junitxml=build/junit.xml
PYTEST_ARGS ?=

.PHONY: setup browser test test-fast test-unit demo demo-org demo-adopt lint checkov audit audit-live sweep bench bench-suite bench-org bench-prowler clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

## Headless Chromium (Debian package) for the HTML report tests and the evidence document's
## PDF; installed when missing and root.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    else echo "the HTML report tests and the evidence PDF need Chromium: sudo apt-get install chromium (or set CHROMIUM_BINARY)"; exit 2; fi; }

## The whole suite (unit, seeded, plan, apply) on the embedded moto sandbox, in parallel.
## Groups start in conftest.py's START_ORDER (Terraform first), not largest-group first.
XDIST := -n $(WORKERS) --dist loadgroup --no-loadscope-reorder
test: setup browser
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

## The inner loop: unit and seeded tiers only (no Terraform), in parallel.
test-fast: setup
	$(BIN)/python -m pytest $(XDIST) -m "unit or seeded" $(PYTEST_ARGS)

## Only the tests that run no Terraform.
test-unit: setup
	$(BIN)/python -m pytest -m unit

## Apply the example to a disposable moto account, audit it, print the table, write the
## evidence report and the partner's evidence document (HTML and, printed by Chromium, PDF), destroy.
demo: setup browser
	$(BIN)/python -m harness.demo

## examples/organization on moto (the member baseline in one workload account), audit
## --organization over every account, the roll-up in build/demo-org/, destroy.
demo-org: setup
	$(BIN)/python -m harness.demo_org

## Onboard an existing account on moto: seed it as a customer's, audit, governance adopt
## (import blocks, kept names, change report), apply, re-plan empty, audit, offboard with
## the customer's singletons left in place (build/demo-adopt/).
demo-adopt: setup
	$(BIN)/python -m harness.demo_adopt

## terraform fmt, terraform validate on every module and example, ruff, checkov: the hooks of
## .pre-commit-config.yaml (the one definition of lint, shared with CI and the git hook).
lint: setup $(CHECKOV)
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

$(CHECKOV):
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/python -m pip install --quiet --disable-pip-version-check 'checkov>=3.2,<4'

## checkov on every module; skips with reasons in .checkov.yaml and inline.
checkov: setup $(CHECKOV)
	$(BIN)/pre-commit run checkov --all-files

## Read-only audit of a real account: make audit PROFILE=customer-readonly
audit: setup
	@test -n "$(PROFILE)" || { echo "usage: make audit PROFILE=<aws profile>"; exit 2; }
	$(BIN)/python -m governance audit --profile $(PROFILE) --format table,json,junit,markdown,html --output $(OUTPUT)

## The live tier against a real account, read-only, one test per control, JUnit in build/.
audit-live: setup
	@test -n "$(PROFILE)" || { echo "usage: make audit-live PROFILE=<aws profile>"; exit 2; }
	$(BIN)/python -m pytest -m live --target aws --profile $(PROFILE) -p no:xdist --junitxml=build/live-junit.xml

## What test runs on a disposable account left (tags governance:test-run/-created), older
## than OLDER_THAN: listed (dry run); only CONFIRM=yes on the command line deletes (CONFIRM=1,
## 0, false, or any CONFIRM inherited from the environment do not), and only in an account of
## ACCOUNT_ALLOWLIST:
##   make sweep PROFILE=P ACCOUNT_ALLOWLIST=ID[,ID] [OLDER_THAN=24h] [CONFIRM=yes]
sweep: setup
	@test -n "$(PROFILE)" -a -n "$(ACCOUNT_ALLOWLIST)" || { echo "usage: make sweep PROFILE=<aws profile> ACCOUNT_ALLOWLIST=<id[,id]> [OLDER_THAN=24h] [CONFIRM=yes]"; exit 2; }
	$(BIN)/python -m harness.sweep --profile $(PROFILE) --account-allowlist $(ACCOUNT_ALLOWLIST) --older-than $(OLDER_THAN)$(if $(and $(filter command line,$(origin CONFIRM)),$(filter yes,$(CONFIRM))), --confirm)

## Benchmarks (figures in bench/results/).
bench: setup
	$(BIN)/python -m bench.bench_collector

## Organization audit over 10, 100 and 1,000 moto accounts (bench/results/organization.md).
bench-org: setup
	$(BIN)/python -m bench.bench_organization
	$(BIN)/python -m bench.bench_organization_latency
## One lifecycle of the largest stack, then the whole suite as make test runs it; the ratio
## and where the time went in bench/results/suite.md.
bench-suite: setup browser
	$(BIN)/python -m bench.bench_suite --workers $(WORKERS)

# Prowler in its own virtual environment: a benchmark opponent, never a project dependency.
# Same pin as PROWLER_SPEC in bench/prowler/scope.py.
PROWLER := .venv-prowler/bin/prowler
$(PROWLER):
	$(PYTHON) -m venv .venv-prowler
	.venv-prowler/bin/python -m pip install --quiet --disable-pip-version-check 'prowler>=5.40,<6'

## Our audit vs Prowler's CIS v3.0 and v7.0 scans (one Prowler run per account) on four seeded
## moto accounts (bench/results/vs-prowler.md, vs-prowler-v7.md), e.g. BENCH_PROWLER_ARGS=--rejudge
BENCH_PROWLER_ARGS ?=
bench-prowler: setup $(PROWLER)
	$(BIN)/python -m bench.prowler $(BENCH_PROWLER_ARGS)

clean:
	rm -rf $(VENV) .venv-checkov .venv-prowler build .pytest_cache .ruff_cache *.egg-info
