"""WCAG contrast on painted pixels, for text drawn over shapes or rasters (chart labels)."""

import io

from PIL import Image

RGB = tuple[int, int, int]


def _luminance(colour: RGB) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def background_of(png: bytes, *, text: RGB, box: dict[str, float]) -> RGB:
    """The colour most painted in the text's box (CSS pixels of the page), leaving out the
    text's own colour and its anti-aliased edges (pixels closer to the text than to anything
    else)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    left, top = int(box["x"]), int(box["y"])
    right = max(left + 1, int(box["x"] + box["width"] + 0.999))
    bottom = max(top + 1, int(box["y"] + box["height"] + 0.999))
    region = image.crop((left, top, right, bottom))
    counts = sorted(region.getcolors(maxcolors=region.width * region.height) or [], reverse=True)
    for _count, colour in counts:
        if contrast_ratio(colour, text) > 1.05:
            return colour
    return text
