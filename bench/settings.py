"""Settings of the benchmark: the project's, served as in production, plus a bare view's URL."""

from registry.settings import *  # noqa: F403
from registry.settings import DATABASES

DEBUG = False  # whatever the environment says: no query log, the cached template loader
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Measure rendering, not the page cache; keep connections open between requests as a server would.
PAGE_CACHE_SECONDS = 0
# Time the API, not its per-address limit (every timed request comes from one address).
API_THROTTLE_RATE = None
DATABASES["default"]["CONN_MAX_AGE"] = 600
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
