"""French typography for the text of a rendered HTML document.

French puts a no-break space before « : ; ? ! » and after «, writes percentages
as « 45 % » and prefers the typographic apostrophe. Only text between tags is
touched: attributes, styles and scripts keep their characters.
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space

_TAGS = re.compile(r"(<[^>]*>)")
_RAW_OPEN = re.compile(r"<(style|script|svg)\b", re.IGNORECASE)
_RAW_CLOSE = re.compile(r"</(style|script|svg)\s*>", re.IGNORECASE)
_RULES = [
    (re.compile(r"[ \u00a0\u202f]+([;!?])"), NNBSP + r"\1"),
    (re.compile(r"[ \u00a0\u202f]+:(?=\s|$|<|&)"), NBSP + ":"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
    (re.compile(r"(\d)[ \u00a0\u202f]*%"), r"\1" + NNBSP + "%"),
    (re.compile(r"(?<=\w)(?:'|&#x27;|&#39;)(?=\w)"), "\u2019"),
]

# A text node without any of these characters has nothing to change (most of them).
_TOUCHED = re.compile(r"[;!?:«»%'&]")


def french_text(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def french_html(html: str) -> str:
    """Apply :func:`french_text` to every text node of ``html``."""
    parts = _TAGS.split(html)
    raw = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if _RAW_OPEN.match(part):
                raw = True
            elif _RAW_CLOSE.match(part):
                raw = False
        elif not raw and _TOUCHED.search(part):
            parts[index] = french_text(part)
    return "".join(parts)
