from django.db.models import QuerySet
from django.http import Http404


def get_or_404(queryset: QuerySet, pk):
    """One row of a visible queryset, or 404 (also for malformed ids)."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
