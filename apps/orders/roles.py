"""Order-to-cash rights per role (merged into the roles by apps.org.services.sync_roles)."""

ROLE_GRANTS: dict[str, list[str]] = {}


def _grant(roles, perms) -> None:
    for role in roles:
        ROLE_GRANTS.setdefault(role, [])
        ROLE_GRANTS[role] += [p for p in perms if p not in ROLE_GRANTS[role]]


# -- orders and receivables (O1) -----------------------------------------------------------------------------------
_ORDER_VIEWERS = ["marketing_director", "department_manager", "regional_manager", "sales_rep", "foreign_trade_rep",
                  "ecommerce_specialist", "sales_admin", "branch_gm", "branch_clerk", "hq_clerk", "finance",
                  "cs_manager", "partner_user"]
_ORDER_ENTRY = ["sales_rep", "foreign_trade_rep", "ecommerce_specialist", "sales_admin", "branch_clerk", "hq_clerk",
                "partner_user"]
_grant(_ORDER_VIEWERS, ["orders.view_order", "orders.view_orderline", "orders.view_orderevent"])
_grant(_ORDER_ENTRY, ["orders.add_order", "orders.change_order"])
_grant(["warehouse"], ["orders.view_fulfilment_orders"])
_grant(["marketing_director", "sales_admin", "finance", "hq_clerk"], ["orders.view_all_orders"])
_grant(["sales_admin", "marketing_director"], ["orders.approve_order", "orders.set_order_price",
                                               "orders.export_order", "orders.view_priceexception"])
_grant(["marketing_director"], ["orders.approve_credit_exception", "orders.approve_price_exception"])
# Receivables: finance and sales admin keep the ledger; managers and reps see their customers'; partners their own.
_grant(["marketing_director", "department_manager", "regional_manager", "sales_rep", "foreign_trade_rep",
        "sales_admin", "branch_gm", "hq_clerk", "finance", "partner_user"],
       ["orders.view_ardocument", "orders.view_payment", "orders.view_receivables"])
_grant(["finance", "sales_admin"], ["orders.add_payment", "orders.export_order"])


# -- shipments, follow-up, branch requests, 窜货 flags (O2) --------------------------------------------------------
_LOGISTICS = ["warehouse", "sales_admin"]
_grant(["marketing_director", "department_manager", "regional_manager", "sales_rep", "foreign_trade_rep",
        "ecommerce_specialist", "sales_admin", "branch_gm", "branch_clerk", "hq_clerk", "finance", "warehouse",
        "cs_manager", "cs_agent", "partner_user"], ["orders.view_shipment"])
_grant(_LOGISTICS, ["orders.add_shipment", "orders.change_shipment", "orders.dispatch_shipment",
                    "orders.record_delivery", "orders.follow_up_shipment", "orders.view_shipmentfollowup",
                    "orders.add_shipmentfollowup", "orders.view_shipmentexception", "orders.add_shipmentexception",
                    "orders.change_shipmentexception"])
_grant(["marketing_director", "finance"], ["orders.view_shipmentexception"])
_grant(["marketing_director", "sales_admin", "branch_gm", "branch_clerk", "hq_clerk"],
       ["orders.view_branchpurchaserequest"])
_grant(["branch_clerk"], ["orders.add_branchpurchaserequest", "orders.submit_branchpurchaserequest",
                          "orders.issue_detail_notes"])
_grant(["hq_clerk"], ["orders.issue_master_note"])
_grant(["marketing_director", "department_manager", "sales_admin", "regional_manager", "branch_gm"],
       ["orders.view_crossterritoryflag"])
_grant(["marketing_director", "department_manager", "sales_admin"], ["orders.review_crossterritoryflag"])


# -- sales plans, statements, rebates, returns (O3) ----------------------------------------------------------------
_PLAN_EDIT = ["orders.view_salesplan", "orders.add_salesplan", "orders.change_salesplan"]
_grant(["marketing_director", "department_manager", "regional_manager", "branch_gm", "branch_clerk", "hq_clerk",
        "sales_admin", "finance", "sales_rep", "foreign_trade_rep"], ["orders.view_salesplan"])
_grant(["marketing_director", "department_manager", "regional_manager", "branch_gm", "branch_clerk", "hq_clerk",
        "sales_admin"], _PLAN_EDIT)
_grant(["marketing_director", "branch_gm"], ["orders.approve_salesplan"])
_grant(["marketing_director", "hq_clerk", "sales_admin"], ["orders.consolidate_salesplan"])
_grant(["marketing_director", "hq_clerk", "sales_admin", "finance"], ["orders.view_all_salesplans"])

_STATEMENT_READERS = ["marketing_director", "department_manager", "regional_manager", "branch_gm", "sales_admin",
                      "finance", "sales_rep", "foreign_trade_rep", "partner_user"]
_grant(_STATEMENT_READERS, ["orders.view_statement", "orders.view_statementline", "orders.view_rebateaccrual"])
_grant(["partner_user"], ["orders.confirm_statement"])
_grant(["sales_admin", "finance"], ["orders.resolve_statement", "orders.generate_statement"])
_grant(["marketing_director", "sales_admin", "finance"], ["orders.view_all_statements", "orders.view_all_rebates"])
_grant(["marketing_director", "finance"], ["orders.settle_rebate"])

_grant([*_STATEMENT_READERS, "warehouse", "cs_manager"], ["orders.view_returnrequest"])
_grant(["partner_user", "sales_admin", "sales_rep", "foreign_trade_rep"], ["orders.add_returnrequest"])
_grant(["sales_admin", "warehouse"], ["orders.inspect_returnrequest"])
_grant(["marketing_director", "sales_admin"], ["orders.approve_returnrequest"])
_grant(["marketing_director", "sales_admin", "finance", "warehouse"], ["orders.view_all_returns"])
