"""The citizen's journey through an online service, in plain HTML forms.

Every step posts to the server, which keeps what is valid (answers and files)
in the draft and evaluates conditions; JavaScript only improves (address list,
same-step conditions, no double submission). Views stay thin: the rules are in
``answers``, ``drafts`` and ``submission``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from forms_library.online import address, drafts, submission, versions
from forms_library.online import answers as answer_rules
from forms_library.online.builder import file_limits_text
from forms_library.online.fields import FieldType, FormDefinition, condition_holds
from forms_library.online.models import OnlineDraft, OnlineServicePage
from forms_library.online.uploads import accept_attribute

HONEYPOT = "website"
SUBMIT_GROUP = "online-submit"
RESUME_GROUP = "dossiers-lookup"


def _limited(request: HttpRequest, group: str, rate_setting: str) -> bool:
    return is_ratelimited(
        request,
        group=group,
        key="ip",
        rate=getattr(settings, rate_setting),
        method="POST",
        increment=True,
    )


def too_many_requests(request: HttpRequest, page: Any = None) -> HttpResponse:
    response = TemplateResponse(
        request,
        "forms_library/online/too_many.html",
        {"page": page},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = "60"
    return response


def _base(request: HttpRequest, suffix: str = "") -> str:
    path = request.path
    return path[: -len(suffix)] if suffix and path.endswith(suffix) else path


def _step_url(base: str, draft: OnlineDraft, step: int) -> str:
    return f"{base}?{urlencode({'d': draft.key, 'buoc': step})}"


def _no_store(response: HttpResponse) -> HttpResponse:
    # Answers are personal data: never kept by a shared cache or the back button.
    response["Cache-Control"] = "private, no-store"
    return response


def _index(raw: Any, count: int, default: int = 0) -> int:
    text = str(raw or "")
    if not (text.isascii() and text.isdigit() and len(text) < 4):
        return default
    return min(int(text), count)


# --- the step form ------------------------------------------------------------------


def _progress(
    definition: FormDefinition, answers: dict[str, Any], current: int
) -> list[dict[str, Any]]:
    shown = answer_rules.visible_steps(definition, answers)
    items = [
        {"index": i, "title": definition.steps[i].title, "current": i == current}
        for i in shown
    ]
    items.append(
        {
            "index": len(definition.steps),
            "title": _("Review and submit"),
            "current": current == len(definition.steps),
        }
    )
    return items


def _rows(
    definition: FormDefinition, step_index: int, form: Any, draft: OnlineDraft | None
) -> list[dict[str, Any]]:
    """What the template shows per field, with the draft's files for uploads."""
    files = list(draft.files.all()) if draft is not None else []
    answers = draft.answers if draft is not None else {}
    step_fields = definition.steps[step_index].fields
    here = {spec.name for spec in step_fields}
    rows = []
    for spec in step_fields:
        condition = spec.show_if
        if condition and condition.get("field") not in here:
            # Decided by an earlier step's answer: the server shows it or not.
            if not condition_holds(condition, answers):
                continue
            condition = None
        bound = form[spec.name]
        row: dict[str, Any] = {"spec": spec, "field": bound, "condition": condition}
        if condition:
            target = definition.field(condition["field"])
            row["condition_label"] = target.label if target else ""
            row["condition_ticked"] = target is not None and target.type == (
                FieldType.CHECKBOX
            )
        if spec.type == FieldType.FILE:
            row["files"] = [f for f in files if f.field == spec.name]
            row["limits"] = file_limits_text(spec)
            bound.field.widget.attrs.update(accept=accept_attribute(spec))
            if (spec.max_files or 1) == 1:
                bound.field.widget.attrs.pop("multiple", None)
        if spec.type == FieldType.ADDRESS:
            row["wards_url"] = "dia-ban/"
        rows.append(row)
    return rows


