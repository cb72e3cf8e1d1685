from .config import RoundRobinCursor, RoutingRule, SavedView, SLAPolicy, TicketCategory, TicketTag
from .intake import InboundMail
from .kb import Article, CannedReply, TicketArticle
from .quality import EvaluationItem, EvaluationTemplate, QAEvaluation, QAScore, QualityReport
from .tickets import Ticket, TicketEscalation, TicketEvent, TicketMessage
from .visits import FindingStep, ReturnVisit, ReturnVisitAttempt, SatisfactionFinding

__all__ = [
    "Article", "CannedReply", "EvaluationItem", "EvaluationTemplate", "FindingStep", "InboundMail", "QAEvaluation",
    "QAScore", "QualityReport", "ReturnVisit", "ReturnVisitAttempt", "RoundRobinCursor", "RoutingRule", "SLAPolicy",
    "SatisfactionFinding", "SavedView", "Ticket", "TicketArticle", "TicketCategory",
    "TicketEscalation", "TicketEvent", "TicketMessage", "TicketTag",
]
