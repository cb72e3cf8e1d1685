"""Shared test helpers: personas (the demo company's people), API clients, query-count checks."""
