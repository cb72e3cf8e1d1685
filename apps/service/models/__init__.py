from .config import RoundRobinCursor, RoutingRule, SavedView, SLAPolicy, TicketCategory, TicketCounter, TicketTag
from .tickets import Ticket, TicketEscalation, TicketEvent, TicketMessage

__all__ = ["RoundRobinCursor", "RoutingRule", "SLAPolicy", "SavedView", "Ticket", "TicketCategory", "TicketCounter",
           "TicketEscalation", "TicketEvent", "TicketMessage", "TicketTag"]