def _render_step(
    page: OnlineServicePage,
    request: HttpRequest,
    definition: FormDefinition,
    draft: OnlineDraft | None,
    index: int,
    form: Any,
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    answers = draft.answers if draft is not None else {}
    context = page.get_context(request)
    context.update(
        procedure=page.procedure,
        draft=draft,
        step_index=index,
        step=definition.steps[index],
        rows=_rows(definition, index, form, draft),
        form=form,
        progress=_progress(definition, answers, index),
        is_first=index == (answer_rules.visible_steps(definition, answers) or [0])[0],
        honeypot=HONEYPOT,
        action_url=_base(request),
    )
    return _no_store(
        TemplateResponse(
            request, "forms_library/online/step.html", context, status=status
        )
    )


def _render_review(
    page: OnlineServicePage,
    request: HttpRequest,
    definition: FormDefinition,
    draft: OnlineDraft,
    unit_error: str = "",
) -> HttpResponse:
    units = submission.receiving_units(page.procedure)
    chosen = None
    if draft.unit_id is not None:
        chosen = next((u for u in units if u.unit.pk == draft.unit_id), None)
    chosen = chosen or submission.default_unit(request, units)
    files = list(draft.files.all())
    sections = []
    for index in answer_rules.visible_steps(definition, draft.answers):
        step = definition.steps[index]
        items = []
        for spec in step.fields:
            if not spec.has_answer:
                continue
            if not condition_holds(spec.show_if, draft.answers):
                continue
            if spec.type == FieldType.FILE:
                value = (
                    ", ".join(f.display_name for f in files if f.field == spec.name)
                    or "—"
                )
            else:
                value = answer_rules.display_value(spec, draft.answers.get(spec.name))
            items.append({"label": spec.label, "value": value})
        sections.append({"index": index, "title": step.title, "items": items})
    context = page.get_context(request)
    context.update(
        procedure=page.procedure,
        draft=draft,
        sections=sections,
        units=units,
        chosen_unit=chosen,
        unit_error=unit_error,
        progress=_progress(definition, draft.answers, len(definition.steps)),
        step_index=len(definition.steps),
        honeypot=HONEYPOT,
        action_url=_base(request),
    )
    status = HTTPStatus.BAD_REQUEST if unit_error else HTTPStatus.OK
    return _no_store(
        TemplateResponse(
            request, "forms_library/online/review.html", context, status=status
        )
    )


def _initial(
    definition: FormDefinition, index: int, answers: dict[str, Any]
) -> dict[str, Any]:
    return {
        spec.name: answers[spec.name]
        for spec in definition.steps[index].fields
        if spec.name in answers
    }


def step(page: OnlineServicePage, request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _post_step(page, request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=HTTPStatus.METHOD_NOT_ALLOWED)
    draft = drafts.find(page, request.GET.get("d"))
    if draft is not None and draft.submitted_code:
        return HttpResponseRedirect(draft.submitted_url)
    version = draft.version if draft is not None else versions.current_version(page)
    definition = versions.definition(version)
    if not definition.steps:
        context = page.get_context(request)
        context["procedure"] = page.procedure
        return TemplateResponse(
            request, "forms_library/online/unavailable.html", context
        )
    answers = draft.answers if draft is not None else {}
    shown = answer_rules.visible_steps(definition, answers)
    default = draft.step if draft is not None else shown[0]
    index = _index(request.GET.get("buoc"), len(definition.steps), default)
    if index == len(definition.steps) and draft is not None:
        return _render_review(page, request, definition, draft)
    if index not in shown:
        index = shown[0]
    form = answer_rules.step_form_class(definition.steps[index])(
        initial=_initial(definition, index, answers)
    )
    response = _render_step(page, request, definition, draft, index, form)
    if request.GET.get("d") and draft is None:
        response.context_data["expired"] = True  # type: ignore[attr-defined]
    return response


def _post_step(page: OnlineServicePage, request: HttpRequest) -> HttpResponse:
    if request.POST.get(HONEYPOT):
        return HttpResponse(_("Request refused."), status=HTTPStatus.BAD_REQUEST)
    draft = drafts.find(page, request.POST.get("d"))
    if draft is None:
        if _limited(request, SUBMIT_GROUP, "ONLINE_SUBMIT_RATE"):
            return too_many_requests(request, page)
        draft = drafts.start(page)
    if draft.submitted_code:
        return HttpResponseRedirect(draft.submitted_url)
    definition = versions.definition(draft.version)
    base = _base(request)
    action = request.POST.get("action", "next")
    count = len(definition.steps)
    index = _index(request.POST.get("buoc"), count, draft.step)
    if index == count:
        if action == "save":
            unit = submission.unit_by_host(
                submission.receiving_units(page.procedure), request.POST.get("unit", "")
            )
            drafts.touch(draft, unit=unit.unit if unit else draft.unit)
            return HttpResponseRedirect(f"{base}da-luu/?{urlencode({'d': draft.key})}")
        if action == "submit":
            return _submit(page, request, definition, draft)
        return HttpResponseRedirect(_step_url(base, draft, count))
    step_spec = definition.steps[index]
    drafts.remove_files(draft, request.POST.getlist("remove_file"))
    upload_errors: dict[str, list[str]] = {}
    for spec in step_spec.fields:
        if spec.type == FieldType.FILE and request.FILES.getlist(spec.name):
            refused = drafts.add_files(draft, spec, request.FILES.getlist(spec.name))
            if refused:
                upload_errors[spec.name] = refused
    others = {
        k: v
        for k, v in draft.answers.items()
        if k not in {s.name for s in step_spec.fields}
    }
    result = answer_rules.clean_step(
        step_spec, request.POST, others, drafts.file_counts(draft)
    )
    for name, messages in upload_errors.items():
        result.form.add_error(name, messages)
    answers = {**others, **result.answers}
    if action == "refresh":
        drafts.touch(draft, answers=answers, step=index)
        raw = {
            name: field.widget.value_from_datadict(request.POST, request.FILES, name)
            for name, field in result.form.fields.items()
        }
        form = answer_rules.step_form_class(step_spec)(initial=raw)
        for name, messages in upload_errors.items():
            form.add_error(name, messages)
        return _render_step(page, request, definition, draft, index, form)
    shown = answer_rules.visible_steps(definition, answers)
    if action == "back":
        earlier = [i for i in shown if i < index]
        target = earlier[-1] if earlier else index
        drafts.touch(draft, answers=answers, step=target)
        return HttpResponseRedirect(_step_url(base, draft, target))
    if action == "save":
        drafts.touch(draft, answers=answers, step=index)
        return HttpResponseRedirect(f"{base}da-luu/?{urlencode({'d': draft.key})}")
    if result.errors or upload_errors:
        drafts.touch(draft, answers=answers, step=index)
        return _render_step(
            page, request, definition, draft, index, result.form, HTTPStatus.BAD_REQUEST
        )
    later = [i for i in shown if i > index]
    target = later[0] if later else count
    drafts.touch(draft, answers=answers, step=target)
    return HttpResponseRedirect(_step_url(base, draft, target))


def _submit(
    page: OnlineServicePage,
    request: HttpRequest,
    definition: FormDefinition,
    draft: OnlineDraft,
) -> HttpResponse:
    units = submission.receiving_units(page.procedure)
    unit = submission.unit_by_host(units, request.POST.get("unit", ""))
    if unit is None:
        return _render_review(
            page,
            request,
            definition,
            draft,
            _("Choose the unit that receives your dossier."),
        )
    if _limited(request, SUBMIT_GROUP, "ONLINE_SUBMIT_RATE"):
        return too_many_requests(request, page)
    outcome = submission.submit_draft(draft.pk, unit)
    if outcome.result is not None:
        return HttpResponseRedirect(outcome.result.tracking_path)
    # Something is missing: back to the first step with a problem, errors shown.
    draft.refresh_from_db()
    for index, step_spec in enumerate(definition.steps):
        names = {s.name for s in step_spec.fields}
        if names & set(outcome.errors):
            data = answer_rules.answers_as_data(definition, draft.answers)
            others = {k: v for k, v in draft.answers.items() if k not in names}
            result = answer_rules.clean_step(
                step_spec, data, others, drafts.file_counts(draft)
            )
            return _render_step(
                page,
                request,
                definition,
                draft,
                index,
                result.form,
                HTTPStatus.BAD_REQUEST,
            )
    return _render_review(page, request, definition, draft)


# --- save and resume ------------------------------------------------------------------


def saved(page: OnlineServicePage, request: HttpRequest) -> HttpResponse:
    key = request.POST.get("d") if request.method == "POST" else request.GET.get("d")
    draft = drafts.find(page, key)
    base = _base(request, "da-luu/")
    if draft is None:
        return HttpResponseRedirect(base)
    link = request.build_absolute_uri(_step_url(base, draft, draft.step))
    context = page.get_context(request)
    context.update(
        procedure=page.procedure,
        draft=draft,
        resume_code=drafts.format_resume_code(draft.resume_code),
        resume_link=link,
        resume_page=f"{base}tiep-tuc/",
        expires_at=draft.expires_at,
    )
    if request.method == "POST":
        email = request.POST.get("email", "").strip()[:254]
        try:
            validate_email(email)
        except ValidationError:
            context["email_error"] = _("Enter a valid e-mail address.")
            return _no_store(
                TemplateResponse(
                    request, "forms_library/online/saved.html", context, status=400
                )
            )
        if _limited(request, SUBMIT_GROUP, "ONLINE_SUBMIT_RATE"):
            return too_many_requests(request, page)
        send_mail(
            _("Continue your application: %(title)s") % {"title": page.procedure.title},
            _(
                "Your application is saved until %(date)s.\n"
                "Continue it with this link: %(link)s\n"
                "or with the resume code %(code)s on %(page)s"
            )
            % {
                "date": draft.expires_at.strftime("%d/%m/%Y"),
                "link": link,
                "code": context["resume_code"],
                "page": request.build_absolute_uri(context["resume_page"]),
            },
            None,
            [email],
        )
        context["email_sent"] = email
    return _no_store(
        TemplateResponse(request, "forms_library/online/saved.html", context)
    )


def resume(page: OnlineServicePage, request: HttpRequest) -> HttpResponse:
    base = _base(request, "tiep-tuc/")
    context = page.get_context(request)
    context["procedure"] = page.procedure
    if request.method == "POST":
        if _limited(request, RESUME_GROUP, "DOSSIERS_TRACK_RATE"):
            return too_many_requests(request, page)
        draft = drafts.find_by_resume_code(page, request.POST.get("code", ""))
        if draft is not None:
            return HttpResponseRedirect(_step_url(base, draft, draft.step))
        context["not_found"] = True
        context["code"] = request.POST.get("code", "")[:20]
        return _no_store(
            TemplateResponse(
                request,
                "forms_library/online/resume.html",
                context,
                status=HTTPStatus.NOT_FOUND,
            )
        )
    return _no_store(
        TemplateResponse(request, "forms_library/online/resume.html", context)
    )


def wards(request: HttpRequest, province: int) -> HttpResponse:
    """Communes of a province for the address picker's script (public data)."""
    if address.province_name(province) is None:
        return JsonResponse({"detail": "unknown province"}, status=HTTPStatus.NOT_FOUND)
    response = JsonResponse({"wards": address.wards(province)})
    response["Cache-Control"] = "public, max-age=86400"
    return response


def preview(page: OnlineServicePage, request: HttpRequest) -> HttpResponse:
    definition = versions.definition_of(page)
    if not definition.steps:
        context = page.get_context(request)
        context["procedure"] = page.procedure
        return TemplateResponse(
            request, "forms_library/online/unavailable.html", context
        )
    form = answer_rules.step_form_class(definition.steps[0])()
    return _render_step(page, request, definition, None, 0, form)
