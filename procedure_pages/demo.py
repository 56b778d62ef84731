"""Cao Bằng demo catalogue: the plan's 7 priority procedures plus generated
sample procedures up to the plan's 1,006 (650 provincial, 207 district, 149
commune), loaded through the importer.

The content is data (``demo_data/``), read by a small generator:

- ``priority.json``: the 7 priority procedures, complete;
- ``sectors.csv``: the sector → lead agency table, per tier, with each sector's
  applicants, processing time, fee and law;
- ``procedures.csv``: per sector, the objects of its procedures and the naming
  patterns applied to them (cấp / cấp lại / gia hạn … of the right object), with
  the form citizens fill in and the result they get;
- ``actions.csv``: what each action (cấp lại, gia hạn, thu hồi …) adds: the
  result's wording, an extra dossier document, a shorter processing time;
- ``patterns.json``: the wording shared by every sample (steps per tier …).

Procedures are published once per tier (PORTAL.md §3): a provincial one under
the site of its lead department, a district- or commune-tier one once, in the
portal's catalogue, led by the tier-wide agency ("UBND cấp huyện", "UBND cấp
xã"), and handled by every unit of the tier (``procedure_pages.handling``).

Generated procedures are sample data (``is_sample``, "Dữ liệu mẫu") with codes
``9.xxxxxx`` that the national database does not use; the codes of the 7
priority procedures follow the national format but are illustrative. Re-running
the seed imports only missing codes, so editors' changes survive.
"""

from __future__ import annotations

import csv
import functools
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

from django.conf import settings
from wagtail.models import Site

from procedure_pages.models import Agency, ProcedurePage, Tier
from procedure_pages.services import catalogue_for_site
from procedure_pages.transfer import import_file
from sites.models import AdministrativeUnit, UnitKind

DATA = Path(__file__).with_name("demo_data")
TOTALS: dict[str, int] = {Tier.PROVINCIAL: 650, Tier.DISTRICT: 207, Tier.COMMUNE: 149}
TIER_CODE: dict[str, int] = {Tier.PROVINCIAL: 1, Tier.DISTRICT: 2, Tier.COMMUNE: 3}
ITEM_SEPARATOR = " | "


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """ "Cấp giấy phép" → "cấp giấy phép" (keeps proper nouns further on)."""
    return text[:1].lower() + text[1:]


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


# --- the vocabulary -------------------------------------------------------------------


@dataclass(frozen=True)
class SectorSpec:
    """One row of the sector → agency table."""

    tier: str
    name: str
    agency: str
    user_type: str
    processing_days: int
    fee: str
    legal_basis: str


@dataclass(frozen=True)
class Action:
    """What an action word brings to a procedure's record (``actions.csv``)."""

    word: str
    result: str
    document: str
    days_ratio: float
    has_form: bool  # False: the agency acts on its own (thu hồi), no form

    def matches(self, pattern: str) -> bool:
        return pattern == self.word or pattern.startswith(self.word + " ")

    def fill(self, template: str, name: str) -> str:
        thing = name[len(self.word) :].strip()
        return template.format(
            thing=thing, Thing=_capitalise(thing), verb=_lower_first(self.word)
        )


@dataclass(frozen=True)
class Sample:
    """A generated procedure before it gets its code and level."""

    sector: SectorSpec
    name: str
    result: str
    form: str
    extra_document: str
    days_ratio: float


@dataclass
class Vocabulary:
    sectors: dict[tuple[str, str], SectorSpec]
    samples: dict[str, list[Sample]]
    patterns: dict[str, Any]
    priority: list[dict[str, Any]] = field(default_factory=list)


def _sectors() -> dict[tuple[str, str], SectorSpec]:
    sectors = {}
    for row in _read_csv("sectors.csv"):
        spec = SectorSpec(
            tier=row["tier"],
            name=row["sector"],
            agency=row["agency"],
            user_type=row["user_type"],
            processing_days=int(row["processing_days"]),
            fee=row["fee"],
            legal_basis=row["legal_basis"],
        )
        sectors[(spec.tier, spec.name)] = spec
    return sectors


