# Every target sets up what it needs: the virtual environment at .venv comes first.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
WORKERS ?= 2
PROFILE ?=
OUTPUT  ?= build/audit

.PHONY: setup test test-unit demo lint audit clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

## The whole suite (unit, plan, apply) on the embedded moto sandbox, in parallel.
test: setup
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

## Only the tests that run no Terraform.
test-unit: setup
	$(BIN)/python -m pytest -m unit

## Apply the example to a disposable moto account, audit it, print the table, destroy.
demo: setup
	$(BIN)/python -m harness.demo

## terraform fmt, terraform validate on every module and example, ruff.
lint: setup
	terraform fmt -check -recursive terraform
	$(BIN)/python -m harness.validate
	$(BIN)/ruff check .

## Read-only audit of a real account: make audit PROFILE=customer-readonly
audit: setup
	@test -n "$(PROFILE)" || { echo "usage: make audit PROFILE=<aws profile>"; exit 2; }
	$(BIN)/python -m governance audit --profile $(PROFILE) --format table,json --output $(OUTPUT)

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache *.egg-info
