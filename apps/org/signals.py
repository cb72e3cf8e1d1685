"""Receivers that only invalidate: a change to the organisation makes every user's next request compute its data
scope afresh (core.access_cache). Changes of this kind are rare, and a unit's move rewrites its subtree's paths in
one UPDATE, so everyone's entries go rather than a chosen few."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import access_cache

from .models import Employee, OrgUnit, Role


@receiver(post_save, sender=Employee, dispatch_uid="org.employee_saved")
@receiver(post_delete, sender=Employee, dispatch_uid="org.employee_deleted")
@receiver(post_save, sender=OrgUnit, dispatch_uid="org.unit_saved")
@receiver(post_delete, sender=OrgUnit, dispatch_uid="org.unit_deleted")
@receiver(post_save, sender=Role, dispatch_uid="org.role_saved")
@receiver(post_delete, sender=Role, dispatch_uid="org.role_deleted")
def _organisation_changed(sender, **kwargs):
    access_cache.forget()
