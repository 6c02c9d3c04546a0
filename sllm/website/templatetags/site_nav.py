"""The site header's personal links: which of the edition's roles the logged-in visitor holds."""

from django import template

from sllm.website.navigation import nav_roles

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_roles(context, edition) -> set[str]:
    """From the visitor's session (see website.navigation): no query, and nothing at all for anonymous visitors."""
    return nav_roles(context.get("request"), edition)
