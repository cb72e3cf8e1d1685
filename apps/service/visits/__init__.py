"""Return visits (回访) and satisfaction follow-up (domain.md §7): the pure and read-only rooms of the feature.

Models live in `apps.service.models.visits`, writers in `apps.service.services.visits`, pages in
`apps.service.views.visits`, the API in `apps.service.api.visits`.
"""
