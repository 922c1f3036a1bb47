from django import template
from django.urls import reverse

from connectors_app.links import Links
from connectors_app.querystring import answers_query

register = template.Library()


@register.simple_tag
def save_report_url(links: Links) -> str:
    """The save page for the report's answers in effect (and its workspace name)."""
    query = answers_query(links.answers, links.workspace_name)
    return f"{reverse('saved:new')}?{query}"
