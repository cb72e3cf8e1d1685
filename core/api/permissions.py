from rest_framework.permissions import BasePermission, DjangoModelPermissions


class ModelPermissions(DjangoModelPermissions):
    """Model permissions for writes *and* reads (view_<model>), so a role without a right gets 403."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"],
                 "HEAD": ["%(app_label)s.view_%(model_name)s"], "OPTIONS": []}


def require_perm(perm: str) -> type[BasePermission]:
    """A DRF permission class for one Django permission."""

    class _Require(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and request.user.has_perm(perm))

    _Require.__name__ = f"Require_{perm.replace('.', '_')}"
    return _Require
