"""Pure quality maths: weighted QA scores, period averages, the random sample, months, defect aggregation."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ItemScore:
    """The points given to one item, out of its maximum, with the item's weight."""

    points: Decimal
    max_points: Decimal
    weight: Decimal = Decimal(1)


def weighted_score(items: Iterable[ItemScore]) -> Decimal:
    """The evaluation's score out of 100: Σ weight × points ÷ Σ weight × maximum, to the cent.

    With every weight 1 and maxima adding up to 100, it is simply the sum of the points."""
    items = list(items)
    possible = sum((i.weight * i.max_points for i in items), Decimal(0))
    if possible <= 0:
        raise ValueError("An evaluation needs at least one item with points to give.")
    earned = sum((i.weight * i.points for i in items), Decimal(0))
    return (HUNDRED * earned / possible).quantize(CENT, rounding=ROUND_HALF_UP)


def points_error(points: Decimal, max_points: Decimal) -> str | None:
    """Why `points` cannot be given to an item worth `max_points` (None: they can)."""
    if points < 0:
        return "negative"
    if points > max_points:
        return "above_max"
    return None


def average(scores: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the given scores to the cent (None when there is none)."""
    values = [s for s in scores if s is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    """The first day of the month before the one `day` falls in."""
    return (month_start(day) - dt.timedelta(days=1)).replace(day=1)


def parse_period(text: str) -> dt.date | None:
    """'2026-10' (or '2026-10-15') → 2026-10-01; None for anything else."""
    try:
        return month_start(dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01"))
    except (TypeError, ValueError):
        return None


def choose_sample(candidates: dict[int, Sequence[int]], *, size: int, already: dict[int, int] | None = None,
                  rng: random.Random | None = None) -> dict[int, list[int]]:
    """Per agent, `size` tickets drawn at random from their candidates, less those already sampled for the period;
    an agent with fewer candidates gets them all. Candidates are sorted first, so a seeded `rng` repeats."""
    rng = rng or random.Random()
    already = already or {}
    chosen = {}
    for agent in sorted(candidates):
        wanted = max(size - already.get(agent, 0), 0)
        pool = sorted(candidates[agent])
        picked = pool if len(pool) <= wanted else rng.sample(pool, wanted)
        if picked:
            chosen[agent] = sorted(picked)
    return chosen


# -- the monthly quality feedback report ---------------------------------------------------------------------

DIMENSIONS = ("product", "model", "category", "cause", "region")
ROW_KEYS = ("kind", *DIMENSIONS)


@dataclass(frozen=True)
class Defect:
    """What the report counts of one defect ticket (a repair or a product complaint)."""

    kind: str
    product: str = ""
    model: str = ""
    category: str = ""
    cause: str = ""
    region: str = ""


def _clean(text: str, limit: int = 100) -> str:
    return " ".join((text or "").split())[:limit]


def aggregate_defects(defects: Iterable[Defect]) -> list[dict]:
    """Rows of the report: one per (kind, product, model, category, cause, region) with its count, largest first."""
    counts = Counter(tuple(_clean(getattr(d, key)) for key in ROW_KEYS) for d in defects)
    rows = [{**dict(zip(ROW_KEYS, key, strict=True)), "count": count} for key, count in counts.items()]
    return sorted(rows, key=lambda r: (-r["count"], *(r[k] for k in ROW_KEYS)))


def totals_by(rows: Iterable[dict], dimension: str) -> list[tuple[str, int]]:
    """(value, count) of one dimension over the rows, largest first (ties by value)."""
    counts: Counter = Counter()
    for row in rows:
        counts[row.get(dimension, "")] += row["count"]
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def recipients_by_department(table: Iterable[dict]) -> dict[str, list[str]]:
    """The report's recipients from the parameter's rows {department, emails}: addresses split on , ; or spaces,
    de-duplicated, departments without an address left out."""
    found: dict[str, list[str]] = {}
    for row in table:
        department = str(row.get("department", "")).strip()
        text = str(row.get("emails", "")).replace(";", ",").replace("；", ",").replace("，", ",")
        addresses = [a for part in text.split(",") for a in part.split() if "@" in a]
        if department and addresses:
            known = found.setdefault(department, [])
            for address in addresses:
                if address not in known:
                    known.append(address)
    return found
