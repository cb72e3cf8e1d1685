"""Catalogue rights per role (merged into the roles by apps.org.services.sync_roles)."""

_SEE_PRODUCTS = ["catalog.view_product", "catalog.view_category"]
_SEE_PRICES = ["catalog.view_pricelist", "catalog.view_priceitem", "catalog.view_pricewindow"]
_SEE_STOCK = ["catalog.view_warehouse", "catalog.view_stocklevel", "catalog.view_stockmovement",
              "catalog.view_stockcount", "catalog.view_stockcountline"]
_MANAGE_PRODUCTS = ["catalog.add_product", "catalog.change_product", "catalog.add_category",
                    "catalog.change_category"]
_MANAGE_PRICES = ["catalog.add_pricelist", "catalog.change_pricelist", "catalog.delete_pricelist",
                  "catalog.add_priceitem", "catalog.change_priceitem", "catalog.delete_priceitem",
                  "catalog.add_pricewindow", "catalog.change_pricewindow", "catalog.delete_pricewindow",
                  "catalog.view_confidential_prices"]
_MANAGE_STOCK = [*_SEE_STOCK, "catalog.add_stockmovement", "catalog.add_stockcount", "catalog.change_stockcount",
                 "catalog.change_stockcountline"]
_APPROVE_COUNTS = [*_SEE_STOCK, "catalog.approve_stockcount"]

# Every staff role sees products and the non-confidential prices (domain.md §5, §16).
_STAFF = ["marketing_director", "department_manager", "regional_manager", "sales_rep", "foreign_trade_rep",
          "sales_admin", "ecommerce_specialist", "cs_manager", "cs_supervisor", "cs_group_leader", "cs_agent",
          "return_visit_agent", "qa_evaluator", "kb_editor", "aftersales_manager", "warranty_technician",
          "parts_keeper", "service_point_technician", "telemarketing_manager", "shift_leader", "team_leader",
          "telemarketing_agent", "branch_gm", "branch_clerk", "hq_clerk", "finance", "hr", "warehouse",
          "system_admin"]
ROLE_GRANTS = {code: [*_SEE_PRODUCTS, *_SEE_PRICES] for code in _STAFF}
ROLE_GRANTS["partner_user"] = list(_SEE_PRODUCTS)
for _code in ("marketing_director", "sales_admin", "system_admin"):
    ROLE_GRANTS[_code] += [*_MANAGE_PRODUCTS, *_MANAGE_PRICES, *_SEE_STOCK]
ROLE_GRANTS["system_admin"] += ["catalog.add_warehouse", "catalog.change_warehouse"]
ROLE_GRANTS["warehouse"] += [*_MANAGE_STOCK, "catalog.add_warehouse", "catalog.change_warehouse"]
ROLE_GRANTS["parts_keeper"] += _MANAGE_STOCK
ROLE_GRANTS["marketing_director"] += _APPROVE_COUNTS
ROLE_GRANTS["aftersales_manager"] += _APPROVE_COUNTS
ROLE_GRANTS["finance"] += [*_APPROVE_COUNTS, "catalog.view_confidential_prices"]
for _code in ("hq_clerk", "branch_clerk", "warranty_technician"):
    ROLE_GRANTS[_code] += _SEE_STOCK