def _actions() -> list[Action]:
    actions = [
        Action(
            word=row["action"],
            result=row["result"],
            document=row["document"],
            days_ratio=float(row["days_ratio"]),
            has_form=row["form"] != "0",
        )
        for row in _read_csv("actions.csv")
    ]
    # The longest word first: "Cấp lại" before "Cấp", "Đổi tên" before "Đổi".
    return sorted(actions, key=lambda action: -len(action.word))


def _name(pattern: str, thing: str) -> str:
    """An action applied to its object: "Cấp lại" + "giấy phép X", or a pattern
    with a placeholder: "Đăng ký {} lưu động" + "khai sinh"; no action: the
    object is the whole name."""
    if "{}" in pattern:
        return pattern.replace("{}", thing)
    return f"{pattern} {thing}" if pattern else thing


def _action(word: str, actions: list[Action]) -> Action | None:
    return next((action for action in actions if action.matches(word)), None)


def _samples_of_row(
    row: dict[str, str],
    sector: SectorSpec,
    actions: list[Action],
    patterns: dict[str, Any],
) -> Iterator[Sample]:
    literal = not row["actions"]
    words = [""] if literal else [word.strip() for word in row["actions"].split("|")]
    names = [_name(word, row["object"]) for word in words]
    found = [
        _action(name if literal else word, actions)
        for word, name in zip(words, names, strict=True)
    ]
    with_form = [action is None or action.has_form for action in found]
    # The row's form; "{}" in its title stands for what the citizen requests:
    # "Đơn đề nghị {}" → "Đơn đề nghị cấp, cấp lại giấy phép X".
    if literal:
        requested = _lower_first(row["object"])
    elif "{}" in row["actions"]:
        requested = _lower_first(names[0])
    else:
        verbs = ", ".join(
            _lower_first(word)
            for word, form in zip(words, with_form, strict=True)
            if form
        )
        requested = f"{verbs} {row['object']}"
    form = row["form"].replace("{}", requested)
    fallback = patterns["fallback_result"].format(agency=sector.agency)
    for name, action, has_form in zip(names, found, with_form, strict=True):
        from_table = action.fill(action.result, name) if action else ""
        # A literal name states its own result first (the table reads only its
        # first word); a pattern's action decides before the row's default.
        if literal:
            result = row["result"] or from_table or fallback
        else:
            result = from_table or row["result"] or fallback
        yield Sample(
            sector=sector,
            name=_capitalise(name),
            result=result,
            form=form if has_form else "",
            extra_document=action.fill(action.document, name)
            if action is not None and action.document and not literal
            else "",
            days_ratio=action.days_ratio if action is not None else 1.0,
        )


def _interleave(lists: Iterable[list[Sample]]) -> list[Sample]:
    """One from each list in turn: a small share still covers every list."""
    return [
        item for round_ in zip_longest(*lists) for item in round_ if item is not None
    ]


def _order(samples: list[Sample]) -> list[Sample]:
    """Samples in seeding order: agencies in turn, and each agency's sectors in
    turn, so a small ``DEMO_SAMPLE_SCALE`` still shows every agency and sector."""
    by_agency: dict[str, dict[str, list[Sample]]] = {}
    for sample in samples:
        agency = by_agency.setdefault(sample.sector.agency, {})
        agency.setdefault(sample.sector.name, []).append(sample)
    return _interleave(_interleave(sectors.values()) for sectors in by_agency.values())


