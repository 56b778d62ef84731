"""Online service pages, their fields, frozen versions and citizens' drafts."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, FormMixin
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from cms.core.models import BasePage, TimestampedModel
from cms.core.text import ascii_fold
from forms_library.online.builder import OnlineFormBuilder
from forms_library.online.fields import FieldType

ONLINE_SLUG = "nop-truc-tuyen"


class OnlineServicePage(RoutablePageMixin, FormMixin, BasePage):
    """The online service (level 3) of one procedure: ``<procedure>/nop-truc-tuyen/``.

    Editors compose the form (fields, steps, conditions, uploads per dossier
    component); citizens fill it in steps, save and resume, and submit a
    dossier to the receiving unit they choose.
    """

    intro = models.TextField(
        "hướng dẫn",
        blank=True,
        help_text="Hiển thị trước bước đầu tiên: ai được nộp, cần chuẩn bị gì.",
    )
    privacy_notice = models.TextField(
        "thông báo về dữ liệu cá nhân",
        blank=True,
        help_text="Mục đích thu thập, cơ quan được xem hồ sơ (Nghị định 13/2023).",
    )

    form_builder = OnlineFormBuilder
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        InlinePanel("form_fields", label="trường của biểu mẫu"),
    ]
    parent_page_types = ["procedure_pages.ProcedurePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "forms_library/online/service_page.html"
    landing_page_template = "forms_library/online/service_page.html"

    class Meta:
        verbose_name = "dịch vụ công trực tuyến"
        verbose_name_plural = "dịch vụ công trực tuyến"

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        # The address is part of the interface (PORTAL.md §7).
        self.slug = ONLINE_SLUG
        super().full_clean(*args, **kwargs)

    @property
    def procedure(self) -> Any:
        return self.get_parent().specific

    def get_submission_class(self) -> Any:
        """The model that keeps a submitted application: the dossier, which the
        ``dossiers`` app registers (``online.handoff``)."""
        from forms_library.online import handoff

        return handoff.submission_class()

    def process_form_submission(self, form: Any) -> Any:
        raise NotImplementedError(
            "Online services submit through forms_library.online.journey"
        )

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # RoutablePageMixin's serve, not FormMixin's one-page flow.
        return RoutablePageMixin.serve(self, request, *args, **kwargs)

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from forms_library.online import views

        return views.preview(self, request)

    @path("", name="form")
    def form_view(self, request: HttpRequest) -> HttpResponse:
        from forms_library.online import views

        return views.step(self, request)

    @path("tiep-tuc/", name="resume")
    def resume_view(self, request: HttpRequest) -> HttpResponse:
        from forms_library.online import views

        return views.resume(self, request)

    @path("da-luu/", name="saved")
    def saved_view(self, request: HttpRequest) -> HttpResponse:
        from forms_library.online import views

        return views.saved(self, request)

    @re_path(r"^dia-ban/(?P<province>\d{1,3})/$", name="wards")
    def wards_view(self, request: HttpRequest, province: str) -> HttpResponse:
        from forms_library.online import views

        return views.wards(request, int(province))


class OnlineFormField(AbstractFormField):
    """A field of an online form, with the portal's types and rules."""

    page = ParentalKey(
        OnlineServicePage, on_delete=models.CASCADE, related_name="form_fields"
    )
    field_type = models.CharField(
        verbose_name="loại trường", max_length=16, choices=FieldType.choices
    )
    accept = models.CharField(
        "loại tệp chấp nhận",
        max_length=100,
        blank=True,
        help_text="Với trường tệp: mã loại cách nhau bởi dấu phẩy, ví dụ "
        "pdf,jpeg,png,docx. Để trống: pdf,jpeg,png.",
    )
    max_size_mb = models.PositiveSmallIntegerField(
        "dung lượng tối đa mỗi tệp (MB)", null=True, blank=True
    )
    max_files = models.PositiveSmallIntegerField("số tệp tối đa", default=1)
    show_if_field = models.CharField(
        "chỉ hiện khi trường",
        max_length=255,
        blank=True,
        help_text="Tên hoặc nhãn của một trường đứng trước. Với tiêu đề hoặc bước: "
        "áp dụng cho cả mục hoặc cả bước.",
    )
    show_if_value = models.CharField("có giá trị", max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("field_type")]),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("choices"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("accept"),
                        FieldPanel("max_size_mb"),
                        FieldPanel("max_files"),
                    ]
                )
            ],
            heading="Tệp đính kèm",
        ),
        FieldRowPanel([FieldPanel("show_if_field"), FieldPanel("show_if_value")]),
    ]

    def get_field_clean_name(self) -> str:
        """``so_dien_thoai`` for "Số điện thoại": Wagtail's own slugging turns
        "đ" into ``u0111``; we fold Vietnamese first (names are the API's)."""
        return get_field_clean_name(ascii_fold(self.label))

    class Meta(AbstractFormField.Meta):
        verbose_name = "trường của biểu mẫu trực tuyến"
        verbose_name_plural = "trường của biểu mẫu trực tuyến"


class OnlineFormVersion(models.Model):
    """An immutable snapshot of a form's definition. Drafts and dossiers point
    to the version they were filled against; a changed form is a new version."""

    page = models.ForeignKey(
        OnlineServicePage, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("phiên bản")
    digest = models.CharField(max_length=64)
    definition = models.JSONField("định nghĩa")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiên bản biểu mẫu trực tuyến"
        verbose_name_plural = "phiên bản biểu mẫu trực tuyến"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="one_online_version_number"
            ),
            models.UniqueConstraint(
                fields=["page", "digest"], name="one_online_version_per_definition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("An online form version is immutable.")
        super().save(*args, **kwargs)


class OnlineDraft(TimestampedModel):
    """A citizen's application in progress, kept on the server between steps.

    ``key`` (256 bits) is the bearer secret in the form's links; ``resume_code``
    is short enough to write down and is only accepted with rate limiting.
    """

    key = models.CharField(max_length=64, unique=True)
    resume_code = models.CharField(max_length=16, unique=True)
    page = models.ForeignKey(
        OnlineServicePage, on_delete=models.CASCADE, related_name="drafts"
    )
    version = models.ForeignKey(
        OnlineFormVersion, on_delete=models.PROTECT, related_name="drafts"
    )
    answers = models.JSONField(default=dict)
    step = models.PositiveSmallIntegerField(default=0)
    unit = models.ForeignKey(
        "portal_sites.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(db_index=True)
    submitted_code = models.CharField(max_length=64, blank=True)
    submitted_url = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = "hồ sơ đang soạn"
        verbose_name_plural = "hồ sơ đang soạn"

    def __str__(self) -> str:
        return f"{self.page_id}:{self.resume_code}"


class DraftFile(models.Model):
    """A file already accepted for a draft (private storage, validated)."""

    draft = models.ForeignKey(
        OnlineDraft, on_delete=models.CASCADE, related_name="files"
    )
    field = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255)
    display_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=10)
    scan_status = models.CharField(max_length=10, default="pending")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name
