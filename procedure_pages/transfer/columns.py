"""The columns of the procedure files and the words their cells may hold.

``CONTRACT_COLUMNS`` are the interface of PORTAL.md §7; ``EXTRA_COLUMNS`` are
what export → import needs to reproduce every field.
"""

from __future__ import annotations

from procedure_pages.models import (
    OnlineKind,
    ProcedureStatus,
    ProcessingTimeUnit,
    Tier,
    UserType,
)

CONTRACT_COLUMNS = [
    "code",
    "name",
    "sector",
    "agency",
    "tier",
    "level",
    "online_kind",
    "user_type",
    "processing_days",
    "fee",
    "applicants",
    "steps",
    "documents",
    "result",
    "legal_basis",
]
EXTRA_COLUMNS = [
    "conditions",
    "channels",
    "processing_time_unit",
    "processing_time_text",
    "fee_amount",
    "deciding_agency",
    "co_agencies",
    "status",
    "sample",
]
COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS
REQUIRED_COLUMNS = ["code", "name"]
ITEM_SEPARATOR = " | "
PART_SEPARATOR = "; "

MAX_LENGTHS = {
    "code": 50,
    "name": 2000,
    "sector": 255,
    "agency": 255,
    "deciding_agency": 255,
    "processing_time_text": 2000,
}
MAX_TEXT_LENGTH = 20000

TIER_WORDS = {
    "tinh": Tier.PROVINCIAL,
    "tỉnh": Tier.PROVINCIAL,
    "cấp tỉnh": Tier.PROVINCIAL,
    "huyen": Tier.DISTRICT,
    "huyện": Tier.DISTRICT,
    "cấp huyện": Tier.DISTRICT,
    "xa": Tier.COMMUNE,
    "xã": Tier.COMMUNE,
    "cấp xã": Tier.COMMUNE,
}
ONLINE_KIND_WORDS = {
    "toan_trinh": OnlineKind.FULL,
    "toàn trình": OnlineKind.FULL,
    "mot_phan": OnlineKind.PARTIAL,
    "một phần": OnlineKind.PARTIAL,
    "none": OnlineKind.NONE,
    "không": OnlineKind.NONE,
}
USER_TYPE_WORDS = {
    "individual": UserType.INDIVIDUAL,
    "cá nhân": UserType.INDIVIDUAL,
    "organisation": UserType.ORGANISATION,
    "organization": UserType.ORGANISATION,
    "tổ chức": UserType.ORGANISATION,
    "both": UserType.BOTH,
    "cá nhân, tổ chức": UserType.BOTH,
}
STATUS_WORDS = {
    "in_force": ProcedureStatus.IN_FORCE,
    "còn hiệu lực": ProcedureStatus.IN_FORCE,
    "suspended": ProcedureStatus.SUSPENDED,
    "tạm dừng": ProcedureStatus.SUSPENDED,
    "abolished": ProcedureStatus.ABOLISHED,
    "bãi bỏ": ProcedureStatus.ABOLISHED,
}
UNIT_WORDS = {
    "working_days": ProcessingTimeUnit.WORKING_DAYS,
    "ngày làm việc": ProcessingTimeUnit.WORKING_DAYS,
    "calendar_days": ProcessingTimeUnit.CALENDAR_DAYS,
    "ngày": ProcessingTimeUnit.CALENDAR_DAYS,
}
CHANNEL_WORDS = {
    "in_person": "channel_in_person",
    "trực tiếp": "channel_in_person",
    "post": "channel_post",
    "bưu chính": "channel_post",
    "online": "channel_online",
    "trực tuyến": "channel_online",
}
CHANNEL_NAMES = {
    "channel_in_person": "in_person",
    "channel_post": "post",
    "channel_online": "online",
}
TRUE_WORDS = {"1", "x", "yes", "true", "có"}
FALSE_WORDS = {"", "0", "no", "false", "không"}

# ProcedurePage fields the importer owns (compared to decide "unchanged").
IMPORTED_FIELDS = [
    "title",
    "full_name",
    "sector_id",
    "lead_agency_id",
    "deciding_agency_id",
    "tier",
    "level",
    "online_kind",
    "user_type",
    "processing_days",
    "processing_time_unit",
    "processing_time_text",
    "fee_amount",
    "fee_text",
    "applicants",
    "result",
    "conditions",
    "channel_in_person",
    "channel_post",
    "channel_online",
    "status",
    "is_sample",
]
STREAM_FIELDS = ["steps", "documents", "legal_basis"]
