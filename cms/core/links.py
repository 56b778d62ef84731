"""Links from one site of this installation to another.

Every site is served by the same server, so a link to another site keeps the
scheme and port the visitor used (``make demo`` serves every site on :8000).
"""

from __future__ import annotations

from django.http import HttpRequest


def site_link(hostname: str, request: HttpRequest | None) -> str:
    """A link to another site of this installation, on the request's scheme/port.

    All sites are served by the same server, so the scheme and port the visitor
    used are right for the others too (``make demo`` serves on :8000).
    """
    if request is None:
        return f"http://{hostname}/"
    # A page links many others (menus, listings, panels): the scheme and port
    # are worked out once per request (get_host() checks ALLOWED_HOSTS each time).
    base = getattr(request, "_portal_link_base", None)
    if base is None:
        host = request.get_host()
        port = host.rsplit(":", 1)[1] if ":" in host.rsplit("]", 1)[-1] else ""
        suffix = f":{port}" if port else ""
        base = (f"{request.scheme}://", suffix)
        request._portal_link_base = base  # type: ignore[attr-defined]
    return f"{base[0]}{hostname}{base[1]}/"


def root_url_for(hostname: str, request: HttpRequest | None) -> str:
    """``scheme://hostname[:port]`` of another site, as this request reaches us."""
    return site_link(hostname, request).rstrip("/")
