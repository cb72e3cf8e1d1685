"""Version tokens in the cache every worker process shares (the "access" alias: files under var/cache, or Redis).
Whatever is kept under a token is stale once the token is replaced, in every process at once; core.access_cache
and core.config_cache keep their entries so."""

import secrets

from django.core.cache import caches

ALIAS = "access"


def current(*keys: str) -> str | None:
    """The tokens of `keys` joined (a new one for a key without), or None when the cache keeps nothing."""
    cache = caches[ALIAS]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in set(keys) - set(found):
            cache.add(key, secrets.token_hex(8), timeout=None)
        found = cache.get_many(keys)
    return ":".join(found[key] for key in keys) if len(found) == len(keys) else None


def replace(key: str) -> None:
    caches[ALIAS].set(key, secrets.token_hex(8), timeout=None)
