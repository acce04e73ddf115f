"""PDF roadmaps: the report's content, its HTML, its charts and WeasyPrint's layout."""

import logging

# WeasyPrint narrates each step at INFO ("Step 5 - Creating layout - Page 3"): keep the
# worker's log for what matters.
for _name in ("weasyprint.progress",):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.WARNING)
