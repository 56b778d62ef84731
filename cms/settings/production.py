"""Production: everything security-relevant comes from the environment.

Starting without SECRET_KEY or ALLOWED_HOSTS fails immediately. HTTPS is assumed
(terminated at a proxy that sets X-Forwarded-Proto).
"""

from cms.settings.base import *  # noqa: F403
from cms.settings.env import env_bool, env_int, env_list, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or env_required("ALLOWED_HOSTS").split(",")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
VISIT_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 60 * 60

# Only real host names are served: no fallback to the portal for localhost.
SITES_DEFAULT_HOSTS = env_list("SITES_DEFAULT_HOSTS")
