"""Units provisioned before the desk existed get their staff and leaders'
groups (new units get them from provisioning's ``after_provision_site`` hook)."""

from django.db import migrations

PERMISSIONS = (("wagtailadmin", "access_admin"),)


def create_desks(apps, schema_editor):
    unit_model = apps.get_model("portal_sites", "AdministrativeUnit")
    desk_model = apps.get_model("dossiers", "UnitDesk")
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    site_profile = apps.get_model("portal_sites", "SiteProfile")
    permissions = list(
        permission_model.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    hostnames = dict(site_profile.objects.values_list("unit_id", "site__hostname"))
    for unit in unit_model.objects.exclude(
        pk__in=desk_model.objects.values("unit_id")
    ):
        label = hostnames.get(unit.pk) or unit.code
        staff, _ = group_model.objects.get_or_create(
            name=f"Cán bộ một cửa – {label}"[:150]
        )
        leaders, _ = group_model.objects.get_or_create(
            name=f"Lãnh đạo – {label}"[:150]
        )
        for group in (staff, leaders):
            group.permissions.add(*permissions)
        desk_model.objects.create(unit=unit, staff_group=staff, leaders_group=leaders)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_desk"),
        ("portal_sites", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_desks, migrations.RunPython.noop)]
