"""Admin integration of the sites app: audit log action, provisioning view."""

from __future__ import annotations

from wagtail import hooks

from sites.services import PROVISION_ACTION


@hooks.register("register_log_actions")
def register_provision_action(actions):  # type: ignore[no-untyped-def]
    actions.register_action(PROVISION_ACTION, "Tạo trang đơn vị", "Đã tạo trang đơn vị")
