from .notify import unread_count
from .registry import nav_for


def shell(request):
    """What the base layout needs on every page: the sidebar for this user and the bell count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav = nav_for(user)
    sections: dict[str, list] = {}
    for item in nav:
        sections.setdefault(item.section, []).append(item)
    return {"nav_sections": sections, "unread_notifications": unread_count(user)}
