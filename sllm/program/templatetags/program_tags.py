from django import template

from sllm.program.embeds import embed_url, host_name

register = template.Library()


@register.filter
def player_url(url: str) -> str:
    return embed_url(url)


@register.filter
def url_host(url: str) -> str:
    return host_name(url)
