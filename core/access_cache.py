"""What every request needs to know about its user — the permission set and the data-scope context — kept in the
cache that all worker processes share (the "access" alias: files under var/cache, or Redis), so that a request does
not query it again.

An entry is filed under two version tokens: everyone's (groups' permissions, roles, org units…) and the user's own
(their groups, direct permissions, user row). A change replaces the token, so the next request of anyone it touches,
in any process, misses the old entry and computes afresh. The token is replaced at once (the changing request then
reads its own writes) and again after commit: a request in another process that refilled the cache from the
not-yet-committed state in between filed it under a token nobody reads any more.

The tokens are replaced by signal receivers rather than by the services that make the changes, because the admin
site, role synchronisation and seeds change groups and permissions too; the receivers only invalidate the cache.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from . import versions

EVERYONE = "access:v"
ENTRY_SECONDS = 3600  # entries of replaced tokens are never read again; they expire instead of piling up


def _user_key(user_id) -> str:
    return f"{EVERYONE}:{user_id}"


def _versions(user_id) -> str | None:
    """The two tokens an entry of this user is filed under, or None when the cache does not keep them."""
    return versions.current(EVERYONE, _user_key(user_id))


def remember(user, part: str, compute: Callable):
    """`compute()` for this user, or its value from the last request since nothing it depends on changed."""
    tokens = _versions(user.pk)
    if tokens is None:
        return compute()
    key = f"access:{part}:{user.pk}:{tokens}"
    cache = caches[versions.ALIAS]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ENTRY_SECONDS)
    return value


def forget(user_id=None) -> None:
    """Make the next request of this user (None: of everyone) compute its permissions and data scope afresh."""
    key = EVERYONE if user_id is None else _user_key(user_id)
    versions.replace(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: versions.replace(key))


class CachedModelBackend(ModelBackend):
    """Django's model backend with the user's permission set kept in the access cache between requests."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = remember(user_obj, "permissions",
                                            lambda: super(CachedModelBackend, self).get_all_permissions(user_obj))
        return user_obj._perm_cache


# -- what invalidates: the auth models (the organisation app adds its own) ------------------------------------------

@receiver(post_save, sender=get_user_model(), dispatch_uid="access_cache.user_saved")
def _user_saved(sender, instance, **kwargs):
    forget(instance.pk)  # superuser or active flag


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="access_cache.user_groups")
@receiver(m2m_changed, sender=get_user_model().user_permissions.through, dispatch_uid="access_cache.user_perms")
def _user_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        forget(instance.pk)
    elif pk_set:
        for user_id in pk_set:
            forget(user_id)
    else:  # a group's or permission's users cleared
        forget()


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="access_cache.group_perms")
def _group_permissions_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        forget()


# Deleting a group or permission removes its links without m2m signals; renaming a permission changes its name;
# a migration may add permissions (a superuser has them all) in bulk, without signals — and a deployment's migrate
# also retires entries pickled by the previous release's code.
@receiver(post_migrate, dispatch_uid="access_cache.migrated")
@receiver(post_delete, sender=Group, dispatch_uid="access_cache.group_deleted")
@receiver(post_save, sender=Permission, dispatch_uid="access_cache.permission_saved")
@receiver(post_delete, sender=Permission, dispatch_uid="access_cache.permission_deleted")
def _everyone_changed(sender, **kwargs):
    forget()