@functools.cache
def vocabulary() -> Vocabulary:
    """The demo data files, read once and checked against each other."""
    sectors = _sectors()
    actions = _actions()
    patterns = json.loads((DATA / "patterns.json").read_text(encoding="utf-8"))
    by_tier: dict[str, list[Sample]] = {tier: [] for tier in TOTALS}
    for row in _read_csv("procedures.csv"):
        sector = sectors.get((row["tier"], row["sector"]))
        if sector is None:
            raise ValueError(
                f"procedures.csv: sector “{row['sector']}” ({row['tier']}) is not "
                "in sectors.csv"
            )
        by_tier[row["tier"]].extend(_samples_of_row(row, sector, actions, patterns))
    priority = json.loads((DATA / "priority.json").read_text(encoding="utf-8"))
    return Vocabulary(
        sectors=sectors,
        samples={tier: _order(samples) for tier, samples in by_tier.items()},
        patterns=patterns,
        priority=priority,
    )


def sector_agencies() -> dict[tuple[str, str], str]:
    """The sector → lead agency table, by (tier, sector)."""
    return {key: spec.agency for key, spec in vocabulary().sectors.items()}


def tier_agencies() -> dict[str, str]:
    """The agency leading every district-tier and every commune-tier procedure."""
    return dict(vocabulary().patterns["tier_agencies"])


def priority_rows() -> list[dict[str, Any]]:
    """The 7 priority procedures as import rows (multi-valued cells joined)."""
    return [
        {
            key: ITEM_SEPARATOR.join(value) if isinstance(value, list) else value
            for key, value in row.items()
        }
        for row in vocabulary().priority
    ]


# --- rows for the importer ------------------------------------------------------------


def _level(index: int) -> int:
    """A deterministic spread: ~70% level 2, ~25% level 3, ~5% level 4."""
    slot = index % 20
    return 4 if slot == 0 else 3 if slot < 6 else 2


def sample_code(tier: str, index: int) -> str:
    return f"9.{TIER_CODE[tier]}{index:05d}"


def _row(
    tier: str, index: int, sample: Sample, name: str, agency: str
) -> dict[str, Any]:
    patterns = vocabulary().patterns
    sector = sample.sector
    level = _level(index)
    applicant = patterns["applicants"][sector.user_type]
    office = patterns["offices"][tier].format(agency=agency)
    channel = patterns["channel_online" if level >= 3 else "channel_post"]
    words = {
        "agency": agency,
        "applicant": applicant,
        "office": office,
        "channel": channel,
        "return": patterns["return_post"],
    }
    documents = [
        patterns["form_document"].format(form=sample.form)
        if sample.form
        else patterns["request_document"].format(
            applicant_lower=_lower_first(applicant)
        )
    ]
    if sample.extra_document:
        documents.append(f"{sample.extra_document}; 1; 0")
    documents.append(patterns["applicant_documents"][sector.user_type])
    return {
        "code": sample_code(tier, index),
        "name": name,
        "sector": sector.name,
        "agency": agency,
        "tier": tier,
        "level": level,
        "user_type": sector.user_type,
        "processing_days": max(1, round(sector.processing_days * sample.days_ratio)),
        "fee": sector.fee,
        "applicants": patterns["applicant_text"][sector.user_type],
        "steps": ITEM_SEPARATOR.join(
            step.format(**words) for step in patterns["steps"][tier]
        ),
        "documents": ITEM_SEPARATOR.join(documents),
        "result": sample.result,
        "legal_basis": sector.legal_basis,
        "channels": "in_person | post | online" if level >= 3 else "in_person | post",
        "sample": "1",
    }


def _samples(tier: str, count: int) -> Iterator[tuple[int, Sample, str]]:
    """``count`` (index, sample, name); past the vocabulary (benchmarks ask for
    100,000), names repeat with "(trường hợp N)"."""
    samples = vocabulary().samples[tier]
    for index in range(count):
        sample = samples[index % len(samples)]
        round_ = index // len(samples)
        name = sample.name + (f" (trường hợp {round_ + 1})" if round_ else "")
        yield index, sample, name


