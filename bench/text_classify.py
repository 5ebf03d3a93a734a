"""Benchmark rows for the text room's thematic classifier, in process (no database): one classification (p95 over
the evaluation set, the model trained on the real classifier tree) and a retrain over 1 000 000 past appeals
(streamed synthetic texts built from the evaluation set and the tree's names, each with a leaf code), with the
growth of the process's peak memory (ru_maxrss) to show it stays bounded.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import time
from collections.abc import Iterator
from pathlib import Path

from .table import Row

ROOT = Path(__file__).resolve().parent.parent
TREE = Path(os.environ.get("OTKLIK_CLASSIFIER_TREE", "/work/shared/data/classifier/themes_tree_2025-10-31.json"))
EVALUATION = ROOT / "otklik" / "text" / "evaluation" / "appeals.csv"
PAST = int(os.environ.get("BENCH_CLASSIFY_APPEALS", "1000000"))
SEED = 20261201


def _nodes() -> list[tuple[str, str, str | None]]:
    found: list[tuple[str, str, str | None]] = []

    def walk(items: list[dict[str, object]], parent: str | None) -> None:
        for item in items:
            found.append((str(item["code"]), str(item["name"]), parent))
            walk(item["children"], str(item["code"]))

    walk(json.loads(TREE.read_text(encoding="utf-8")), None)
    return found


def _past(nodes: list[tuple[str, str, str | None]], texts: list[str], count: int) -> Iterator[tuple[str, str]]:
    """`count` past appeals: an evaluation text plus a leaf's name, coded with that leaf (generated lazily)."""
    parents = {parent for _c, _n, parent in nodes if parent}
    leaves = [(code, name) for code, name, _p in nodes if code not in parents and code.count(".") >= 3]
    rng = random.Random(SEED)
    for _ in range(count):
        code, name = rng.choice(leaves)
        yield f"{rng.choice(texts)} Также прошу рассмотреть: {name.lower()}.", code


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rows() -> list[Row]:
    from otklik.text.classifier import train

    nodes = _nodes()
    texts = [row["text"] for row in csv.DictReader(EVALUATION.open(encoding="utf-8"))]
    model = train(nodes, [])
    timings = []
    for _ in range(5):
        for text in texts:
            started = time.perf_counter()
            model.predict(text)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * len(timings))]
    before = _max_rss_mb()
    started = time.perf_counter()
    retrained = train(nodes, _past(nodes, texts, PAST))
    minutes = (time.perf_counter() - started) / 60
    growth = _max_rss_mb() - before
    assert retrained.trained_on == PAST
    return [
        Row("text: classification of one appeal (p95, in process)", p95, "ms", "<= 50"),
        Row(f"text: retrain over {PAST:,} past appeals".replace(",", " "), minutes, "min", "<= 10"),
        Row("text: retrain peak memory growth", growth, "MB", "bounded (no growth with appeals)"),
    ]


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from .table import render

    print(render(rows(), {}))
