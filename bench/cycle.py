"""A monitoring cycle at N sources, side by side with urlwatch, in one run on one machine.

usage: uv run python bench/cycle.py [--sources 1000] [--no-urlwatch] [--results bench/RESULTS.md]

A local server on 127.0.0.1 serves N/2 RSS feeds of 20 items and N/2 article pages of 30-150 KB (menus,
scripts, a body that sometimes holds counts), with ETag and Last-Modified. Each tool runs three cycles as
its own process: cold (first run), unchanged, and after 10% of the sources changed. Wall time and CPU time
come from the operating system (wait4); peak RSS is that of the process and its worker processes together
(sampled from /proc). Both tools run as installed for production, with their Python files compiled to
bytecode beforehand. urlwatch 2.29 is installed from PyPI into
bench/.peers (a separate virtual environment). prisonwatch runs its real flow against a Prefect server
started once beforehand, as in production (the server's start-up is reported, not counted in a cycle).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.localserver import SiteServer, WebhookReceiver  # noqa: E402

PEERS = ROOT / "bench" / ".peers"
URLWATCH = "urlwatch==2.29"
WORDS = (
    "la",
    "de",
    "gobierno",
    "protesta",
    "economía",
    "ciudad",
    "informe",
    "semana",
    "noticia",
    "comunidad",
    "servicio",
    "agua",
    "luz",
    "precio",
    "elecciones",
    "región",
    "salud",
    "escuela",
    "transporte",
)


@dataclass
class Measure:
    tool: str
    cycle: str
    wall: float
    cpu: float
    rss_mb: float
    ok: bool


def filler(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def page(i: int, version: int, rng: random.Random) -> str:
    size = rng.randint(30_000, 150_000)
    nav = "".join(f"<li><a href='/section/{k}'>{filler(rng, 2)}</a></li>" for k in range(60))
    script = "<script>" + "var x=" + json.dumps([filler(rng, 8) for _ in range(40)]) + ";</script>"
    body = [f"<p>{filler(rng, 60)}</p>" for _ in range(max(1, size // 600))]
    if i % 4 == 0:  # a quarter of the pages speak of counts; their figure moves with the version
        body.insert(
            2,
            f"<p>Foro Penal informó que hay {700 - 3 * version - i % 50} presos políticos en "
            f"Venezuela, según su balance de esta semana.</p>",
        )
    return (
        f"<html><head><title>Página {i}</title><meta property='article:published_time' "
        f"content='2026-01-{1 + version:02d}T10:00:00-04:00'>{script}</head><body><nav><ul>{nav}</ul></nav><article>"
        f"<h1>Noticia {i} v{version}</h1>{''.join(body)}</article><footer>{filler(rng, 40)}</footer></body></html>"
    )


def feed(site: SiteServer, i: int, version: int) -> str:
    items = []
    for k in range(20):
        n = version + k
        text = (
            f"Foro Penal contabilizó {300 + n} excarcelaciones de presos políticos en Venezuela"
            if k == 0 and i % 5 == 0
            else f"Noticia {n} de la fuente {i}"
        )
        link = site.url(f"/item/{i}/{n}" + ("-balance" if k == 0 and i % 5 == 0 else ""))
        items.append(
            f"<item><title>{text}</title><link>{link}</link>"
            f"<description>{text}. Más detalles en el sitio.</description></item>"
        )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Fuente {i}</title>{''.join(items)}</channel></rss>"


def publish(site: SiteServer, n: int, versions: list[int]) -> None:
    rng = random.Random(42)
    for i in range(n):
        if i % 2 == 0:
            site.put(f"/feed/{i}.xml", feed(site, i, versions[i]), "application/rss+xml")
        else:
            site.put(f"/page/{i}.html", page(i, versions[i], random.Random(i * 1000 + versions[i])))
    del rng


def urls(site: SiteServer, n: int) -> list[str]:
    return [site.url(f"/feed/{i}.xml" if i % 2 == 0 else f"/page/{i}.html") for i in range(n)]


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, bool]:
    """Wall time, CPU time (user+sys, its worker processes included) and peak RSS of a child process. The
    peak is that of the sum over the process and its descendants (prisonwatch's parsing workers), sampled
    every 20 ms, or the kernel's own peak of the process when that is higher."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    rss = max(peak, usage.ru_maxrss / 1024)
    return wall, usage.ru_utime + usage.ru_stime, rss, os.waitstatus_to_exitcode(status) in (0, 2)


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants now, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue  # the process ended meanwhile
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry)] = int(statm[1]) * page
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(p, 0) for p in tree) / 2**20


