"""Keep Python's cycle collector off the long-lived heap while WeasyPrint lays a report out.

Laying a report out allocates hundreds of thousands of small objects (boxes, styles, text
runs). Each time enough of them pile up, CPython's collector runs, and every so often it
runs a full collection that walks *every* tracked object of the process: Django, its
models and templates, fonts, the framework (about 340,000 objects in a worker that has
loaded the demo). Measured with ``benchmarks/render_roadmap.py``: such a collection
landing inside one rendering and not another made a report 30–70 % slower at random, and
made Arabic look slower than French when it was the collector's timing.

``gc.freeze()`` moves the objects alive before the layout to a permanent generation that no
collection walks; what the layout allocates is collected as usual; ``gc.unfreeze()`` hands
the older objects back afterwards, so nothing escapes collection for longer than one
report. Both calls move whole lists (constant time). See the ``gc`` module's documentation.
"""

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def older_objects_frozen() -> Iterator[None]:
    """Collect only what is allocated inside the block; the rest waits until it ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
