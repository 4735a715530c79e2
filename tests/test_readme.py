"""Every command the README shows runs (long-running ones with --help)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from flows.localserver import SiteServer

ROOT = Path(__file__).resolve().parents[1]
HELP_ONLY = {"run", "demo", "serve", "deliver"}  # long-running, or needing a chat destination


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("uv run prisonwatch"):
                commands.append(shlex.split(line)[3:])
    return commands


def test_readme_lists_the_main_commands() -> None:
    names = {c[0] for c in readme_commands()}
    assert {"run", "demo", "serve", "baseline", "extract", "eval", "latest", "query"} <= names


@pytest.mark.parametrize("args", readme_commands(), ids=lambda a: " ".join(a)[:40])
def test_readme_command_runs(args: list[str], tmp_path: Path) -> None:
    if args[0] in HELP_ONLY:
        args = [args[0], "--help"]
    env = dict(os.environ, PRISONWATCH_DB=str(tmp_path / "pw.duckdb"))
    _prepare(args, tmp_path, env)
    with SiteServer() as site:
        site.put(
            "/article.html",
            "<html><body><article><p>Foro Penal informó que hay 700 presos políticos "
            "en Venezuela.</p></article></body></html>",
        )
        args = [site.url("/article.html") if a == "article.html" else a for a in args]
        result = subprocess.run(
            [sys.executable, "-m", "flows.cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip()


def _prepare(args: list[str], tmp_path: Path, env: dict[str, str]) -> None:
    """Give each command what it reads: a database, a JSONL file, the shared corpus."""
    from flows.analyst import backfill

    (tmp_path / "docs.jsonl").write_text(
        '{"id": "a", "text": "Foro Penal contó 12 excarcelaciones en Venezuela.", "published": "2025-01-02"}\n',
        encoding="utf-8",
    )
    backfill(Path(env["PRISONWATCH_DB"]), tmp_path / "docs.jsonl")  # a database with a little history
    for i, a in enumerate(args):
        if a.startswith("../shared/"):
            target = ROOT.parent / a[len("../") :]
            if not target.exists():
                pytest.skip(f"{target} is not available")
            args[i] = str(target)


@pytest.mark.e2e
def test_demo_runs_for_a_newcomer(tmp_path: Path) -> None:
    """The README's first command on a fresh account: no ~/.prisonwatch, no Prefect settings of its own."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PRISONWATCH_"))}
    env["HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "chat received" in result.stdout
    assert (home / ".prisonwatch" / "prefect").is_dir()
    assert (tmp_path / "data" / "prisonwatch.duckdb").exists()
