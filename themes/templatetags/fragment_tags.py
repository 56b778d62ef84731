"""``{% fragment "name" part… %}…{% endfragment %}``: a part of a public page
kept in the shared cache (``cms.core.fragments``), purged with the site's pages.

Use it only around what is the same for every visitor given the parts named:
no user, session, CSRF token or private content inside. The request's host,
scheme and language are part of the key already; add what else the content
depends on (the page, the query string…).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from cms.core import fragments

register = template.Library()

# Longer query strings are rendered, never stored (nobody links to them).
MAX_PART_LENGTH = 512


class FragmentNode(template.Node):
    def __init__(
        self, nodelist: NodeList, name: FilterExpression, parts: list[FilterExpression]
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> SafeString:
        request = context.get("request")
        parts: list[Any] = [part.resolve(context) for part in self.parts]
        if request is None or any(len(str(part)) > MAX_PART_LENGTH for part in parts):
            return self.nodelist.render(context)
        html = fragments.cached(
            request,
            str(self.name.resolve(context)),
            lambda: str(self.nodelist.render(context)),
            parts=parts,
        )
        return mark_safe(html)  # noqa: S308 - our own template's output


@register.tag
def fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )
