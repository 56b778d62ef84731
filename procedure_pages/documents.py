"""How the search sees a procedure (registered with ``search.records``)."""

from __future__ import annotations

from django.db.models import QuerySet

from procedure_pages.models import ProcedurePage, ProcedureStatus
from search.models import RecordKind
from search.records import (
    IndexedSource,
    SearchEntry,
    object_key,
    register,
    site_ids_for_page,
    stream_text,
)


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
        )

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
            body=body[:20000],
        )
