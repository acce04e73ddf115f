"""Who may do what with the eight-day plan: the one place it is decided for the accompaniment.

The plan is the consultant's work (and the coordinator's): they write the days, invite the
PME's people, sign each day off with the PME's representative and reopen a closed plan. Whoever
sees the diagnostic (its PME's managers included) reads and prints the plan and its day sheets.
"""

from assessments.rules import can_answer

can_edit_plan = can_answer
can_sign_plan_day = can_answer
can_reopen_plan = can_answer
"""Reopening a signed closing review is recorded with its reason; the consultant who ran the
accompaniment and the coordinator may do it, as they may change the plan itself."""
