"""The benchmark table: rows, printing, and the side-by-side comparison with the previous run."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    unit: str
    target: str


def _format(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"


def render(rows: list[Row], previous: dict[str, float]) -> str:
    header = ("benchmark", "value", "unit", "previous", "target")
    lines = [(r.name, _format(r.value), r.unit, _format(previous.get(r.name)), r.target) for r in rows]
    widths = [max(len(str(col)) for col in column) for column in zip(header, *lines, strict=False)]
    out = [" | ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True))]
    out.append("-+-".join("-" * w for w in widths))
    out.extend(" | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines)
    return "\n".join(out)


def load_previous(path: Path) -> dict[str, float]:
    if not path.is_file():
        return {}
    return {row["name"]: row["value"] for row in json.loads(path.read_text(encoding="utf-8"))}


def save(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")
