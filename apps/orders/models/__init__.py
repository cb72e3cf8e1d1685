from .branch import BranchPurchaseRequest, BranchRequestOrder, DetailDeliveryNote
from .flags import CrossTerritoryFlag
from .orders import Order, OrderEvent, OrderLine, PriceException
from .plans import PlanConsolidation, SalesPlan
from .rebates import RebateAccrual, RebateAccrualMonth
from .receivables import Allocation, ARDocument, Payment
from .returns import ReturnLine, ReturnRequest
from .shipments import Shipment, ShipmentException, ShipmentFollowUp, ShipmentLine, ShippedSerial
from .statements import Statement, StatementLine

__all__ = ["ARDocument", "Allocation", "BranchPurchaseRequest", "BranchRequestOrder",
           "CrossTerritoryFlag", "DetailDeliveryNote", "Order", "OrderEvent",
           "OrderLine", "Payment", "PriceException", "Shipment", "ShipmentException", "ShipmentFollowUp",
           "ShipmentLine", "ShippedSerial"]
__all__ += ["PlanConsolidation", "RebateAccrual", "RebateAccrualMonth", "ReturnLine", "ReturnRequest",
            "SalesPlan", "Statement", "StatementLine"]
