"""Dossiers (hồ sơ) submitted online, their files and events, and the data the
rules read: agency codes, the working-day calendar, slip formats."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import AbstractFormSubmission

from cms.core.models import TimestampedModel
from dossiers.enums import CLOCK_RUNNING, TRANSITIONS, Actor, DossierStatus
from procedure_pages.models import OnlineKind


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
    # The desk (issue 12): who handles it, the clock, the result.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_appointment_date = models.DateField(
        "ngày hẹn ban đầu", null=True, blank=True
    )
    # Set while the applicant owes a supplement: the clock is stopped.
    clock_stopped_on = models.DateField(
        "ngừng tính thời gian từ", null=True, blank=True
    )
    stopped_days = models.PositiveIntegerField("số ngày làm việc tạm dừng", default=0)
    # An apology slip sets a new date; the dossier then counts as late.
    extensions = models.PositiveSmallIntegerField("số lần hẹn lại", default=0)
    completed_at = models.DateTimeField("ngày có kết quả", null=True, blank=True)
    result_note = models.TextField("kết quả, quyết định", blank=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-submit_time"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            # The inbox: a unit's dossiers, newest first, and its deadlines.
            models.Index(fields=["unit", "-submit_time"], name="dossier_inbox"),
            # IT staff's list and the combined list (received + opinions).
            models.Index(fields=["-submit_time"], name="dossier_newest"),
            models.Index(
                fields=["unit", "status", "appointment_date"], name="dossier_due"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("dossiers:status", args=[self.public_token])

    @property
    def received_at(self) -> Any:
        return self.submit_time

    @property
    def clock_running(self) -> bool:
        return self.status in CLOCK_RUNNING

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past the appointment date in force with the result not ready."""
        today = today or timezone.localdate()
        return bool(
            self.clock_running
            and self.appointment_date is not None
            and self.appointment_date < today
        )

    def is_late(self, today: datetime.date | None = None) -> bool:
        """Late for the statistics: extended with an apology, finished after
        the appointment date, or still open past it."""
        if self.extensions:
            return True
        if self.appointment_date is None:
            return False
        if self.completed_at is not None:
            return timezone.localtime(self.completed_at).date() > self.appointment_date
        return self.is_overdue(today)

    @property
    def returns_online(self) -> bool:
        """The procedure returns its result online (toàn trình, Decree 42/2022)."""
        return self.procedure.online_kind == OnlineKind.FULL


class DossierFileRole(models.TextChoices):
    COMPONENT = "component", "Thành phần hồ sơ"
    SUPPLEMENT = "supplement", "Tài liệu bổ sung"
    RESULT = "result", "Kết quả giải quyết"
    # Attachments of an opinion request or answer: staff only.
    OPINION = "opinion", "Tài liệu xin ý kiến"


# What the applicant may download: never the agencies' working papers.
APPLICANT_FILE_ROLES = (
    DossierFileRole.COMPONENT,
    DossierFileRole.SUPPLEMENT,
    DossierFileRole.RESULT,
)


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
    opinion = models.ForeignKey(
        "OpinionRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
    actor = models.CharField(max_length=20, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("ghi chú cho người nộp", blank=True)
    internal_note = models.TextField("ghi chú nội bộ", blank=True)
    # Whether the applicant sees the event (the table's ``public``, kept as it
    # was when the event happened).
    public = models.BooleanField(default=True)
    # What else the action changed: new date, unit asked, person assigned…
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.from_status}→{self.to_status}"

    @property
    def label(self) -> str:
        """The new state's name, or the action's for an event that changes none."""
        transition = TRANSITIONS.get(self.action)
        if self.from_status == self.to_status and transition and transition.label:
            return str(transition.label)
        return status_label(self.to_status)

    @property
    def from_label(self) -> str:
        return status_label(self.from_status) if self.from_status else "—"

    @property
    def to_label(self) -> str:
        return status_label(self.to_status)


def status_label(status: str) -> str:
    return str(dict(DossierStatus.choices).get(status, status))


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


class OpinionRequest(models.Model):
    """The lead unit asks another agency for its opinion (cơ quan phối hợp,
    đồng xử lý): a question, a due date, attachments; the answer comes back
    from that agency's own inbox."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="opinion_requests"
    )
    unit = models.ForeignKey(
        "portal_sites.AdministrativeUnit",
        verbose_name="cơ quan được xin ý kiến",
        on_delete=models.PROTECT,
        related_name="opinion_requests",
    )
    question = models.TextField("nội dung xin ý kiến")
    due_date = models.DateField("hạn trả lời", null=True, blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField("ý kiến", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "xin ý kiến phối hợp"
        verbose_name_plural = "xin ý kiến phối hợp"
        ordering = ["asked_at", "pk"]
        indexes = [models.Index(fields=["unit", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.unit_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class UnitDesk(models.Model):
    """A unit's one-stop desk: its staff group (process dossiers) and leaders'
    group (also approve and reject). Created with the unit's site by
    provisioning (``after_provision_site`` hook), or on first use."""

    unit = models.OneToOneField(
        "portal_sites.AdministrativeUnit",
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="desk",
    )
    staff_group = models.OneToOneField(
        "auth.Group",
        verbose_name="nhóm cán bộ một cửa",
        on_delete=models.PROTECT,
        related_name="+",
    )
    leaders_group = models.OneToOneField(
        "auth.Group",
        verbose_name="nhóm lãnh đạo",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "bộ phận một cửa"
        verbose_name_plural = "bộ phận một cửa"

    def __str__(self) -> str:
        return str(self.unit)


class Channel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không thành công"


class Notification(models.Model):
    """The outbox: one message to an applicant, written in the transaction of
    the change it reports and delivered later by the worker
    (``dossiers.outbox``), retried with backoff, never sent twice."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        DossierEvent,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    recipient = models.CharField("người nhận", max_length=255)
    subject = models.CharField("tiêu đề", max_length=255, blank=True)
    body = models.TextField("nội dung")
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker that took the row owns it until then; after, another may retry.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo gửi người nộp"
        verbose_name_plural = "thông báo gửi người nộp"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel"], name="one_notice_per_event_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}"


