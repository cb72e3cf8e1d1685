"""No oversell: parallel reservations of the last units, each thread on its own database connection.

SQLite runs it on a file-backed copy of the test database (an in-memory database cannot be shared between
connections safely); PostgreSQL runs it on the test database itself:
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/pytest apps/catalog/tests/test_concurrency.py`.
"""

from decimal import Decimal

from apps.catalog import services
from apps.catalog.models import StockLevel, StockMovement
from core.testing.concurrency import in_thread, in_threads, shared_database
from core.testing.helpers import user

from .factories import make_product, make_warehouse, stocked

THREADS = 8
AVAILABLE = 5


def test_parallel_reservations_of_the_last_units_never_oversell(transactional_db, tmp_path):
    product, warehouse = make_product("HC-UV1313"), make_warehouse("wh-hq")
    stocked(product, warehouse, AVAILABLE)
    keeper = user("warehouse")
    with shared_database(tmp_path):
        def reserve(index):
            return services.reserve_stock(actor=keeper, product=product, warehouse=warehouse, quantity=1,
                                          reference=f"XS-{index}")

        results = in_threads(reserve, THREADS)
        refused = [r for r in results if isinstance(r, services.InsufficientStock)]
        unexpected = [r for r in results if isinstance(r, Exception) and r not in refused]
        assert not unexpected, unexpected
        assert len(refused) == THREADS - AVAILABLE
        assert all(exc.code == "insufficient_stock" for exc in refused)

        def state():
            level = StockLevel.objects.get(product=product, warehouse=warehouse)
            return (level.on_hand, level.reserved, StockMovement.objects.filter(kind="reservation").count(),
                    services.verify_stock_balances())

        on_hand, reserved, reservations, problems = in_thread(state)
    assert (on_hand, reserved) == (Decimal(AVAILABLE), Decimal(AVAILABLE))
    assert reservations == AVAILABLE
    assert problems == []
