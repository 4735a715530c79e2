"""Scoring extracted claims against gold labels, with the same figures as shared/corpus/score.py."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Key = tuple[Any, ...]


def org_class(org: str | None) -> str:
    return org if org in ("foro_penal", "government") else "other"


def _scope(scope: Any) -> str | None:
    return scope.strip().lower() if isinstance(scope, str) and scope.strip() else None


def headline_key(c: dict[str, Any]) -> Key:
    return (c.get("metric"), int(c["value"]), org_class(c.get("org")))


def full_key(c: dict[str, Any]) -> Key:
    return headline_key(c) + (c.get("group") or None, _scope(c.get("scope")))


def is_headline(c: dict[str, Any]) -> bool:
    return not c.get("group") and not _scope(c.get("scope"))


def load_jsonl(path: Path | str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass(frozen=True, slots=True)
class Miss:
    kind: str  # "missed" | "false"
    doc_id: str
    key: Key
    evidence: str


def score(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> dict[str, Any]:
    """Headline and full precision/recall/F1, per-metric headline figures, attribute agreement."""
    out: dict[str, Any] = {}
    tables: tuple[tuple[str, Callable[[dict], Key], Callable[[dict], bool]], ...] = (
        ("headline", headline_key, is_headline),
        ("full", full_key, lambda c: True),
    )
    for name, keyf, keep in tables:
        tp = fp = fn = 0
        per_metric: Counter[tuple[str, str]] = Counter()
        for doc_id, gclaims in gold.items():
            g = {keyf(c) for c in gclaims if keep(c)}
            p = {keyf(c) for c in pred.get(doc_id, []) if keep(c) and c.get("value") is not None}
            tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
            for label, keys in (("tp", g & p), ("fp", p - g), ("fn", g - p)):
                for k in keys:
                    per_metric[(k[0], label)] += 1
        pr, rc, f1 = _prf(tp, fp, fn)
        out[name] = {
            "precision": round(pr, 4),
            "recall": round(rc, 4),
            "f1": round(f1, 4),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
        if name == "headline":
            metrics = sorted({m for m, _ in per_metric})
            out["headline_by_metric"] = {
                m: dict(
                    zip(
                        ("precision", "recall", "f1"),
                        (
                            round(x, 3)
                            for x in _prf(per_metric[(m, "tp")], per_metric[(m, "fp")], per_metric[(m, "fn")])
                        ),
                        strict=True,
                    )
                )
                for m in metrics
            }
    agree: Counter[str] = Counter()
    matched = 0
    for doc_id, gclaims in gold.items():
        pmap = {headline_key(c): c for c in pred.get(doc_id, []) if is_headline(c) and c.get("value") is not None}
        for c in gclaims:
            if not is_headline(c):
                continue
            p = pmap.get(headline_key(c))
            if p is None:
                continue
            matched += 1
            for fld in ("qualifier", "as_of", "since"):
                agree[fld] += (p.get(fld) or None) == (c.get(fld) or None)
    out["attributes_on_matched"] = {
        f: round(agree[f] / matched, 3) if matched else None for f in ("qualifier", "as_of", "since")
    }
    out["documents"] = len(gold)
    out["documents_without_prediction"] = len([d for d in gold if d not in pred])
    return out


def misses(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> list[Miss]:
    """Headline claims missed and claimed falsely, with their evidence, for a developer to read."""
    out = []
    for doc_id, gclaims in gold.items():
        g = {headline_key(c): c for c in gclaims if is_headline(c)}
        p = {headline_key(c): c for c in pred.get(doc_id, []) if is_headline(c)}
        out += [Miss("missed", doc_id, k, g[k].get("evidence", "")) for k in g.keys() - p.keys()]
        out += [Miss("false", doc_id, k, p[k].get("evidence", "")) for k in p.keys() - g.keys()]
    return sorted(out, key=lambda m: (m.doc_id, m.kind, str(m.key)))
