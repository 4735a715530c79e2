"""Extraction throughput on one core: prisonwatch's extractor next to the naive approach, same documents.

usage: uv run python bench/extract_throughput.py [CORPUS.jsonl] [--docs N]

The corpus (default ../shared/corpus/dev.jsonl) is repeated until N documents (default 10,000) are read.
The naive approach is "a number followed by a keyword within a few words"; it is what a page-change
monitor with a regex filter does. Both are timed in the same process, and each scored once on the corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.evaluate import load_jsonl, score  # noqa: E402
from parsers import extract_claims  # noqa: E402

_NAIVE = re.compile(
    r"(\d[\d.,]*)\s+(?:\w+\s+){0,3}?(presos|prisoners|detenidos|detained|arrests|arrestos|detenciones|"
    r"excarcelaciones|released|liberados|libertados|desaparecidos|disappeared)",
    re.IGNORECASE,
)
_NAIVE_METRIC = {
    "presos": "political_prisoners",
    "prisoners": "political_prisoners",
    "detenidos": "detentions",
    "detained": "detentions",
    "arrests": "detentions",
    "arrestos": "detentions",
    "detenciones": "detentions",
    "excarcelaciones": "releases",
    "released": "releases",
    "liberados": "releases",
    "libertados": "releases",
    "desaparecidos": "disappeared",
    "disappeared": "disappeared",
}


def naive_claims(text: str) -> list[dict]:
    out = []
    for m in _NAIVE.finditer(text):
        digits = re.sub(r"[.,](?=\d{3}\b)", "", m.group(1)).rstrip(".,")
        if digits.isdigit():
            out.append(
                {
                    "metric": _NAIVE_METRIC[m.group(2).lower()],
                    "value": int(digits),
                    "org": "media",
                    "group": None,
                    "scope": None,
                }
            )
    return out


def timed(docs: list[dict], n: int, fn) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    count = 0
    while count < n:
        for d in docs:
            fn(d)
            count += 1
            if count >= n:
                break
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev.jsonl"))
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args()
    docs = load_jsonl(args.corpus)
    extract_claims("warm up: Foro Penal contó 10 presos políticos en Venezuela.", "es")  # compile tables once
    ours_s, n = timed(
        docs, args.docs, lambda d: extract_claims(d["text"], d.get("lang"), d.get("published"), d.get("url"))
    )
    naive_s, _ = timed(docs, args.docs, lambda d: naive_claims(d["text"]))
    gold = {d["id"]: d.get("claims") or [] for d in docs}
    ours_f1 = score(
        gold,
        {
            d["id"]: [c.to_dict() for c in extract_claims(d["text"], d.get("lang"), d.get("published"), d.get("url"))]
            for d in docs
        },
    )
    naive_f1 = score(gold, {d["id"]: naive_claims(d["text"]) for d in docs})
    print(f"documents: {n} ({len(docs)} distinct, repeated), one core, one process")
    print(f"{'extractor':<12}{'docs/s':>10}{'headline F1':>14}{'full F1':>10}")
    print(f"{'prisonwatch':<12}{n / ours_s:>10.0f}{ours_f1['headline']['f1']:>14.3f}{ours_f1['full']['f1']:>10.3f}")
    print(f"{'naive':<12}{n / naive_s:>10.0f}{naive_f1['headline']['f1']:>14.3f}{naive_f1['full']['f1']:>10.3f}")
    print(f"speed ratio prisonwatch / naive: {naive_s / ours_s:.3f}")
    print(
        json.dumps(
            {"docs": n, "prisonwatch_docs_per_s": round(n / ours_s, 1), "naive_docs_per_s": round(n / naive_s, 1)}
        )
    )


if __name__ == "__main__":
    main()
