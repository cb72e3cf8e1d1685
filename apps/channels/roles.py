"""Channel rights per role (merged into the roles by apps.org.services.sync_roles)."""

_VIEW = ["channels.view_partner", "channels.view_territory", "channels.view_partnerapplication",
         "channels.view_partnerevent", "channels.view_partnerscorecard", "channels.view_portallogin"]
_MANAGE = [*_VIEW, "channels.add_partnerapplication", "channels.change_partner", "channels.change_partner_status",
           "channels.add_territory", "channels.change_territory", "channels.delete_territory",
           "channels.add_partnerscorecard", "channels.change_partnerscorecard", "channels.grant_portal_login"]

ROLE_GRANTS = {
    # Market development finds, vets and signs partners company-wide, whatever its own department scope.
    "department_manager": [*_MANAGE, "channels.view_all_partners", "channels.review_partnerapplication"],
    "marketing_director": [*_MANAGE, "channels.decide_partnerapplication"],
    "regional_manager": _MANAGE,
    "branch_gm": _MANAGE,
    "sales_admin": _MANAGE,
    "system_admin": _MANAGE,
    "sales_rep": [*_VIEW, "channels.add_partnerapplication"],
    "finance": _VIEW,
    "partner_user": ["channels.view_partner", "channels.view_territory"],
}
