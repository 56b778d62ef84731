"""Existing sites' editors may add and change their site's form templates, their
moderators delete them too (provisioning grants it to new sites through the
``register_site_permissions`` hook)."""

from django.db import migrations

ROLES = {
    "editors_group_id": ("add_formtemplate", "change_formtemplate"),
    "moderators_group_id": (
        "add_formtemplate",
        "change_formtemplate",
        "delete_formtemplate",
    ),
}


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    GroupSitePermission = apps.get_model("wagtailcore", "GroupSitePermission")
    SiteProfile = apps.get_model("portal_sites", "SiteProfile")
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="forms_library",
            codename__endswith="_formtemplate",
        )
    }
    if not permissions:  # a fresh database: no site exists yet either
        return
    rows = [
        GroupSitePermission(
            group_id=getattr(profile, field),
            site_id=profile.site_id,
            permission=permissions[codename],
        )
        for profile in SiteProfile.objects.all()
        for field, codenames in ROLES.items()
        if getattr(profile, field) is not None
        for codename in codenames
        if codename in permissions
    ]
    GroupSitePermission.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("forms_library", "0006_draftfile_scan_status"),
        ("portal_sites", "0006_contact_data_site_permission"),
        ("wagtailcore", "0095_groupsitepermission"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
