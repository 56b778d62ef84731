"""Form templates (mẫu đơn, tờ khai) built on Wagtail documents.

A :class:`FormTemplate` is the official form; each of its :class:`FormVersion`
rows wraps one Wagtail document with a version and an effective date. One
version is current, the others are superseded and stay downloadable from the
form's history. Files are only ever served by ``forms_library.views`` (see
``services.attachment_response``), never from the media folder.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable
from wagtail.search import index

from cms.core.models import BasePage, DailyCounter
from forms_library.validation.scanners import ScanStatus

LIBRARY_SLUG = "bieu-mau"
FORMS_PER_PAGE = 50


class FormLibraryIndexPage(RoutablePageMixin, BasePage):
    """A site's library of downloadable form templates (one per site).

    On the provincial portal it lists every site's forms; on an agency's,
    district's or commune's site, the forms of that site.
    """

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    template = "forms_library/form_library_index_page.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = "thư viện biểu mẫu"
        verbose_name_plural = "thư viện biểu mẫu"

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from forms_library import services

        context = super().get_context(request, *args, **kwargs)
        listing = services.library_listing(self.get_site(), request.GET)
        paginator = Paginator(listing.pop("forms"), FORMS_PER_PAGE)
        page_of_forms = paginator.get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            listing,
            forms=page_of_forms,
            form_count=paginator.count,
            filter_query=params.urlencode(),
        )
        return context

    @path("<int:form_id>/", name="form_detail")
    def form_detail(self, request: HttpRequest, form_id: int) -> TemplateResponse:
        from forms_library import access, services

        # The site's own forms only (the portal's are everyone's), and only
        # what this visitor may download.
        form = services.forms_for_site(self.get_site()).filter(pk=form_id).first()
        current = form.current_version if form is not None else None
        if form is None or current is None or not access.may_download(current, request):
            raise Http404
        context = self.get_context(request)
        context["form"] = form
        context["versions"] = form.versions.select_related("document")
        return TemplateResponse(
            request, "forms_library/form_template_detail.html", context
        )


class FormStatus(models.TextChoices):
    CURRENT = "current", "Đang áp dụng"
    SUPERSEDED = "superseded", "Đã được thay thế"


class FormTemplate(index.Indexed, ClusterableModel):
    """An official form (mẫu đơn, tờ khai) citizens download.

    Procedures link to it from their dossier components through
    ``SnippetChooserBlock("forms_library.FormTemplate")`` and through
    :attr:`procedures`.
    """

    form_number = models.CharField(
        "số hiệu mẫu", max_length=100, blank=True, help_text="Ví dụ: Mẫu số 01."
    )
    title = models.CharField("tên biểu mẫu", max_length=500)
    issuing_document = models.CharField(
        "văn bản ban hành",
        max_length=500,
        blank=True,
        help_text="Ví dụ: Thông tư số 15/2016/TT-BXD ngày 30/6/2016 của Bộ Xây dựng.",
    )
    agency = models.ForeignKey(
        "procedure_pages.Agency",
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="form_templates",
    )
    procedures = ParentalManyToManyField(
        "procedure_pages.ProcedurePage",
        verbose_name="thủ tục sử dụng",
        blank=True,
        related_name="form_templates",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="trang",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="form_templates",
        help_text="Trang có thư viện biểu mẫu chứa mẫu này; cổng tỉnh hiển thị tất cả.",
    )

    panels = [
        FieldRowPanel([FieldPanel("form_number"), FieldPanel("title")]),
        FieldPanel("issuing_document"),
        MultiFieldPanel(
            [FieldPanel("agency"), FieldPanel("site"), FieldPanel("procedures")],
            heading=_("Agency and procedures"),
        ),
        InlinePanel("versions", heading=_("Versions"), label=_("version"), min_num=1),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("form_number"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = "biểu mẫu"
        verbose_name_plural = "biểu mẫu"
        ordering = ["form_number", "title"]

    def __str__(self) -> str:
        return f"{self.form_number} – {self.title}" if self.form_number else self.title

    def get_download_url(self) -> str:
        return reverse("forms_library:download", args=[self.pk])

    def total_downloads(self) -> int:
        return sum(self.download_counts.values_list("count", flat=True))

    total_downloads.short_description = _("downloads")  # type: ignore[attr-defined]

    @property
    def current_version(self) -> FormVersion | None:
        versions = [v for v in self.versions.all() if v.status == FormStatus.CURRENT]
        return max(versions, key=FormVersion.sort_key, default=None)


class FormVersion(Orderable):
    """One edition of a form: a Wagtail document with its version and date."""

    form = ParentalKey(FormTemplate, on_delete=models.CASCADE, related_name="versions")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="tệp biểu mẫu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.CharField(
        "phiên bản", max_length=50, help_text="Ví dụ: 1, 2 hoặc 2024."
    )
    effective_date = models.DateField("ngày có hiệu lực")
    status = models.CharField(
        "tình trạng",
        max_length=20,
        choices=FormStatus.choices,
        default=FormStatus.CURRENT,
    )
    # Set by the virus scanner only (forms_library.scanning), never in a form.
    scan_status = models.CharField(
        "quét virus",
        max_length=20,
        choices=ScanStatus.choices,
        default=ScanStatus.PENDING,
        editable=False,
    )

    panels = [
        FieldPanel("document"),
        FieldRowPanel(
            [FieldPanel("version"), FieldPanel("effective_date"), FieldPanel("status")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "phiên bản biểu mẫu"
        verbose_name_plural = "phiên bản biểu mẫu"
        ordering = ["-effective_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.form} ({self.version})"

    def sort_key(self) -> tuple[Any, int]:
        return (self.effective_date, self.pk or 0)

    def get_download_url(self) -> str:
        return reverse("forms_library:download_version", args=[self.pk])

    @property
    def file_kind(self) -> Any:
        from forms_library.validation import kind_for_name

        return kind_for_name(self.document.file.name)

    @property
    def file_size(self) -> int:
        size = self.document.file_size
        if size is None:
            size = self.document.file.size
        return int(size)


class FormDownloadCount(DailyCounter):
    """Downloads of one form on one day: an aggregate, nothing about the visitor."""

    form = models.ForeignKey(
        FormTemplate, on_delete=models.CASCADE, related_name="download_counts"
    )

    class Meta:
        verbose_name = "lượt tải biểu mẫu"
        verbose_name_plural = "lượt tải biểu mẫu"
        constraints = [
            models.UniqueConstraint(fields=["form", "day"], name="one_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.day}: {self.count}"


# Online services (level 3) keep their models in the online package.
from forms_library.online.models import (  # noqa: E402, F401
    DraftFile,
    OnlineDraft,
    OnlineFormField,
    OnlineFormVersion,
    OnlineServicePage,
)
