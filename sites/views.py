"""Admin view: IT staff provision a site (thin; the service does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.links import site_link
from sites.forms import ProvisionSiteForm
from sites.permissions import can_provision_sites
from sites.provisioning import ProvisioningError, SiteSpec, provision_site


class ProvisionSiteView(WagtailAdminTemplateMixin, FormView):
    """Only superusers and the system administrators' group may provision."""

    form_class = ProvisionSiteForm
    template_name = "sites/admin/provision_site.html"
    header_icon = "site"

    def get_page_title(self) -> str:
        return _("Create a unit's site")

    def dispatch(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponse:
        if not can_provision_sites(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ProvisionSiteForm) -> HttpResponse:
        spec = SiteSpec(**form.cleaned_data)
        try:
            result = provision_site(spec, user=self.request.user)
        except ProvisioningError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        level = messages.success if result.created else messages.info
        level(self.request, result.message)
        self.request.session["sites_last_provisioned"] = result.site.hostname
        return redirect("sites_provision")

    def get_context_data(self, **kwargs: object) -> dict:
        context = super().get_context_data(**kwargs)
        hostname = self.request.session.pop("sites_last_provisioned", None)
        if hostname:
            context["new_site_url"] = site_link(hostname, self.request)
        return context


provision_site_view = ProvisionSiteView.as_view()
