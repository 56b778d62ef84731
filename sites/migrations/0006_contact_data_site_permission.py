"""Existing sites' editors and moderators may edit their site's contact data
(``sites.contact_admin``); provisioning grants it to new sites."""

from django.db import migrations


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    GroupSitePermission = apps.get_model("wagtailcore", "GroupSitePermission")
    SiteProfile = apps.get_model("portal_sites", "SiteProfile")
    permission = Permission.objects.filter(
        content_type__app_label="portal_sites", codename="change_siteprofile"
    ).first()
    if permission is None:  # a fresh database: no site exists yet either
        return
    rows = [
        GroupSitePermission(
            group_id=group_id, site_id=profile.site_id, permission=permission
        )
        for profile in SiteProfile.objects.all()
        for group_id in (profile.editors_group_id, profile.moderators_group_id)
        if group_id is not None
    ]
    GroupSitePermission.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_sites", "0005_siteprofile_head_of_unit"),
        ("wagtailcore", "0095_groupsitepermission"),
        ("auth", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
