"""Local development and `make demo`: debug on, every *.localhost site allowed."""

from cms.settings.base import *  # noqa: F403
from cms.settings.env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
# A development-only key; production refuses to start without its own.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-5b1f0c2e-cms-demo")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [".localhost", "localhost", "127.0.0.1"])
# Template edits show at once: no page cache unless asked for.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
