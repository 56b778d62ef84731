"""The dashboards' own data: the daily roll-up of the dossiers' figures and the
scorecard's points (configuration, editable in the admin)."""

from __future__ import annotations

from django.db import models

from dashboards.indicators import CHOICES


class DailyDossierFigures(models.Model):
    """The figures of the dossiers one unit received on one day (local date of
    submission), as of the roll-up that wrote them (``dashboards.rollup``).

    One row per day and receiving unit that has dossiers: the table grows with
    days × units, not with the number of dossiers, so a year's dashboard reads
    at most 366 × units rows whatever the volume."""

    day = models.DateField("ngày nộp")
    unit = models.ForeignKey(
        "portal_sites.AdministrativeUnit",
        verbose_name="đơn vị tiếp nhận",
        on_delete=models.CASCADE,
        related_name="+",
    )
    received = models.PositiveIntegerField("tiếp nhận", default=0)
    finished = models.PositiveIntegerField("đã có kết quả", default=0)
    on_time = models.PositiveIntegerField("đúng hạn", default=0)
    late = models.PositiveIntegerField("trễ hạn", default=0)
    overdue = models.PositiveIntegerField("quá hạn", default=0)
    online = models.PositiveIntegerField("nộp trực tuyến", default=0)
    # Sum over the finished dossiers of their processing time in working days
    # (the average is processing_days / finished).
    processing_days = models.PositiveIntegerField(
        "tổng số ngày làm việc giải quyết", default=0
    )
    # Open with the clock running: their "overdue" may change with the date
    # alone, so the day is rolled up again every night while this is above 0.
    pending = models.PositiveIntegerField("đang giải quyết", default=0)
    as_of = models.DateField("tính đến ngày")

    class Meta:
        verbose_name = "số liệu hồ sơ theo ngày"
        verbose_name_plural = "số liệu hồ sơ theo ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit"], name="one_figure_per_day_unit"
            )
        ]
        indexes = [models.Index(fields=["pending"], name="figures_pending")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.unit_id}"


class RollupRun(models.Model):
    """One roll-up. A nightly one (``through`` set) covers every day up to
    ``through``: the dashboards read the table for those days and compute later
    days live. A partial one (a range asked on the command line) leaves the
    coverage as it was."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    through = models.DateField(null=True, blank=True)
    days = models.PositiveIntegerField(default=0)
    dossiers = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}: {self.days} days"


class IndicatorPoints(models.Model):
    """The points Decision 766 (or its successor) gives one indicator of the
    scorecard: an updated decision is a change of these rows, not of code.
    Points are earned in proportion to the indicator's share (e.g. 90 % on time
    of 4 points gives 3.6); an indicator without data earns nothing and its
    group's total says so."""

    indicator = models.CharField(
        "chỉ tiêu", max_length=40, unique=True, choices=CHOICES
    )
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=2)
    note = models.CharField("căn cứ, ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "điểm chỉ tiêu (Quyết định 766)"
        verbose_name_plural = "điểm chỉ tiêu (Quyết định 766)"
        ordering = ["indicator"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.max_points}"
