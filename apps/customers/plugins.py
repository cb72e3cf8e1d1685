"""How customers plug into the shell: menu entries, dashboard panels, global search, the customer-360 slots."""
