"""The unit hierarchy is data: which parent a unit may have."""

import pytest
from django.core.exceptions import ValidationError

from sites.models import AdministrativeUnit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return AdministrativeUnit.objects.create(
        kind=UnitKind.PROVINCE, name="Tỉnh Cao Bằng", code="cao-bang"
    )


def test_commune_may_sit_under_a_district_or_directly_under_the_province(province):
    district = AdministrativeUnit(
        kind=UnitKind.DISTRICT, name="Huyện Hà Quảng", code="hq", parent=province
    )
    district.full_clean()
    district.save()
    AdministrativeUnit(
        kind=UnitKind.COMMUNE, name="Xã Trường Hà", code="th", parent=district
    ).full_clean()
    # Two-tier local government since July 2025: communes directly under provinces.
    AdministrativeUnit(
        kind=UnitKind.COMMUNE, name="Xã Hà Quảng", code="xhq", parent=province
    ).full_clean()


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [
        (UnitKind.COMMUNE, UnitKind.COMMUNE),
        (UnitKind.PROVINCE, UnitKind.PROVINCE),
        (UnitKind.DEPARTMENT, UnitKind.DISTRICT),
    ],
)
def test_wrong_parent_kind_is_rejected_in_vietnamese(province, kind, parent_kind):
    parent = (
        province
        if parent_kind == UnitKind.PROVINCE
        else AdministrativeUnit.objects.create(
            kind=parent_kind,
            name="Đơn vị cha",
            code="cha",
            parent=province if parent_kind != UnitKind.COMMUNE else None,
        )
    )
    unit = AdministrativeUnit(kind=kind, name="Đơn vị con", code="con", parent=parent)

    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "không thể trực thuộc" in str(error.value)


def test_a_department_without_parent_is_rejected():
    with pytest.raises(ValidationError, match="phải có đơn vị cấp trên"):
        AdministrativeUnit(
            kind=UnitKind.DEPARTMENT, name="Sở Xây dựng", code="sxd"
        ).full_clean()
