"""CI and lint have one definition each: the workflow runs `make lint` and `make test`, and
`make lint` runs the pre-commit hooks (terraform fmt, ruff, checkov), all local."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text())


def _steps() -> list[dict[str, Any]]:
    return [step for job in _workflow()["jobs"].values() for step in job["steps"]]


def _uses(prefix: str) -> list[dict[str, Any]]:
    return [step for step in _steps() if str(step.get("uses", "")).startswith(prefix)]


def _recipe(target: str) -> list[str]:
    """The command lines of a Makefile target."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(target)}:", line))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_the_workflow_runs_on_pull_requests_touching_modules_package_tests_and_itself():
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    paths = triggers["pull_request"]["paths"]
    for needed in ("terraform/**", "governance/**", "tests/**", ".github/workflows/ci.yml"):
        assert needed in paths, f"pull requests touching {needed} do not run CI"


def test_the_workflow_runs_make_lint_and_make_test():
    commands = [step["run"] for step in _steps() if "run" in step]
    assert any(re.search(r"\bmake lint\b", command) for command in commands)
    assert any(re.search(r"\bmake test\b(?!-)", command) for command in commands)


def test_the_workflow_pins_terraform_1_11_and_python_3_11():
    (terraform,) = _uses("hashicorp/setup-terraform@")
    assert str(terraform["with"]["terraform_version"]).startswith("1.11")
    assert terraform["with"].get("terraform_wrapper") is False  # the harness parses raw output
    (python,) = _uses("actions/setup-python@")
    assert str(python["with"]["python-version"]) == "3.11"


def test_the_provider_is_cached_on_the_provider_constraints():
    env = _workflow()["env"]
    (cache,) = [step for step in _uses("actions/cache@")
                if "TF_PLUGIN_CACHE_DIR" in str(step["with"]["path"])]
    assert "hashFiles(" in cache["with"]["key"] and "versions.tf" in cache["with"]["key"]
    assert env["TERRAFORM_PROVIDER_MIRROR"] == env["TF_PLUGIN_CACHE_DIR"]


def test_the_junit_results_of_make_test_are_published():
    (test_step,) = [step for step in _steps() if re.search(r"\bmake test\b(?!-)", step.get("run", ""))]
    junit = re.search(r"--junitxml=(\S+?)\"?$", test_step["run"].strip())
    assert junit, "make test writes no JUnit file"
    (publish,) = _uses("EnricoMi/publish-unit-test-result-action@")
    assert publish["with"]["files"] == junit.group(1)
    assert publish.get("if") == "always()"  # failures are what a reader needs most


def test_make_test_passes_pytest_args_through():
    (command,) = [line for line in _recipe("test") if "pytest" in line]
    assert "$(PYTEST_ARGS)" in command


def test_make_lint_runs_every_pre_commit_hook():
    recipe = _recipe("lint")
    assert any(re.search(r"pre-commit run --all-files", line) for line in recipe), recipe
    assert not any(re.search(r"\b(ruff|checkov|terraform fmt)\b", line) for line in recipe), \
        "lint has a second definition outside .pre-commit-config.yaml"


def test_the_pre_commit_hooks_are_local_and_cover_fmt_ruff_and_checkov():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {repo["repo"] for repo in config["repos"]} == {"local"}  # no download
    assert {hook["language"] for hook in hooks} == {"system"}
    entries = " | ".join(hook["entry"] for hook in hooks)
    for tool in ("terraform fmt -check", "ruff check", "checkov"):
        assert tool in entries, f"no pre-commit hook runs {tool}"


def test_pre_commit_is_a_test_dependency():
    text = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'"pre-commit[><=]', text)


def test_the_ci_script_runs_make_test():
    assert re.search(r"^make test\b(?!-)", (ROOT / ".ci" / "run").read_text(), re.MULTILINE)
