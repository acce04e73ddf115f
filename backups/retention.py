"""Which backups to keep: pure, no Django.

``BACKUP_KEEP`` is either a count (``14``: the 14 newest) or an age (``30d``: those made
in the last 30 days). The newest backup is always kept, whatever the rule says.
"""

import datetime
import re
from dataclasses import dataclass

KEEP_PATTERN = re.compile(r"^\s*(\d+)\s*(d|days?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Keep:
    count: int | None = None
    days: int | None = None


def parse_keep(text: str) -> Keep:
    """``"14"`` → the 14 newest; ``"30d"`` → the last 30 days. Raises ValueError otherwise."""
    match = KEEP_PATTERN.match(text)
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"{text!r}: use a number of backups (14) or of days (30d), 1 or more")
    number = int(match.group(1))
    return Keep(days=number) if match.group(2) else Keep(count=number)


def to_delete(
    made_at: dict[str, datetime.datetime], *, keep: Keep, now: datetime.datetime
) -> list[str]:
    """The names to delete among ``made_at`` (name → when it was made), oldest first."""
    newest_first = sorted(made_at, key=lambda name: (made_at[name], name), reverse=True)
    if keep.count is not None:
        doomed = newest_first[keep.count :]
    else:
        limit = now - datetime.timedelta(days=keep.days or 0)
        doomed = [name for name in newest_first[1:] if made_at[name] < limit]
    return list(reversed(doomed))
