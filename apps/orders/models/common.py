MONEY = {"max_digits": 16, "decimal_places": 2}
QTY = {"max_digits": 14, "decimal_places": 3}
