"""The benchmark harnesses still run (on a handful of documents; timing is never asserted)."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import shared_file

ROOT = Path(__file__).resolve().parents[1]


def test_extract_throughput_harness_runs() -> None:
    corpus = shared_file("corpus", "dev.jsonl")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "extract_throughput.py"), str(corpus), "--docs", "20"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "prisonwatch" in result.stdout and "naive" in result.stdout and '"docs": 20' in result.stdout


def test_analytics_harness_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "analytics.py"), "--claims", "20000"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "latest_counts" in result.stdout and "count_history one series" in result.stdout


def test_cycle_harness_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The side-by-side cycle benchmark, on 10 sources and without installing urlwatch."""
    results = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "cycle.py"),
            "--sources",
            "10",
            "--no-urlwatch",
            "--repeat",
            "1",
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = results.read_text()
    assert table.count("<!-- cycle.py: start -->") == 1
    assert all(f"| prisonwatch | {cycle} |" in table for cycle in ("cold", "unchanged", "10% changed", "floor"))


def test_cycle_results_keep_the_text_around_the_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "bench"))
    from cycle import END, START, write_section

    out = tmp_path / "RESULTS.md"
    out.write_text(f"# Results\n\n{START}\nold table\n{END}\n\nWhat the profiles showed.\n")
    write_section(out, "new table")
    assert out.read_text() == f"# Results\n\n{START}\nnew table\n{END}\n\nWhat the profiles showed.\n"
