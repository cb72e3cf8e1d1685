from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COMPANY = "company", _("Company")
    PARTNER = "partner", _("Channel partner")
    INTEGRATOR = "integrator", _("System integrator")
    CONTRACTOR = "contractor", _("Engineering contractor")
    INDUSTRY = "industry", _("Industry customer")


class CustomerSource(models.TextChoices):
    TRADE_FAIR = "trade_fair", _("Trade fair")
    INTERNET = "internet", _("Internet platform")
    WEBSITE = "website", _("Website")
    WECHAT = "wechat", _("WeChat")
    REFERRAL = "referral", _("Referral")
    TELEMARKETING = "telemarketing", _("Telemarketing")
    VISIT = "visit", _("Visit")
    WALK_IN = "walk_in", _("Walk-in")
    OTHER = "other", _("Other")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class CreditStatus(models.TextChoices):
    GOOD = "good", _("Good")
    NORMAL = "normal", _("Normal")
    WATCH = "watch", _("Watch")
    BAD = "bad", _("Bad")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("Email")
    NOTE = "note", _("Note")


class OpportunityStage(models.TextChoices):
    APPROACH = "approach", _("Approach (接近)")
    LEARN = "learn", _("Learn needs (了解)")
    PRESENT = "present", _("Present (说明)")
    CLOSE = "close", _("Close (促成)")
    WON = "won", _("Won (成交)")
    LOST = "lost", _("Lost (失败)")


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    CONVERTED = "converted", _("Converted")
    DISQUALIFIED = "disqualified", _("Disqualified")


class PoolEventKind(models.TextChoices):
    NOTICE = "notice", _("Reclaim notice")
    RECLAIM = "reclaim", _("Reclaimed to pool")
    CLAIM = "claim", _("Claimed from pool")
    RELEASE = "release", _("Released to pool")
    HANDOVER = "handover", _("Handed over")
