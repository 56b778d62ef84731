"""Views of the sites app: the visitor counter's endpoint, and the admin view
where IT staff provision a site (thin; the services do the work)."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from cms.core.links import site_link
from sites.forms import ProvisionSiteForm
from sites.permissions import can_provision_sites
from sites.provisioning import ProvisioningError, SiteSpec, provision_site
from sites.visits import record, stats


@require_GET
def visit_counter(request: HttpRequest) -> JsonResponse:
    """``/luot-truy-cap/``: count this browser's visit of the site and answer
    the counter (online now, today, this week, total) as JSON.

    The pages' script asks for it, so pages carry no counter and set no cookie
    and can be cached; this small answer is never cached and sets the two
    anonymous cookies that make a visit count once.
    """
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    response = JsonResponse({})
    record(request, response, site)  # first, so the numbers include this visit
    response.content = json.dumps(asdict(stats(site)))
    patch_cache_control(response, private=True, no_store=True)
    return response


class ProvisionSiteView(WagtailAdminTemplateMixin, FormView):
    """Only superusers and the system administrators' group may provision."""

    form_class = ProvisionSiteForm
    template_name = "sites/admin/provision_site.html"
    header_icon = "site"

    def get_page_title(self) -> str:
        return _("Create a unit's site")

    def dispatch(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponseBase:
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