def install_urlwatch() -> Path | None:
    exe = PEERS / "bin" / "urlwatch"
    if exe.exists():
        return exe
    try:
        subprocess.run(["uv", "venv", "-q", str(PEERS)], check=True)
        python = str(PEERS / "bin" / "python")
        subprocess.run(["uv", "pip", "install", "-q", "--compile-bytecode", "--python", python, URLWATCH], check=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(f"urlwatch could not be installed ({exc}); measuring prisonwatch alone")
        return None
    return exe


def compile_bytecode(uw_exe: Path | None) -> None:
    """Both tools measured as installed for production (`uv sync --compile-bytecode`): their Python files and
    their dependencies' compiled to bytecode beforehand, so no run pays for compiling sources where
    PYTHONDONTWRITEBYTECODE is set."""
    site_packages = Path(sysconfig.get_paths()["purelib"])
    folders = [ROOT / name for name in ("flows", "parsers", "storage")] + [site_packages] + ([PEERS] if uw_exe else [])
    command = [sys.executable, "-m", "compileall", "-q", "-j", "0", *map(str, folders)]
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL)  # files for newer Pythons are skipped


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_prefect(home: Path) -> tuple[subprocess.Popen[bytes], dict[str, str], float]:
    port = free_port()
    env = dict(
        os.environ,
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(240):
        try:
            if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                return proc, env, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError("the Prefect server did not start")


# Python, prisonwatch's imports (Prefect among them) and one flow run that does nothing, as `prisonwatch run`
# starts it: what every cycle costs before any work.
FLOOR = (
    "from prefect import flow\n"
    "from flows.monitor import one_off_run\n"
    "@flow(name='prisonwatch-floor')\n"
    "def empty() -> None:\n"
    "    pass\n"
    "with one_off_run():\n"
    "    empty()\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--no-urlwatch", action="store_true")
    parser.add_argument("--results", type=Path, help="Also write the table to this Markdown file")
    parser.add_argument("--repeat", type=int, default=3, help="Run the three cycles this many times (medians)")
    args = parser.parse_args()
    n = args.sources
    work = Path(tempfile.mkdtemp(prefix="pw-cycle-"))
    measures: list[Measure] = []
    versions = [0] * n
    with SiteServer() as site, WebhookReceiver() as hook:
        publish(site, n, versions)
        sources = work / "sources.toml"
        lines = [
            "[settings]",
            "allow_loopback = true",
            "per_host_concurrency = 16",
            "per_host_interval_seconds = 0",
            "retries = 0",
            "timeout_seconds = 20",
            "respect_robots = false",
            "",
        ]
        for i, url in enumerate(urls(site, n)):
            kind = "rss" if i % 2 == 0 else "html"
            lines += ["[[source]]", f'id = "s{i:05d}"', f'kind = "{kind}"', f'url = "{url}"', 'lang = "es"']
            lines += (["follow = false"] if kind == "rss" else []) + [""]
        sources.write_text("\n".join(lines), encoding="utf-8")
        uw_exe = None if args.no_urlwatch else install_urlwatch()
        compile_bytecode(uw_exe)
        if uw_exe:
            (work / "urls.yaml").write_text("\n---\n".join(f"url: {u}" for u in urls(site, n)) + "\n")
            (work / "urlwatch.yaml").write_text("report:\n  stdout:\n    enabled: false\n  text:\n    details: false\n")
        server, env, prefect_start = start_prefect(work / "prefect")
        env["PRISONWATCH_ALERT_URLS"] = hook.url()
        latencies: list[float] = []
        try:
            for rep in range(args.repeat):  # each repetition from scratch: first versions, new database and cache
                versions[:] = [0] * n
                publish(site, n, versions)
                for cycle in ("cold", "unchanged", "10% changed"):
                    if cycle == "10% changed":
                        for i in range(0, n, 10):
                            versions[i] += 1
                        publish(site, n, versions)
                    before = len(hook.received)
                    db = work / f"pw-{rep}.duckdb"
                    cmd = [sys.executable, "-m", "flows.cli", "run", "--db", str(db), "--sources", str(sources)]
                    wall, cpu, rss, ok = run(cmd, env, ROOT)
                    measures.append(Measure("prisonwatch", cycle, wall, cpu, rss, ok))
                    print(f"run {rep + 1}, prisonwatch {cycle}: {wall:.2f} s, {len(hook.received) - before} alert(s)")
                    if cycle == "10% changed":
                        gap = alert_latency(db, hook, before)
                        latencies += [gap] if gap is not None else []
                    if uw_exe:
                        cache = f"cache-{rep}.db"
                        cmd = [str(uw_exe), "--urls", "urls.yaml", "--config", "urlwatch.yaml", "--cache", cache]
                        wall, cpu, rss, ok = run(cmd, dict(os.environ), work)
                        measures.append(Measure("urlwatch", cycle, wall, cpu, rss, ok))
                wall, cpu, rss, ok = run([sys.executable, "-c", FLOOR], env, ROOT)
                measures.append(Measure("prisonwatch", "floor", wall, cpu, rss, ok))
            latency = statistics.median(latencies) if latencies else None
        finally:
            server.terminate()
            server.wait(30)
    report(measures, n, prefect_start, latency, args.results)
    shutil.rmtree(work, ignore_errors=True)


def alert_latency(db: Path, hook: WebhookReceiver, before: int) -> float | None:
    """Seconds from the fetch of a changed source to its alert reaching the receiver (median)."""
    import duckdb

    arrivals = [r for r in hook.received[before:] if isinstance(r.body, dict) and r.body.get("alert_id")]
    con = duckdb.connect(str(db), read_only=True)
    try:
        fetched = dict(
            con.execute(
                "SELECT a.message_id, max(f.fetched_at) FROM alerts a JOIN documents d ON d.url = a.url "
                "JOIN sources s USING (source_id) JOIN fetches f ON f.url = s.url GROUP BY a.message_id"
            ).fetchall()
        )
    finally:
        con.close()
    gaps = [
        float(r.headers["X-Received-At"]) - fetched[r.body["alert_id"]].replace(tzinfo=UTC).timestamp()
        for r in arrivals
        if r.body["alert_id"] in fetched
    ]
    return sorted(gaps)[len(gaps) // 2] if gaps else None


def median_of(measures: list[Measure]) -> list[Measure]:
    """One row per tool and cycle: the median wall and CPU time of its runs, the highest peak RSS."""
    groups: dict[tuple[str, str], list[Measure]] = {}
    for m in measures:
        groups.setdefault((m.tool, m.cycle), []).append(m)
    return [
        Measure(
            tool,
            cycle,
            statistics.median(m.wall for m in ms),
            statistics.median(m.cpu for m in ms),
            max(m.rss_mb for m in ms),
            all(m.ok for m in ms),
        )
        for (tool, cycle), ms in groups.items()
    ]


def report(measures: list[Measure], n: int, prefect_start: float, latency: float | None, out: Path | None) -> None:
    runs = max((sum(1 for m in measures if (m.tool, m.cycle) == (x.tool, x.cycle)) for x in measures), default=0)
    measures = median_of(measures)
    by = {(m.tool, m.cycle): m for m in measures}
    lines = [
        f"Monitoring cycle at {n} sources ({n // 2} RSS feeds of 20 items, {n - n // 2} pages of 30-150 KB), "
        f"{datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; median of {runs} run(s) of each cycle (peak RSS: the highest)",
        "",
        "| tool | cycle | wall s | CPU s | peak RSS MB | wall ratio prisonwatch / urlwatch |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for m in measures:
        peer = by.get(("urlwatch", m.cycle))
        ratio = f"{m.wall / peer.wall:.2f}" if m.tool == "prisonwatch" and peer else ""
        flag = "" if m.ok else " (failed)"
        lines.append(f"| {m.tool}{flag} | {m.cycle} | {m.wall:.2f} | {m.cpu:.2f} | {m.rss_mb:.0f} | {ratio} |")
    floor, quiet = by.get(("prisonwatch", "floor")), by.get(("urlwatch", "unchanged"))
    if floor and quiet:
        lines += [
            "",
            f"Floor of a prisonwatch cycle (Python, imports, one empty flow run; the `floor` row): {floor.wall:.2f} s, "
            f"{floor.wall / quiet.wall:.2f}x urlwatch's whole unchanged cycle.",
        ]
    lines += [
        "",
        f"Prefect server start-up (once, not in the cycles): {prefect_start:.1f} s.",
        "Alert latency in the 10%-changed run (fetch of a changed source -> alert received, median): "
        + (f"{latency:.2f} s." if latency is not None else "no alert measured."),
    ]
    text = "\n".join(lines)
    print(text)
    if out:
        write_section(out, text)


START, END = "<!-- cycle.py: start -->", "<!-- cycle.py: end -->"


def write_section(out: Path, text: str) -> None:
    """Replace the cycle table between its markers in a results file, keeping the rest (the findings written
    around it); a file without the markers gets the table on its own."""
    block = f"{START}\n{text}\n{END}"
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = f"# Benchmark results\n\n{block}\n"
    out.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
