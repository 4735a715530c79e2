"""The founding article: its three directly stated figures come out as labeled."""

import json

import pytest

from parsers import extract_claims
from storage.db import baseline_data
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads(shared_file("seed", "article.gold.jsonl").read_text(encoding="utf-8").splitlines()[0])


def test_seed_article_figures(seed: dict) -> None:
    text = shared_file("seed", "article.txt").read_text(encoding="utf-8")
    claims = extract_claims(text, lang="en", published=seed["published"])
    found = {(c.metric, c.value): c for c in claims}
    stated = [g for g in seed["claims"] if g["scope"] is None]  # the three national figures
    assert len(stated) == 3
    for gold in stated:
        claim = found.get((gold["metric"], gold["value"]))
        assert claim is not None, f"missing {gold['metric']} {gold['value']}"
        assert (claim.qualifier, claim.org) == (gold["qualifier"], gold["org"])
    assert found[("releases", 131)].as_of == "2024-11-17"


def test_baseline_matches_the_seed_labels(seed: dict) -> None:
    base = {(f["metric"], f["value"]): f for f in baseline_data()["figures"]}
    for gold in seed["claims"]:
        if gold["scope"] is None:
            f = base[(gold["metric"], gold["value"])]
            assert (f["qualifier"], f["org"]) == (gold["qualifier"], gold["org"])
    assert base[("political_prisoners", 1800)]["derived"] is True
