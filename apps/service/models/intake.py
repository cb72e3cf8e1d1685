"""Customer intake by email: each message read from the service mailbox, remembered by its Message-ID."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..choices import InboundMailOutcome
from .tickets import Ticket, TicketMessage


class InboundMail(models.Model):
    """An email read from the service mailbox; the unique Message-ID makes a re-poll never process it twice."""

    message_id = models.CharField(_("Message-ID"), max_length=300, unique=True)
    from_address = models.CharField(pgettext_lazy("email sender", "from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=InboundMailOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="inbound_mails")
    ticket_message = models.ForeignKey(TicketMessage, verbose_name=_("message"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    processed_at = models.DateTimeField(_("processed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-processed_at", "-id"]
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")

    def __str__(self):
        return self.message_id
