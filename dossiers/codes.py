"""Dossier codes: ``<receiving agency's code>-<YYMMDD>-<daily number>``
(Circular 01/2018/TT-VPCP art. 19, kept by Circular 03/2025/TT-VPCP), unique
under concurrency: the day's counter row is locked by its UPDATE until the
dossier's transaction commits."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from dossiers.models import DossierSequence, ReceivingAgencyCode
from sites.models import AdministrativeUnit


def agency_code(unit: AdministrativeUnit) -> str:
    """The unit's national agency code, else its own code (upper case)."""
    row = ReceivingAgencyCode.objects.filter(unit=unit).values_list("code", flat=True)
    code = row.first()
    if code:
        return code
    prefix = getattr(settings, "DOSSIERS_AGENCY_CODE_PREFIX", "") or ""
    return f"{prefix}{unit.code.upper()}"


def next_number(agency: str, day: datetime.date) -> int:
    """The next daily number; call inside the transaction that saves the dossier."""
    rows = DossierSequence.objects.filter(agency_code=agency, day=day)
    if not rows.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                DossierSequence.objects.create(agency_code=agency, day=day, last=1)
                return 1
        except IntegrityError:
            # Another dossier created the day's row first: take the next number.
            rows.update(last=F("last") + 1)
    return rows.values_list("last", flat=True).get()


def allocate(unit: AdministrativeUnit, day: datetime.date) -> str:
    agency = agency_code(unit)
    return f"{agency}-{day:%y%m%d}-{next_number(agency, day):04d}"
