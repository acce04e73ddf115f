"""WeasyPrint 70 lays every right-to-left line out twice; this makes it once.

``weasyprint.layout.inline.get_next_linebox`` lays a line out, then asks again where
floats leave room for it, and lays it out anew unless the room did not move. For a
left-to-right line it compares the left edges; for a right-to-left line it compares
``position_x + line.width`` (the right edge of the *text*) with ``original_position_x +
original_width``, and ``original_width`` is 0 when no float is near. The two differ for
any line with text, so each right-to-left line was split, shaped and measured a second
time with the same result: the Arabic report spent about a quarter of WeasyPrint's time
there.

The fix compares what the condition means, the right edge of the room given to the line
(``position_x + available_width``, which was ``max_x`` for the first pass). Where floats
do move the room, the line is still laid out again; the pages come out identical.

Applied once, at import, only if the function still has the faulty line: a WeasyPrint
that changed it is left alone (``PATCHED`` says which happened; a test checks it). Note that
``inspect.getsource`` of the fixed function still shows WeasyPrint's file.
"""

import inspect
import logging

from weasyprint.layout import inline

logger = logging.getLogger(__name__)

SHIPPED = inline.get_next_linebox  # WeasyPrint's own, kept for the tests

FAULTY = """condition = (position_x + line.width, position_y) == (
                original_position_x + original_width, original_position_y)"""
FIXED = """condition = (position_x + available_width, position_y) == (
                max_x, original_position_y)"""


def _patch() -> bool:
    if getattr(inline.get_next_linebox, "_rtl_lines_fixed", False):
        return True
    try:
        source = inspect.getsource(inline.get_next_linebox)
    except OSError:  # no source (a frozen install): leave WeasyPrint as it is
        return False
    if source.count(FAULTY) != 1:
        logger.info("WeasyPrint's get_next_linebox changed: right-to-left lines not patched")
        return False
    code = compile(source.replace(FAULTY, FIXED), inline.__file__, "exec")
    # Defined in the module's own namespace, so iter_line_boxes calls the fixed one.
    exec(code, vars(inline))  # noqa: S102 (WeasyPrint's own source, one condition changed)
    inline.get_next_linebox._rtl_lines_fixed = True
    return True


PATCHED = _patch()
