"""Plotly figures for the web UI, as plain JSON specs (rendered by the bundled plotly.js).

Figures are built with plotly's Python API and serialised with ``plotly.io.to_json``;
the page embeds them escaped in a ``<script type="application/json">`` data block and
``static/khabar.js`` draws them, so no inline script runs and nothing loads from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import plotly.io as pio

ARABIC_FONTS = '"Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans", sans-serif'
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


DAY_MS = 86_400_000


def _date_range(days: Sequence[str]) -> dict[str, Any]:
    """Pad a short date axis (a single day would otherwise stretch to hours)."""
    valid = sorted(d for d in days if len(d) == 10)
    if not valid or len(set(valid)) > 7:
        return {}
    first = date.fromisoformat(valid[0]) - timedelta(days=3)
    last = date.fromisoformat(valid[-1]) + timedelta(days=3)
    return {"range": [first.isoformat(), last.isoformat()], "dtick": DAY_MS}


def _layout(title: str, x_title: str, y_title: str) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0.5},
        "font": {"family": ARABIC_FONTS, "size": 14},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero"},
        "margin": {"l": 50, "r": 30, "t": 50, "b": 60},
        "height": 320,
        "paper_bgcolor": "rgba(0,0,0,0)",
    }


def _spec(figure: go.Figure) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(pio.to_json(figure, validate=True))
    return spec


def plain_label(text: str) -> str:
    """Neutralise plotly's pseudo-HTML (``<a href>``, ``<br>``) in untrusted labels."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


def bar(
    labels: Sequence[str], values: Sequence[int], *, title: str, x_title: str, y_title: str,
    dates: bool = False,
) -> dict[str, Any]:
    """A bar chart spec (dates on the x axis when ``dates``)."""
    x = list(labels) if dates else [plain_label(label) for label in labels]
    figure = go.Figure(go.Bar(x=x, y=list(values), marker_color="#2c6e63"))
    figure.update_layout(**_layout(title, x_title, y_title))
    if values and max(values) <= 10:  # counts are whole numbers: no 0.2 ticks
        figure.update_yaxes(dtick=1)
    if dates:  # one bar per calendar day, labelled as dates even when there is only one
        figure.update_traces(width=DAY_MS * 0.8)
        figure.update_xaxes(type="date", tickformat="%Y-%m-%d", **_date_range(labels))
    return _spec(figure)


def quotes_over_time(per_day: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """Quotes per day of one speaker (the name stays in the page, not in the figure)."""
    days = [(d, n) for d, n in per_day if d != "?"]
    return bar([d for d, _ in days], [n for _, n in days], title="الاقتباسات عبر الزمن",
               x_title="التاريخ", y_title="عدد الاقتباسات", dates=True)
