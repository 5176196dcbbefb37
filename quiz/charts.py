"""Chart geometry for the dashboard, drawn as inline SVG by the templates: no script, no external service."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

WIDTH, HEIGHT, PAD = 600, 200, 32


def trend(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Mock-exam scores (percent of the paper) in order, with the pass line."""
    if not points:
        return None
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)
    y = lambda percent: round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * percent / 100, 1)
    dots = [{"x": round(PAD + i * step, 1), "y": y(p["percent"]), "percent": p["percent"], "title": p["title"],
             "passed": p["percent"] >= p["pass_percent"], "date": p["at"].date().isoformat()}
            for i, p in enumerate(points)]
    return {"width": WIDTH, "height": HEIGHT, "dots": dots,
            "path": " ".join(f"{'M' if i == 0 else 'L'}{d['x']},{d['y']}" for i, d in enumerate(dots)),
            "pass_y": y(points[-1]["pass_percent"]), "pass_percent": points[-1]["pass_percent"],
            "grid": [{"y": y(v), "label": v} for v in (0, 50, 100)], "left": PAD, "right": WIDTH - PAD}


def bars(forecast: list[tuple[date, int]]) -> dict[str, Any]:
    """Reviews due on each of the coming days."""
    top = max([n for _, n in forecast] + [1])
    slot = (WIDTH - 2 * PAD) / len(forecast)
    columns = []
    for i, (day, count) in enumerate(forecast):
        height = round((HEIGHT - 2 * PAD) * count / top, 1)
        columns.append({"x": round(PAD + i * slot + slot * 0.15, 1), "width": round(slot * 0.7, 1),
                        "y": round(HEIGHT - PAD - height, 1), "height": height, "count": count,
                        "label": f"{day.month}/{day.day}", "label_x": round(PAD + (i + 0.5) * slot, 1)})
    return {"width": WIDTH, "height": HEIGHT, "columns": columns, "base": HEIGHT - PAD, "top": top}


def calendar(counts: dict[date, int], today: date, weeks: int = 12) -> dict[str, Any]:
    """A week-by-column heatmap of days practised, ending with the current week."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    cell, gap = 13, 3
    cells = []
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        count = counts.get(day, 0)
        level = 0 if not count else 1 if count < 10 else 2 if count < 30 else 3 if count < 60 else 4
        cells.append({"x": (offset // 7) * (cell + gap), "y": (offset % 7) * (cell + gap), "size": cell,
                      "level": level, "count": count, "date": day.isoformat()})
    return {"width": weeks * (cell + gap), "height": 7 * (cell + gap), "cells": cells,
            "days": sum(1 for c in cells if c["count"])}
