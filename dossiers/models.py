"""Dossiers (hồ sơ) submitted online, their files and events, and the data the
rules read: agency codes, the working-day calendar, slip formats."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import AbstractFormSubmission

from cms.core.models import TimestampedModel
from dossiers.enums import Actor, DossierStatus


class ReceivingAgencyCode(TimestampedModel):
    """A unit's code in the national list of agency codes (Circular 10/2016/TT-BTTTT),
    the first part of its dossier codes. Units without one use their own code."""

    unit = models.OneToOneField(
        "portal_sites.AdministrativeUnit",
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="agency_code",
    )
    code = models.CharField(
        "mã định danh cơ quan",
        max_length=40,
        unique=True,
        help_text="Ví dụ: 000.00.19.H12 (mã định danh điện tử của cơ quan).",
    )

    panels = [FieldPanel("unit"), FieldPanel("code")]

    class Meta:
        verbose_name = "mã định danh cơ quan tiếp nhận"
        verbose_name_plural = "mã định danh cơ quan tiếp nhận"

    def __str__(self) -> str:
        return f"{self.code} – {self.unit}"


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", "Ngày nghỉ"
    WORKING_DAY = "working_day", "Ngày làm việc (làm bù)"


class CalendarDay(TimestampedModel):
    """A one-off change to the working-day calendar announced by the government:
    an extra day off, or a Saturday worked to make up for a bridge day."""

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=20, choices=CalendarDayKind.choices)
    note = models.CharField(
        "căn cứ, ghi chú",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Thông báo số …/TB-VPCP về nghỉ Tết.",
    )

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("note")]

    class Meta:
        verbose_name = "điều chỉnh lịch làm việc"
        verbose_name_plural = "điều chỉnh lịch làm việc"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()}"


class SlipFormat(TimestampedModel):
    """The title and legal reference printed on a standard slip (the texts
    change with the decrees: data, not code)."""

    kind = models.CharField("loại phiếu", max_length=40, unique=True)
    title = models.CharField("tên phiếu", max_length=255)
    form_number = models.CharField("mẫu số", max_length=100, blank=True)
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("form_number"),
        FieldPanel("legal_basis"),
    ]

    class Meta:
        verbose_name = "mẫu phiếu"
        verbose_name_plural = "mẫu phiếu"

    def __str__(self) -> str:
        return self.title


class DossierSequence(models.Model):
    """The last daily number of one agency code (the code's 4-digit part)."""

    agency_code = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "day"], name="one_sequence_per_agency_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day}: {self.last}"


class Dossier(AbstractFormSubmission):
    """A dossier received online: the submission of an online service's form
    (``OnlineServicePage.get_submission_class()``), with its code and deadline."""

    # Dossiers outlive any edit of the page: never deleted with it.
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("mã hồ sơ", max_length=64, unique=True)
    procedure = models.ForeignKey(
        "procedure_pages.ProcedurePage",
        verbose_name="thủ tục",
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    unit = models.ForeignKey(
        "portal_sites.AdministrativeUnit",
        verbose_name="đơn vị tiếp nhận",
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    form_version = models.ForeignKey(
        "forms_library.OnlineFormVersion",
        verbose_name="phiên bản biểu mẫu",
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    status = models.CharField(
        "trạng thái",
        max_length=30,
        choices=DossierStatus.choices,
        default=DossierStatus.RECEIVED,
        db_index=True,
    )
    appointment_date = models.DateField("ngày hẹn trả kết quả", null=True, blank=True)
    decided_at = models.DateTimeField("ngày quyết định", null=True, blank=True)
    applicant_name = models.CharField("người nộp", max_length=255, blank=True)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_id_number = models.CharField("số CCCD", max_length=12, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=500, blank=True)
    channel = models.CharField("kênh nộp", max_length=10, default="web")
    public_token = models.CharField(max_length=64, unique=True)
    # NULL, not "", for dossiers without a key: unique must not clash on blanks.
    idempotency_key = models.CharField(  # noqa: DJ001
        max_length=255, unique=True, null=True
    )

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-submit_time"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("dossiers:status", args=[self.public_token])

    @property
    def received_at(self) -> Any:
        return self.submit_time


class DossierFileRole(models.TextChoices):
    COMPONENT = "component", "Thành phần hồ sơ"
    SUPPLEMENT = "supplement", "Tài liệu bổ sung"
    RESULT = "result", "Kết quả giải quyết"


class DossierFile(models.Model):
    """A file of a dossier, in private storage (served only after a check)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(
        max_length=20,
        choices=DossierFileRole.choices,
        default=DossierFileRole.COMPONENT,
    )
    field = models.CharField(max_length=255, blank=True)
    label = models.CharField(max_length=255, blank=True)
    stored_name = models.CharField(max_length=255)
    display_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=10)
    # forms_library.validation.scanners.ScanStatus: staff are served a file
    # only when is_servable_status() says so.
    scan_status = models.CharField(max_length=10, default="pending")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name


class DossierEvent(models.Model):
    """One change of a dossier: who, when, from, to, why (PORTAL.md §4)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    actor = models.CharField(max_length=10, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("ghi chú cho người nộp", blank=True)
    internal_note = models.TextField("ghi chú nội bộ", blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.from_status}→{self.to_status}"


class SupplementRequest(models.Model):
    """The agency's request for more documents, and the citizen's answer."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="supplement_requests"
    )
    message = models.TextField("nội dung yêu cầu")
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField("trả lời của người nộp", blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.message[:40]}"
