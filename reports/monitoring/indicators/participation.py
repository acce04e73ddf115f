"""People reached by the programme's activities, each counted once."""

from reports.monitoring.indicators.computed import (
    Frames,
    Measured,
    Window,
    distinct_people,
    registered,
)


@registered("participants-by-sex")
def participants_by_sex(frames: Frames, window: Window) -> Measured:
    """Distinct people at any activity (a group of anonymous people counts its size)."""
    kinds = tuple(frames.activities["activity_kind"].unique())
    return distinct_people(frames, kinds, None, window)
