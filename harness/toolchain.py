"""Find Terraform and the hashicorp/aws provider; write a CLI configuration for a mirror.

* ``TERRAFORM_BINARY`` names the terraform executable, else ``terraform`` on PATH.
* ``TERRAFORM_PROVIDER_MIRROR`` names a Terraform filesystem mirror directory (one that
  holds ``registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/``). Without it the
  harness looks in Terraform's own local mirror directories and a few conventional roots.
* With a mirror, the harness writes its own CLI configuration (``filesystem_mirror`` for
  hashicorp/aws, ``direct`` for the rest) and points ``TF_CLI_CONFIG_FILE`` at it for the
  Terraform it runs; without one, Terraform keeps the user's configuration (registry).
* Terraform and its provider processes run with ``GOGC=400`` unless ``GOGC`` is set: every
  terraform command starts 2-3 aws provider processes per provider configuration, and much
  of their start-up is garbage collection. Measured on examples/complete (2 cores, with the
  provider's former ``endpoints {}`` block): CPU of apply/plan/destroy 22.8/12.2/30.5 s ->
  16.3/9.5/22.2 s, peak RSS of one process 348 -> 543 MB; GOGC=1000 saved no more CPU and
  doubled the memory. Without that block, on examples/human-access: 4.0/3.4/3.9 CPU-s ->
  3.0/2.6/3.1, peak RSS 310 -> 350-370 MB.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TERRAFORM_BINARY_ENV = "TERRAFORM_BINARY"
PROVIDER_MIRROR_ENV = "TERRAFORM_PROVIDER_MIRROR"
MINIMUM_TERRAFORM = (1, 7)
AWS_PROVIDER = "registry.terraform.io/hashicorp/aws"
SEARCH_DEPTH = 3
TERRAFORM_GOGC = "400"


class ToolchainMissing(RuntimeError):
    """Terraform or the aws provider cannot be found; the message says what to install."""


@dataclass(frozen=True)
class Toolchain:
    terraform: str
    terraform_version: str
    provider_mirror: Path | None

    def cli_config(self) -> str | None:
        """CLI configuration text for the mirror, or None to keep the user's own."""
        if self.provider_mirror is None:
            return None
        return (
            "provider_installation {\n"
            "  filesystem_mirror {\n"
            f"    path    = {json.dumps(str(self.provider_mirror))}\n"
            f'    include = ["{AWS_PROVIDER}"]\n'
            "  }\n"
            "  direct {\n"
            f'    exclude = ["{AWS_PROVIDER}"]\n'
            "  }\n"
            "}\n"
        )

    def environment(self, config_dir: Path) -> dict[str, str]:
        """Environment variables for Terraform runs (writes the CLI config under config_dir)."""
        env = {"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1",
               "GOGC": os.environ.get("GOGC", TERRAFORM_GOGC)}
        text = self.cli_config()
        if text is not None:
            config_dir.mkdir(parents=True, exist_ok=True)
            path = config_dir / "terraform.rc"
            path.write_text(text)
            env["TF_CLI_CONFIG_FILE"] = str(path)
        return env


def platform_dir() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        machine, machine
    )
    return f"{platform.system().lower()}_{arch}"


def holds_aws_provider(mirror: Path) -> bool:
    provider_dir = mirror / AWS_PROVIDER
    if not provider_dir.is_dir():
        return False
    return any(provider_dir.glob(f"*/{platform_dir()}/terraform-provider-aws*")) or any(
        provider_dir.glob(f"terraform-provider-aws_*_{platform_dir()}.zip")
    )


def default_search_roots() -> list[Path]:
    """Terraform's implied local mirror directories, then conventional install roots."""
    home = Path.home()
    xdg = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
    roots = [home / ".terraform.d" / "plugins", xdg / "terraform" / "plugins",
             Path("/usr/local/share/terraform/plugins"), Path("/usr/share/terraform/plugins")]
    roots += [Path("/opt"), Path("/usr/local/share"), Path("/usr/share"), Path("/srv"), home]
    return roots


def search_mirror(roots: list[Path], depth: int = SEARCH_DEPTH) -> Path | None:
    """The first directory under the roots (depth-limited) that holds the aws provider."""
    for root in roots:
        if not root.is_dir():
            continue
        frontier = [root]
        for _ in range(depth + 1):
            next_frontier: list[Path] = []
            for folder in frontier:
                if holds_aws_provider(folder):
                    return folder
                try:
                    next_frontier += [p for p in folder.iterdir()
                                      if p.is_dir() and not p.is_symlink()
                                      and not p.name.startswith(".")]
                except OSError:
                    continue
            frontier = next_frontier
    return None


def find_terraform() -> tuple[str, str]:
    named = os.environ.get(TERRAFORM_BINARY_ENV)
    binary = named or shutil.which("terraform")
    if not binary or not os.access(binary, os.X_OK):
        where = f"{TERRAFORM_BINARY_ENV}={named} is not executable" if named else \
            "terraform is not on PATH"
        raise ToolchainMissing(
            f"{where}: install Terraform >= 1.7 (https://developer.hashicorp.com/terraform/install)"
            f" or set {TERRAFORM_BINARY_ENV}=/path/to/terraform"
        )
    result = subprocess.run([binary, "version", "-json"], capture_output=True, text=True,
                            check=False, env={**os.environ, "CHECKPOINT_DISABLE": "1"})
    try:
        version = json.loads(result.stdout)["terraform_version"]
    except (ValueError, KeyError) as error:
        raise ToolchainMissing(f"{binary} did not report a Terraform version") from error
    numbers = tuple(int(part) for part in version.split(".")[:2])
    if numbers < MINIMUM_TERRAFORM:
        raise ToolchainMissing(f"Terraform {version} is too old: install Terraform >= 1.7")
    return binary, version


def find_provider_mirror(roots: list[Path] | None = None) -> Path | None:
    named = os.environ.get(PROVIDER_MIRROR_ENV)
    if named:
        mirror = Path(named).expanduser()
        if not holds_aws_provider(mirror):
            raise ToolchainMissing(
                f"{PROVIDER_MIRROR_ENV}={named} holds no {AWS_PROVIDER} provider for "
                f"{platform_dir()}: point it at a Terraform filesystem mirror "
                "(terraform providers mirror DIR makes one)"
            )
        return mirror
    return search_mirror(roots if roots is not None else default_search_roots())


def discover() -> Toolchain:
    """Terraform and, when one is on disk, the provider mirror; raises ToolchainMissing."""
    binary, version = find_terraform()
    return Toolchain(terraform=binary, terraform_version=version,
                     provider_mirror=find_provider_mirror())
