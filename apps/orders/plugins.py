"""How orders plug into the shell: navigation, search, customer-360 panels."""

from django.utils.translation import gettext_lazy as _

SECTION = _("Orders")
