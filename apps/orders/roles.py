"""Order-to-cash rights per role (merged into the roles by apps.org.services.sync_roles)."""

ROLE_GRANTS: dict[str, list[str]] = {}
