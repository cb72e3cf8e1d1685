"""The customers part of the demo company (domain.md §17): a few hundred customers with contacts, grades and
pool history, then activities, visit plans, opportunities in every stage and leads."""

from .demo_archive import seed_customers
from .demo_pipeline import seed_pipeline


def seed_demo(context: dict) -> None:
    context["customers"] = seed_customers(context)
    seed_pipeline(context)
