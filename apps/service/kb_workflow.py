"""The only way an article's status changes: draft → in review → published → archived (domain.md §7)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import ArticleStatus as S

TRANSITIONS = {
    S.DRAFT: {S.IN_REVIEW, S.ARCHIVED},
    S.IN_REVIEW: {S.DRAFT, S.PUBLISHED},  # the reviewer publishes it or sends it back with a note
    S.PUBLISHED: {S.ARCHIVED},
    S.ARCHIVED: {S.DRAFT},  # revived as a draft, reviewed again before agents see it
}


class InvalidArticleTransition(ValidationError):
    """The article's current status does not allow the requested one."""


def can_transition(current: str, target: str) -> bool:
    return S(target) in TRANSITIONS[S(current)]


def transition(article, target: str) -> str:
    """Move `article` to `target` or raise a translated error; returns the old status; the caller saves."""
    current = article.status
    if not can_transition(current, target):
        raise InvalidArticleTransition(
            _("An article cannot go from %(current)s to %(target)s.")
            % {"current": S(current).label, "target": S(target).label},
            code="invalid_transition",
        )
    article.status = target
    return current
