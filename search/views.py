from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Site

from search.services import search_site_pages


def search(request: HttpRequest) -> HttpResponse:
    outcome = search_site_pages(
        request.GET.get("q", ""),
        Site.find_for_request(request),
        request.GET.get("page", 1),
    )
    return TemplateResponse(request, "search/search_results.html", {"outcome": outcome})
