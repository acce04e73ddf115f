"""Generated documents: PDF roadmaps and briefs, with their rendering state."""

__all__: list[str] = []
