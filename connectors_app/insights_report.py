"""What /insights/ shows: the counts of a period as a funnel per question, the
connectors recommended and the overrules, and a bar chart drawn as SVG on the server."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.db.models import Sum

from connectors_app.decision import CATALOGUE, FLOWCHART
from connectors_app.insights import (
    ANSWERED,
    FINISHED,
    OVERRULED,
    REACHED,
    STARTED,
    always_asked,
)
from connectors_app.models import InsightCount


@dataclass(frozen=True)
class QuestionRow:
    id: str
    text: str
    on_every_path: bool
    reached: int
    answered: int
    of_started: float | None  # share of starters whose walk reached it

    @property
    def dropped(self) -> int:
        return max(self.reached - self.answered, 0)

    @property
    def drop_rate(self) -> float | None:
        return self.dropped / self.reached if self.reached else None


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    share: float | None


@dataclass(frozen=True)
class Insights:
    start: date
    end: date
    started: int
    finished: int
    questions: tuple[QuestionRow, ...]
    connectors: tuple[Row, ...]
    overruled: tuple[Row, ...]
    overruled_total: int

    @property
    def completion(self) -> float | None:
        return self.finished / self.started if self.started else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _name(connector_id: str) -> str:
    connector = CATALOGUE.connectors.get(connector_id)
    return connector.name if connector else connector_id


CRITERION_NAMES = {c.id: c.name for c in FLOWCHART.criteria}


def _overrule_label(key: str) -> str:
    from_id, _, kinds = key.partition(":")
    reasons = [CRITERION_NAMES.get(k, k) for k in kinds.split("+") if k]
    return f"{_name(from_id)}, failing {' and '.join(reasons) or 'a hard requirement'}"


def summarise(*, start: date, end: date) -> Insights:
    rows = (
        InsightCount.objects.filter(day__gte=start, day__lte=end)
        .values_list("event", "key")
        .annotate(total=Sum("count"))
    )
    counts: Counter[tuple[str, str]] = Counter()
    for event, key, total in rows:
        counts[(event, key)] += int(total or 0)
    started = counts[(STARTED, "")]
    finished = sum(n for (event, _), n in counts.items() if event == FINISHED)
    always = always_asked()
    questions = tuple(
        QuestionRow(
            id=q.id,
            text=q.text,
            on_every_path=q.id in always,
            reached=counts[(REACHED, q.id)],
            answered=counts[(ANSWERED, q.id)],
            of_started=_share(counts[(REACHED, q.id)], started),
        )
        for q in FLOWCHART.questions.values()
    )
    by_connector = sorted(
        ((key, n) for (event, key), n in counts.items() if event == FINISHED), key=lambda kv: -kv[1]
    )
    overrules = sorted(
        ((key, n) for (event, key), n in counts.items() if event == OVERRULED),
        key=lambda kv: -kv[1],
    )
    overruled_total = sum(n for _, n in overrules)
    return Insights(
        start=start,
        end=end,
        started=started,
        finished=finished,
        questions=questions,
        connectors=tuple(Row(_name(k), n, _share(n, finished)) for k, n in by_connector),
        overruled=tuple(Row(_overrule_label(k), n, _share(n, finished)) for k, n in overrules),
        overruled_total=overruled_total,
    )


def funnel_svg(insights: Insights) -> str:
    """Horizontal bars per question: reached, and of those, answered. Plain SVG with
    presentation attributes (no inline style, no script), so the strict CSP holds."""
    rows = [("Started", insights.started, insights.started)]
    rows += [(q.text, q.reached, q.answered) for q in insights.questions]
    rows.append(("Finished (report shown)", insights.finished, insights.finished))
    top = max([r[1] for r in rows] + [1])
    label_w, bar_w, row_h, width = 330, 360, 26, 760
    height = row_h * len(rows) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="insights-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="funnel-title">',
        '<title id="funnel-title">Walks reaching and answering each question</title>',
    ]
    for i, (label, reached, answered) in enumerate(rows):
        y = 10 + i * row_h
        text = label if len(label) <= 48 else label[:47] + "…"
        w_reached = bar_w * reached / top
        w_answered = bar_w * answered / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="12" '
            f'fill="#222">{escape(text)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w_reached:.1f}" height="18" fill="#c9d7f0">'
            f"<title>{escape(label)}: reached {reached}</title></rect>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 7}" width="{w_answered:.1f}" height="10" fill="#2a5db0">'
            f"<title>{escape(label)}: answered {answered}</title></rect>"
        )
        parts.append(
            f'<text x="{label_w + w_reached + 6:.1f}" y="{y + 16}" font-size="12" '
            f'fill="#222">{reached}</text>'
        )
    legend_y = height - 14
    parts.append(
        f'<rect x="{label_w}" y="{legend_y - 9}" width="12" height="10" fill="#c9d7f0"/>'
        f'<text x="{label_w + 16}" y="{legend_y}" font-size="11" fill="#222">reached</text>'
        f'<rect x="{label_w + 90}" y="{legend_y - 9}" width="12" height="10" fill="#2a5db0"/>'
        f'<text x="{label_w + 106}" y="{legend_y}" font-size="11" fill="#222">answered</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