def generated_rows(
    tier: str, count: int, agencies: list[str] | None = None
) -> list[dict[str, Any]]:
    """``count`` sample procedures of a tier, in seeding order, each led by its
    sector's agency; ``agencies`` replaces those round-robin (benchmarks that
    seed a catalogue with agencies of their own)."""
    return [
        _row(
            tier,
            index,
            sample,
            name,
            agencies[index % len(agencies)] if agencies else sample.sector.agency,
        )
        for index, sample, name in _samples(tier, count)
    ]


def _sample_counts(scale: float) -> dict[str, int]:
    """Sample procedures per tier: the plan's totals (scaled) minus priority."""
    counts: dict[str, int] = {}
    for tier, total in TOTALS.items():
        have = sum(1 for row in vocabulary().priority if row["tier"] == tier)
        counts[tier] = max(have, round(total * scale)) - have
    return counts


def demo_rows(scale: float = 1.0) -> list[dict[str, Any]]:
    """The 7 priority procedures, then sample ones up to the plan's totals.

    ``scale`` (settings.DEMO_SAMPLE_SCALE) shrinks the generated part; codes are
    stable, so a later full-scale seed only adds the missing ones.
    """
    rows = priority_rows()
    for tier, count in _sample_counts(scale).items():
        rows += generated_rows(tier, count)
    return rows


# --- forms of the sample procedures ---------------------------------------------------


@dataclass
class SampleForm:
    """The form (mẫu đơn, tờ khai) shared by the procedures of one vocabulary row."""

    title: str
    agency: str
    tier: str
    user_type: str
    procedures: list[tuple[str, str]] = field(default_factory=list)  # code, name


def sample_forms(scale: float = 1.0) -> list[SampleForm]:
    """One form per form title and agency, with the sample procedures (seeded at
    ``scale``) that use it, in seeding order."""
    forms: dict[tuple[str, str], SampleForm] = {}
    for tier, count in _sample_counts(scale).items():
        for index, sample, name in _samples(tier, count):
            if not sample.form:
                continue
            key = (sample.form, sample.sector.agency)
            form = forms.setdefault(
                key,
                SampleForm(
                    title=sample.form,
                    agency=sample.sector.agency,
                    tier=tier,
                    user_type=sample.sector.user_type,
                ),
            )
            form.procedures.append((sample_code(tier, index), name))
    return list(forms.values())


# --- seeding --------------------------------------------------------------------------


def ensure_agencies() -> dict[str, Agency]:
    """The departments' agencies (tied to their units, so their procedures go
    on their sites) and the tier-wide agencies of the district and commune
    tiers (no unit: their procedures are published once, on the portal)."""
    agencies = {}
    for unit in AdministrativeUnit.objects.filter(kind=UnitKind.DEPARTMENT):
        agency, _created = Agency.objects.get_or_create(
            name=unit.name, defaults={"tier": Tier.PROVINCIAL, "unit": unit}
        )
        if agency.unit_id is None:
            agency.unit = unit
            agency.save(update_fields=["unit"])
        agencies[agency.name] = agency
    for tier, name in tier_agencies().items():
        agencies[name], _created = Agency.objects.get_or_create(
            name=name, defaults={"tier": tier}
        )
    return agencies


def seed(report: Callable[[str], None] = print) -> None:
    """Catalogue pages on every site, agencies, and the 1,006 demo procedures."""
    started = time.monotonic()
    for site in Site.objects.select_related("root_page"):
        catalogue_for_site(site)
    ensure_agencies()
    rows = demo_rows(settings.DEMO_SAMPLE_SCALE)
    existing = set(ProcedurePage.objects.values_list("code", flat=True))
    missing = [row for row in rows if row["code"] not in existing]
    if not missing:
        report(f"exists   {len(rows)} procedures")
        return
    data = json.dumps(missing, ensure_ascii=False).encode()
    result = import_file(data, "demo-procedures.json")
    report(
        f"created  {len(result.created)} procedures through the importer "
        f"({time.monotonic() - started:.1f} s)"
    )
