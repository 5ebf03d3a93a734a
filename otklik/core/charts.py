"""Charts for analysis pages: inline SVG drawn on the server, so nothing loads from a CDN and screen readers get a table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 260
PLOT_WIDTH = 360
VALUE_WIDTH = 70


@dataclass(frozen=True)
class Bar:
    """One drawn bar: its label, its value and the geometry the template needs."""

    label: str
    value: float
    shown: str
    y: int
    width: int


def _shown(value: float | int | Decimal, unit: str) -> str:
    number = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float | Decimal) else str(value)
    return f"{number}{unit}"


def bar_chart(
    title: str,
    items: Sequence[tuple[str, float | int | Decimal]],
    *,
    unit: str = "",
    maximum: float | None = None,
) -> SafeString:
    """A horizontal bar chart as accessible inline SVG with the same figures as a visually hidden table.

    `items` are (label, value) pairs in the order to draw; `maximum` fixes the scale (100 for percentages),
    otherwise the largest value fills the plot.
    """
    values = [float(value) for _, value in items]
    top = maximum if maximum is not None else max(values, default=0.0)
    bars = []
    for index, (label, value) in enumerate(items):
        width = round(PLOT_WIDTH * float(value) / top) if top > 0 else 0
        bars.append(
            Bar(
                label=str(label),
                value=float(value),
                shown=_shown(value, unit),
                y=index * (BAR_HEIGHT + BAR_GAP),
                width=max(0, min(PLOT_WIDTH, width)),
            )
        )
    height = max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)
    return render_to_string(
        "core/bar_chart.html",
        {
            "title": title,
            "bars": bars,
            "height": height,
            "width": LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
            "label_width": LABEL_WIDTH,
            "value_x": LABEL_WIDTH + PLOT_WIDTH + 6,
            "bar_height": BAR_HEIGHT,
            "text_offset": BAR_HEIGHT // 2 + 5,
        },
    )
