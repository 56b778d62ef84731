"""The applicant's satisfaction rating of a finished dossier (issue 17).

Once per dossier (``DossierRating`` is one-to-one with ``Dossier``: the
database refuses a second row, whatever races), 1–5 with fixed reasons and an
optional comment, and only when the dossier is finished for the applicant:

- *returned* (đã trả kết quả): the result, granted or rejected with its reasons
  (a rejection reaches the applicant as a returned result too);
- *refused at reception* (từ chối tiếp nhận): the applicant dealt with the desk
  and was turned away, which is exactly what a satisfaction survey must hear.

Not while it is open (the service is not over), not *result ready* (not yet
collected), not *withdrawn* (the applicant stopped, the agency served nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.enums import DossierStatus
from dossiers.models import RATING_COMMENT_MAX, Dossier, DossierRating, RatingReason
from dossiers.services import plain_text

RATABLE = frozenset({DossierStatus.RETURNED, DossierStatus.REFUSED})
SCORES = (1, 2, 3, 4, 5)
# "Satisfied" for the figures (Decision 766's satisfaction group): 4 or 5.
SATISFIED_FROM = 4
SCORE_LABELS = {
    1: gettext_lazy("Very dissatisfied"),
    2: gettext_lazy("Dissatisfied"),
    3: gettext_lazy("Neutral"),
    4: gettext_lazy("Satisfied"),
    5: gettext_lazy("Very satisfied"),
}


class RatingRefused(Exception):
    """The dossier cannot be rated: already rated, or not in a ratable state."""

    ALREADY = "already_rated"
    NOT_RATABLE = "not_ratable"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        if self.reason == self.ALREADY:
            return _("This dossier has already been rated. Thank you!")
        return _(
            "A dossier can be rated once its result has been returned (or once "
            "it was refused at reception)."
        )


@dataclass
class RatingInput:
    score: int | None = None
    reasons: list[str] = field(default_factory=list)
    comment: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)


def parse(score: object, reasons: list[str], comment: object) -> RatingInput:
    """Check the submitted values; ``errors`` by field when they are not valid."""
    data = RatingInput()
    try:
        value = int(str(score).strip())
    except ValueError:
        value = 0
    if value in SCORES:
        data.score = value
    else:
        data.errors["score"] = [_("Choose from 1 to 5 stars.")]
    known = set(RatingReason.values)
    given = {str(r) for r in reasons[:20]}
    if given - known:
        data.errors["reasons"] = [_("Choose reasons from the list.")]
    data.reasons = [r for r in RatingReason.values if r in given]
    text = str(comment or "")
    if len(text) > RATING_COMMENT_MAX:
        data.errors["comment"] = [
            _("Write at most %(count)d characters.") % {"count": RATING_COMMENT_MAX}
        ]
    data.comment = plain_text(text, limit=RATING_COMMENT_MAX)
    return data


def can_rate(dossier: Dossier) -> bool:
    return dossier.status in RATABLE and not has_rating(dossier)


def has_rating(dossier: Dossier) -> bool:
    return DossierRating.objects.filter(dossier_id=dossier.pk).exists()


def rate(dossier: Dossier, data: RatingInput) -> DossierRating:
    """Record the rating; raises :class:`RatingRefused` for a second one or a
    dossier that is not finished for the applicant."""
    if data.errors or data.score is None:
        raise ValueError("invalid rating data")
    if dossier.status not in RATABLE:
        raise RatingRefused(RatingRefused.NOT_RATABLE)
    try:
        with transaction.atomic():
            return DossierRating.objects.create(
                dossier=dossier,
                score=data.score,
                reasons=data.reasons,
                comment=data.comment,
            )
    except IntegrityError:
        raise RatingRefused(RatingRefused.ALREADY) from None
