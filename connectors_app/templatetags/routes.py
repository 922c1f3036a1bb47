"""`{% route "connectors:report" %}`: `{% url %}` for the app's routes where a page
renders often, through links.route (each reverse() once per process)."""

from django import template

from connectors_app.links import route as cached_route

register = template.Library()


@register.simple_tag
def route(name: str, *args: str) -> str:
    return cached_route(name, *args)
