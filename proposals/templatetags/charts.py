"""``{% charts "home" %}`` / ``{% charts "document" document %}``: the charts of a page."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/charts.html", takes_context=True)
def charts(context, page, obj=None):
    return {"charts": [], "page": page, "request": context.get("request")}
