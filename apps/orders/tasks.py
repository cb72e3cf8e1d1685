"""Order-to-cash jobs; each area keeps its tasks in its own module and adds its schedules here."""

from .tasks_money import SCHEDULES as MONEY_SCHEDULES
from .tasks_orders import SCHEDULES as ORDER_SCHEDULES

SCHEDULES = [*ORDER_SCHEDULES, *MONEY_SCHEDULES]
