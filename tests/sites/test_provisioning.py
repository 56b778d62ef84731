"""Provisioning creates a whole site in one go, once, or nothing at all."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
)

from forms_library.models import FormLibraryIndexPage
from procedure_pages.models import ProcedureIndexPage
from sites.models import AdministrativeUnit, ContactPage, DirectoryPage, SiteProfile
from sites.provisioning import ProvisioningError, SiteSpec, provision_site
from tests.sites.conftest import PORTAL, XAY_DUNG
from themes.models import ThemeSettings

pytestmark = pytest.mark.django_db

MODELS = [
    Site,
    Page,
    AdministrativeUnit,
    SiteProfile,
    Group,
    GroupPagePermission,
    GroupCollectionPermission,
    GroupSitePermission,
    Collection,
    Workflow,
    ThemeSettings,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def provision(*args: str) -> str:
    out = StringIO()
    call_command("provision_site", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_command_creates_the_site_with_everything_it_needs(province):
    output = provision(
        "--kind=department",
        "--name=Sở Xây dựng",
        f"--hostname={XAY_DUNG}",
        f"--parent={PORTAL}",
    )

    assert "Đã tạo trang" in output
    site = Site.objects.get(hostname=XAY_DUNG)
    profile = site.profile
    assert profile.unit.kind == "department"
    assert profile.unit.name == "Sở Xây dựng"
    assert profile.unit.parent == province.profile.unit
    home = site.root_page.specific
    assert home.title == "Sở Xây dựng" and home.live
    children = home.get_children().live()
    assert ProcedureIndexPage.objects.child_of(home).live().get().slug == (
        "thu-tuc-hanh-chinh"
    )
    assert FormLibraryIndexPage.objects.child_of(home).live().get().slug == "bieu-mau"
    assert ContactPage.objects.child_of(home).live().count() == 1
    assert children.count() == 3
    # Groups: page permissions on this site's home page only.
    editors, moderators = profile.editors_group, profile.moderators_group
    assert set(
        GroupPagePermission.objects.filter(group=editors).values_list(
            "page_id", "permission__codename"
        )
    ) == {(home.pk, "add_page"), (home.pk, "change_page")}
    assert set(
        GroupPagePermission.objects.filter(group=moderators).values_list(
            "permission__codename", flat=True
        )
    ) >= {"add_page", "change_page", "publish_page"}
    assert set(
        GroupPagePermission.objects.filter(group=moderators).values_list(
            "page_id", flat=True
        )
    ) == {home.pk}
    # Collection with matching permissions.
    assert set(
        GroupCollectionPermission.objects.filter(group=editors).values_list(
            "collection_id", flat=True
        )
    ) == {profile.collection_id}
    assert {
        "add_document",
        "choose_document",
        "add_image",
        "choose_image",
    } <= set(
        GroupCollectionPermission.objects.filter(group=editors).values_list(
            "permission__codename", flat=True
        )
    )
    # Workflow: moderators approve, attached to the home page.
    assert home.get_workflow() == profile.workflow
    task = profile.workflow.tasks.get().specific
    assert list(task.groups.all()) == [moderators]
    # Theme settings of the site, editable by the site's own groups.
    assert ThemeSettings.objects.filter(site=site).exists()
    assert GroupSitePermission.objects.filter(group=editors, site=site).exists()


def test_second_run_changes_nothing_and_says_so(province):
    args = ("--kind=department", "--name=Sở Xây dựng", f"--hostname={XAY_DUNG}")
    provision(*args, f"--parent={PORTAL}")
    before = counts()

    output = provision(*args, f"--parent={PORTAL}")

    assert counts() == before
    assert "đã có" in output


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            SiteSpec(kind="department", name="Sở A", hostname="sở-a.tinh.localhost"),
            "không phải là tên miền hợp lệ",
        ),
        (
            SiteSpec(kind="department", name="Sở A", hostname="http://a.localhost"),
            "không phải là tên miền hợp lệ",
        ),
        (
            SiteSpec(kind="department", name="Sở Khác", hostname=PORTAL, parent=PORTAL),
            "đã được dùng",
        ),
        (
            SiteSpec(
                kind="department",
                name="Sở A",
                hostname="a.tinh.localhost",
                parent="khongco.localhost",
            ),
            "không tồn tại",
        ),
        (
            SiteSpec(
                kind="province", name="Tỉnh B", hostname="b.localhost", parent=PORTAL
            ),
            "không thể trực thuộc",
        ),
        (
            SiteSpec(kind="department", name="Sở A", hostname="a.tinh.localhost"),
            "phải có đơn vị cấp trên",
        ),
        (
            SiteSpec(kind="ward", name="Phường A", hostname="a.tinh.localhost"),
            "Loại đơn vị",
        ),
    ],
)
def test_bad_input_gives_a_clear_error_and_creates_nothing(province, spec, message):
    before = counts()

    with pytest.raises(ProvisioningError, match=message):
        provision_site(spec)

    assert counts() == before


def test_commune_under_a_commune_is_refused_and_nothing_created(district):
    provision_site(
        SiteSpec(
            kind="commune",
            name="Xã Trường Hà",
            hostname="truongha.tinh.localhost",
            parent=district.hostname,
        )
    )
    before = counts()

    with pytest.raises(CommandError, match="không thể trực thuộc"):
        provision(
            "--kind=commune",
            "--name=Xã Con",
            "--hostname=xacon.tinh.localhost",
            "--parent=truongha.tinh.localhost",
        )

    assert counts() == before


def test_commune_directly_under_the_province_is_allowed(province):
    result = provision_site(
        SiteSpec(
            kind="commune",
            name="Xã Hà Quảng",
            hostname="xhq.tinh.localhost",
            parent=PORTAL,
        )
    )

    assert result.created
    assert result.site.profile.unit.parent == province.profile.unit


class Terminal(StringIO):
    def isatty(self):
        return True


def test_from_file_creates_all_rows_with_progress_and_summary(province, tmp_path):
    csv_file = tmp_path / "sites.csv"
    csv_file.write_text(
        "kind,name,hostname,parent\n"
        f"district,Huyện Hà Quảng,haquang.tinh.localhost,{PORTAL}\n"
        "commune,Xã Trường Hà,truongha.tinh.localhost,haquang.tinh.localhost\n"
        f"department,Sở Y tế,soyte.tinh.localhost,{PORTAL}\n",
        encoding="utf-8",
    )
    out, err = StringIO(), Terminal()  # the progress bar shows on a terminal only

    call_command("provision_site", f"--from-file={csv_file}", stdout=out, stderr=err)

    assert Site.objects.filter(hostname__endswith=".tinh.localhost").count() == 3
    commune = Site.objects.get(hostname="truongha.tinh.localhost").profile.unit
    assert commune.parent.name == "Huyện Hà Quảng"
    assert "3/3" in err.getvalue()
    assert "3 dòng: 3 trang mới" in out.getvalue()

    out = StringIO()
    call_command("provision_site", f"--from-file={csv_file}", stdout=out, stderr=err)
    assert "3 dòng: 0 trang mới, 3 đã có" in out.getvalue()


def test_from_file_with_a_bad_row_creates_nothing_and_names_the_rows(
    province, tmp_path
):
    csv_file = tmp_path / "sites.csv"
    csv_file.write_text(
        "kind,name,hostname,parent\n"
        f"district,Huyện Hà Quảng,haquang.tinh.localhost,{PORTAL}\n"
        "commune,Xã Trường Hà,truongha.tinh.localhost,khongco.tinh.localhost\n"
        f"department,Sở Y tế,soyte.tinh.localhost,{PORTAL}\n"
        f"department,Sở Y tế trùng,soyte.tinh.localhost,{PORTAL}\n",
        encoding="utf-8",
    )
    before = counts()

    with pytest.raises(CommandError) as error:
        call_command(
            "provision_site",
            f"--from-file={csv_file}",
            stdout=StringIO(),
            stderr=StringIO(),
        )

    assert counts() == before
    assert "Dòng 3" in str(error.value)
    assert "Dòng 5" in str(error.value)
    assert "Dòng 2" not in str(error.value)


def test_from_file_without_required_columns_is_refused(province, tmp_path):
    csv_file = tmp_path / "sites.csv"
    csv_file.write_text("kind,name\ndistrict,Huyện A\n", encoding="utf-8")

    with pytest.raises(CommandError, match="hostname"):
        call_command("provision_site", f"--from-file={csv_file}", stdout=StringIO())


def test_provincial_portal_gets_a_directory_page(province):
    assert DirectoryPage.objects.child_of(province.root_page).live().count() == 1


def test_a_new_default_site_takes_over_from_wagtails_placeholder(db):
    from sites.provisioning import tree_root

    placeholder_root = tree_root().add_child(
        instance=Page(title="Welcome", slug="welcome-placeholder")
    )
    Site.objects.create(
        hostname="placeholder", root_page=placeholder_root, is_default_site=True
    )

    site = provision_site(
        SiteSpec(kind="province", name="Tỉnh Thử", hostname=PORTAL, is_default=True)
    ).site

    assert list(Site.objects.filter(is_default_site=True)) == [site]
