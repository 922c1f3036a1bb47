from datetime import date, timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from connectors_app import insights
from connectors_app.insights_report import funnel_svg, summarise

DEFAULT_DAYS = 30


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


@never_cache
@staff_member_required
@require_safe
def insights_page(request: HttpRequest) -> TemplateResponse:
    insights.flush()  # this process's buffered counts; others' arrive within a flush
    today = timezone.localdate()
    end = _day(request.GET.get("end"), today)
    start = _day(request.GET.get("start"), end - timedelta(days=DEFAULT_DAYS - 1))
    if start > end:
        start, end = end, start
    summary = summarise(start=start, end=end)
    context = {
        "insights": summary,
        # Built from escaped text and numbers only (insights_report.funnel_svg).
        "chart": mark_safe(funnel_svg(summary)),
    }
    return TemplateResponse(request, "insights/index.html", context)