# --- the citizens' voice (issue 17) ---------------------------------------------------


class RatingReason(models.TextChoices):
    """Fixed reasons a citizen may tick with a rating (data for the figures)."""

    ON_TIME = "on_time", "Trả kết quả đúng hẹn"
    HELPFUL_STAFF = "helpful_staff", "Cán bộ hướng dẫn tận tình"
    CLEAR_INFORMATION = "clear_information", "Thông tin, hướng dẫn rõ ràng"
    EASY_ONLINE = "easy_online", "Nộp trực tuyến dễ dàng"
    LATE = "late", "Trả kết quả trễ hẹn"
    CUMBERSOME = "cumbersome", "Thủ tục rườm rà"
    MANY_TRIPS = "many_trips", "Phải đi lại nhiều lần"
    UNHELPFUL_STAFF = "unhelpful_staff", "Cán bộ thiếu nhiệt tình"


RATING_COMMENT_MAX = 1000


class DossierRating(models.Model):
    """The applicant's satisfaction with a finished dossier: once per dossier
    (the one-to-one is the database's guarantee), 1–5 with ticked reasons."""

    dossier = models.OneToOneField(
        Dossier,
        verbose_name="hồ sơ",
        on_delete=models.CASCADE,
        related_name="rating",
    )
    score = models.PositiveSmallIntegerField("mức hài lòng")
    # RatingReason values, in choice order.
    reasons = models.JSONField("lý do", default=list, blank=True)
    comment = models.TextField("góp ý", max_length=RATING_COMMENT_MAX, blank=True)
    created = models.DateTimeField("đánh giá lúc", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="rating_score_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(RatingReason.choices)
        return [str(labels[r]) for r in self.reasons if r in labels]


class FeedbackStatus(models.TextChoices):
    NEW = "new", "Mới"
    PROCESSING = "processing", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"


class FeedbackTopic(models.TextChoices):
    REGULATION = "regulation", "Quy định hành chính"
    SERVICE = "service", "Chất lượng phục vụ"


class Feedback(models.Model):
    """A citizen's feedback on administrative rules or service quality (phản
    ánh, kiến nghị), routed to the unit that collects them (Sở Nội vụ), with a
    status and an answer the citizen reads by code and second factor."""

    code = models.CharField("mã phản ánh", max_length=64, unique=True)
    unit = models.ForeignKey(
        "portal_sites.AdministrativeUnit",
        verbose_name="đơn vị tiếp nhận",
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    topic = models.CharField(
        "nội dung phản ánh về",
        max_length=20,
        choices=FeedbackTopic.choices,
        default=FeedbackTopic.SERVICE,
    )
    name = models.CharField("họ và tên", max_length=255)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    dossier_code = models.CharField("mã hồ sơ liên quan", max_length=64, blank=True)
    procedure = models.CharField("thủ tục liên quan", max_length=255, blank=True)
    subject = models.CharField("tiêu đề", max_length=255)
    content = models.TextField("nội dung")
    status = models.CharField(
        "trạng thái",
        max_length=20,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.NEW,
        db_index=True,
    )
    answer = models.TextField("trả lời", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    # The second factor: an HMAC of the PIN given once at submission.
    pin_digest = models.CharField(max_length=64)
    public_token = models.CharField(max_length=64, unique=True)
    site_hostname = models.CharField("gửi từ trang", max_length=255, blank=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "-created_at"], name="feedback_inbox"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("feedback:status", args=[self.public_token])


class FeedbackEvent(models.Model):
    """One change of a feedback item: who, when, from, to, what (the audit)."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The answer as it was set (kept even when edited later), or a staff note.
    answer = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.action} {self.from_status}→{self.to_status}"
