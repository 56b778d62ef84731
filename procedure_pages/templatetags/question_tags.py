"""The "Questions and answers" section of a procedure page."""

from __future__ import annotations

from typing import Any

from django import template

from procedure_pages import questions

register = template.Library()


@register.inclusion_tag(
    "procedure_pages/includes/questions_section.html", takes_context=True
)
def procedure_questions(context: dict[str, Any], page: Any) -> dict[str, Any]:
    """Published questions with their answers, and a link to ask one (the
    form is on its own page: the procedure page carries no CSRF token)."""
    request = context["request"]
    return {
        "published_questions": list(questions.published(page)),
        "ask_path": request.path + questions.ASK_PATH,
    }
