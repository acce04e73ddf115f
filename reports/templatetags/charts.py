"""What a page with plotly charts puts in its <head>: the stylesheet and the style guards."""

from django import template

from config.staticfiles import plotly_style_guards

register = template.Library()


@register.inclusion_tag("includes/plotly_head.html")
def plotly_head() -> dict[str, object]:
    return {"guards": plotly_style_guards()}
