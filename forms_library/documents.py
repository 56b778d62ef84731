"""How the search sees a form template (registered with ``search.records``)."""

from __future__ import annotations

from django.db.models import QuerySet

from forms_library.models import FormTemplate
from search.models import RecordKind
from search.records import (
    IndexedSource,
    SearchEntry,
    object_key,
    portal_site_ids,
    register,
)


@register
class FormTemplateSource(IndexedSource):
    """Every form template; found by its title, number and the procedures using it."""

    model = FormTemplate

    def get_queryset(self) -> QuerySet[FormTemplate]:
        return FormTemplate.objects.select_related("agency", "site").prefetch_related(
            "procedures"
        )

    def to_entry(self, obj: FormTemplate) -> SearchEntry | None:  # type: ignore[override]
        form = obj
        site_ids = set(portal_site_ids())
        if form.site_id:
            site_ids.add(form.site_id)
        procedures = [p.title for p in form.procedures.all()]
        try:
            url = form.get_download_url()
        except Exception:  # noqa: BLE001 - a form without a library page has no URL
            url = ""
        return SearchEntry(
            key=object_key(form),
            kind=RecordKind.FORM,
            title=form.title,
            url=url,
            code=form.form_number,
            agency=form.agency.name if form.agency else "",
            site_ids=sorted(site_ids),
            body=" ".join(procedures),
            keywords=f"{form.form_number} {form.issuing_document}",
        )
