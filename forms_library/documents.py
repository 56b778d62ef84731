"""How the search sees a form template (registered with ``search.records``).

Only what an anonymous visitor may download is indexed (``access.public_forms``:
no version in a restricted collection), and a form is found by the titles of
the procedures using it only when those procedures are public themselves. A
collection's view restriction, a document moved to another collection, a new
version, or a restriction on the pages of its procedures re-sync the forms they
concern (``dependencies``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Model, Prefetch, QuerySet
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from forms_library.access import public_forms
from forms_library.models import FormTemplate, FormVersion
from procedure_pages.models import ProcedurePage
from search.models import RecordKind
from search.records import (
    Dependency,
    IndexedSource,
    SearchEntry,
    keys_of,
    object_key,
    portal_site_ids,
    register,
)


def _form_keys(forms: QuerySet[FormTemplate]) -> list[str]:
    return keys_of(FormTemplate, forms.values_list("pk", flat=True).distinct())


def _forms_in_collection(restriction: CollectionViewRestriction) -> Iterable[str]:
    path = (
        Collection.objects.filter(pk=restriction.collection_id)
        .values_list("path", flat=True)
        .first()
    )
    if path is None:
        return []
    return _form_keys(
        FormTemplate.objects.filter(
            versions__document__collection__path__startswith=path
        )
    )


def _forms_of_document(document: Model) -> Iterable[str]:
    return _form_keys(FormTemplate.objects.filter(versions__document=document))


def _form_of_version(version: FormVersion) -> Iterable[str]:
    return keys_of(FormTemplate, [version.form_id])


def _forms_of_procedures_below(restriction: PageViewRestriction) -> Iterable[str]:
    path = (
        Page.objects.filter(pk=restriction.page_id)
        .values_list("path", flat=True)
        .first()
    )
    if path is None:
        return []
    return _form_keys(FormTemplate.objects.filter(procedures__path__startswith=path))


def _public_procedures(form: FormTemplate) -> Iterable[ProcedurePage]:
    """The live, public procedures using ``form`` (prefetched by the source's
    queryset; queried when the form came from elsewhere)."""
    if "procedures" in getattr(form, "_prefetched_objects_cache", {}):
        return form.procedures.all()
    return form.procedures.live().public().only("title")


@register
class FormTemplateSource(IndexedSource):
    """Public form templates; found by their title, number and the (public)
    procedures using them."""

    model = FormTemplate

    def get_queryset(self) -> QuerySet[FormTemplate]:
        public_procedures = ProcedurePage.objects.live().public().only("title")
        return public_forms(
            FormTemplate.objects.select_related("agency", "site")
        ).prefetch_related(Prefetch("procedures", queryset=public_procedures))

    def dependencies(self) -> Mapping[type[Model], Dependency]:
        return {
            CollectionViewRestriction: _forms_in_collection,
            get_document_model(): _forms_of_document,
            FormVersion: _form_of_version,
            PageViewRestriction: _forms_of_procedures_below,
        }

    def to_entry(self, obj: FormTemplate) -> SearchEntry | None:  # type: ignore[override]
        form = obj
        site_ids = set(portal_site_ids())
        if form.site_id:
            site_ids.add(form.site_id)
        procedures = [p.title for p in _public_procedures(form)]
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
