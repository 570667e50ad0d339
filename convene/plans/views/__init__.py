"""The plan's pages, a module per step (see each). URLs name them from here."""

from convene.plans.views.core_groups import core_group_frequency, core_group_new, plan_distributed
from convene.plans.views.detail import plan_detail, plan_version
from convene.plans.views.ending import plan_end, plan_move, receiving_conference
from convene.plans.views.items import plan_item_new, plan_item_status
from convene.plans.views.visits import visit_new

__all__ = [
    "core_group_frequency",
    "core_group_new",
    "plan_detail",
    "plan_distributed",
    "plan_version",
    "plan_end",
    "plan_item_new",
    "plan_item_status",
    "plan_move",
    "receiving_conference",
    "visit_new",
]
