"""How the search sees a procedure (registered with ``search.records``).

A procedure is published once, for a tier, and handled by many units
(``procedure_pages.handling``). Its entry does not list the 13 districts' or the
199 communes' sites: it names who handles it as tokens (``audiences``): its
tier (``tier:huyen``, ``tier:xa``), its lead agency's unit (``unit:<id>``), the
units that added it, and the units that opted out (``excluded``). A unit's site
matches its own tokens (``catalogue_scope``, resolved when it searches), so a
new commune's site finds its tier's procedures without re-indexing anything,
and the result opens on that site at ``<its catalogue URL><slug>/``, as its
catalogue does. ``UnitProcedureChange`` rows and an agency's unit re-sync the
procedures they concern. Published questions and their answers are part of the
procedure's body (``procedure_pages.questions``): a moderated question re-syncs
its procedure, so a Q&A is found as its procedure, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Model, QuerySet
from wagtail.models import Site

from cms.core.portal import is_portal
from procedure_pages import questions
from procedure_pages.handling import TIER_UNIT_KIND, UNIT_KIND_TIER
from procedure_pages.models import (
    Agency,
    HandlingChange,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureQuestion,
    ProcedureStatus,
    UnitProcedureChange,
)
from search.models import RecordKind
from search.records import (
    Dependency,
    IndexedSource,
    ScopeExtension,
    SearchEntry,
    keys_of,
    object_key,
    register,
    register_site_scope,
    site_ids_for_page,
    stream_text,
)
from sites.models import AdministrativeUnit

BODY_MAX_CHARS = 20000


def tier_token(tier: str) -> str:
    return f"tier:{tier}"


def unit_token(unit_id: int) -> str:
    return f"unit:{unit_id}"


def handler_tokens(page: ProcedurePage) -> tuple[list[str], list[str]]:
    """(audiences, excluded) of a procedure, as ``handling.procedures_handled_by``
    decides; the page's own site is in its ``site_ids``."""
    audiences: list[str] = []
    if page.tier in TIER_UNIT_KIND:
        audiences.append(tier_token(page.tier))
    agency = page.lead_agency
    if agency is not None and agency.unit_id is not None:
        audiences.append(unit_token(agency.unit_id))
    excluded: list[str] = []
    for change in page.unit_changes.all():  # prefetched by get_queryset()
        token = unit_token(change.unit_id)
        if change.change == HandlingChange.EXCLUDES:
            excluded.append(token)
        else:
            audiences.append(token)
    return sorted(set(audiences)), sorted(set(excluded))


def _changed_procedure(change: UnitProcedureChange) -> list[str]:
    return keys_of(ProcedurePage, [change.procedure_id])


def _answered_procedure(question: ProcedureQuestion) -> list[str]:
    """A moderated question (published or hidden, or deleted as such) changes
    its procedure's text; a new one is not indexed yet."""
    if not questions.is_moderated(question):
        return []
    return keys_of(ProcedurePage, [question.procedure_id])


def _procedures_led_by(agency: Agency) -> Iterable[str]:
    led = ProcedurePage.objects.filter(lead_agency=agency).values_list("pk", flat=True)
    return keys_of(ProcedurePage, led)


@register
class ProcedureSource(IndexedSource):
    """Live procedures that are in force; name > code > sector/agency > the rest."""

    model = ProcedurePage

    def get_queryset(self) -> QuerySet[ProcedurePage]:
        return (
            ProcedurePage.objects.live()
            .public()
            .exclude(status=ProcedureStatus.ABOLISHED)
            .select_related("sector", "lead_agency")
            .prefetch_related("unit_changes", questions.published_prefetch())
        )

    def dependencies(self) -> Mapping[type[Model], Dependency]:
        return {
            UnitProcedureChange: _changed_procedure,
            Agency: _procedures_led_by,
            ProcedureQuestion: _answered_procedure,
        }

    def to_entry(self, obj: ProcedurePage) -> SearchEntry | None:  # type: ignore[override]
        page = obj
        body = " ".join(
            part
            for part in (
                stream_text(page.steps),
                stream_text(page.documents),
                page.applicants,
                page.result,
                page.conditions,
                page.processing_time_text,
                page.fee_text,
                stream_text(page.legal_basis),
            )
            if part
        )
        # Published questions and answers, after the procedure's own text
        # (never the asker's name or contact).
        answered = questions.indexed_text(page)
        if answered:
            body = f"{body[: BODY_MAX_CHARS - len(answered) - 1]} {answered}".strip()
        audiences, excluded = handler_tokens(page)
        return SearchEntry(
            key=object_key(page),
            kind=RecordKind.PROCEDURE,
            title=page.name,
            url=page.url or "",
            code=page.code,
            agency=page.lead_agency.name if page.lead_agency else "",
            sector=page.sector.name if page.sector else "",
            tier=page.tier,
            level=page.level,
            online_kind=page.online_kind,
            user_type=page.user_type,
            site_ids=site_ids_for_page(page),
            audiences=audiences,
            excluded=excluded,
            local_path=f"{page.slug}/",
            body=body[:BODY_MAX_CHARS],
        )


@register_site_scope
def catalogue_scope(site: Site) -> ScopeExtension | None:
    """A unit's site finds the procedures its unit handles (its tier's, those
    it leads or added) and opens them in its own catalogue; the portal finds
    every record through its own site id already."""
    if is_portal(site):
        return None
    extension = ScopeExtension()
    unit = (
        AdministrativeUnit.objects.filter(site_profile__site=site)
        .only("pk", "kind")
        .first()
    )
    if unit is not None:
        extension.audiences.append(unit_token(unit.pk))
        tier = UNIT_KIND_TIER.get(unit.kind)
        if tier is not None:
            extension.audiences.append(tier_token(tier))
    index = (
        ProcedureIndexPage.objects.live()
        .child_of(site.root_page)
        .order_by("path")
        .first()
    )
    if index is not None:
        url = index.get_url()
        if url:
            extension.local_bases[RecordKind.PROCEDURE] = url
    return extension
