"""axe-core in the browser tests: 0 serious or critical WCAG 2.2 AA violations, and every
colour-contrast item axe leaves for review checked here instead (text against the nearest
opaque background, ignoring a background image such as a select's chevron)."""

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.contrast import background_of, contrast_ratio

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN = """async (tags) => {
  // Only what is read below: axe then skips describing the passes, much of its time.
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations", "incomplete"],
  });
  const nodes = (items) => items.map((n) => n.target.join(" ") + " — " + (n.failureSummary || ""));
  return {
    violations: result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({id: v.id, impact: v.impact, nodes: nodes(v.nodes)})),
    review: result.incomplete
      .filter((v) => v.id === "color-contrast")
      .flatMap((v) => v.nodes.map((n) => n.target[0])),
  };
}"""

# WCAG's contrast ratio, from the computed text colour (SVG text: its fill) and the first
# ancestor with an opaque background colour (the page's white when none has one); none
# for text hidden under a sticky bar.
CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) { return null; }
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  // Text scrolled under a sticky bar (the answering page's progress) is not seen: axe
  // leaves it for review, and its own colours say nothing of what the user sees.
  const seen = el.getBoundingClientRect();
  const top = document.elementFromPoint(seen.x + seen.width / 2, seen.y + seen.height / 2);
  if (top && !el.contains(top) && top.closest("[class*=sticky]")) { return null; }
  const style = getComputedStyle(el);
  const isSvg = el instanceof SVGElement;
  const fg = rgb(isSvg && style.fill && style.fill !== "none" ? style.fill : style.color);
  let bg = [255, 255, 255];
  if (isSvg) {
    // Chart text is painted over a sibling shape or a raster (a heatmap): measured on pixels.
    const box = el.getBoundingClientRect();
    const at = {x: box.x + window.scrollX, y: box.y + window.scrollY};
    return {svg: true, fg: fg.slice(0, 3), box: {...at, width: box.width, height: box.height},
            size: parseFloat(style.fontSize), bold: Number(style.fontWeight) >= 700};
  }
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const parts = rgb(getComputedStyle(node).backgroundColor);
    if (parts.length === 4 && parts[3] === 0) { continue; }
    bg = parts.slice(0, 3);
    break;
  }
  return ratio(fg, bg, style);
  function ratio(front, back, css) {
    const [a, b] = [lum(front.slice(0, 3)), lum(back)].sort((x, y) => y - x);
    const size = parseFloat(css.fontSize);
    const bold = Number(css.fontWeight) >= 700;
    return {ratio: (a + 0.05) / (b + 0.05), large: size >= 24 || (bold && size >= 18.66)};
  }
}"""


@dataclass
class Report:
    url: str
    violations: list[dict]
    low_contrast: list[str]

    @property
    def clean(self) -> bool:
        return not self.violations and not self.low_contrast

    def __str__(self) -> str:
        lines = [self.url]
        lines += [f"  {v['id']} ({v['impact']}): {n}" for v in self.violations for n in v["nodes"]]
        lines += [f"  colour contrast to review failed: {n}" for n in self.low_contrast]
        return "\n".join(lines)


def audit(page: Page) -> Report:
    """Run axe on the page as it is now (its state included)."""
    page.evaluate(AXE.read_text())  # evaluated by the debugger protocol: the CSP stays on
    found = page.evaluate(RUN, TAGS)
    low = []
    shot: list[bytes] = []  # one screenshot of the whole page, taken at the first chart text
    for selector in found["review"]:
        measure = page.evaluate(CONTRAST, selector)
        if measure is None:
            continue
        if measure.get("svg"):
            if not shot:
                shot.append(page.screenshot(full_page=True, animations="disabled"))
            measure = _painted(shot[0], measure)
        if measure["ratio"] < (3.0 if measure["large"] else 4.5):
            low.append(f"{selector} ({measure['ratio']:.2f}:1)")
    return Report(page.url, found["violations"], low)


def _painted(screenshot: bytes, measure: dict) -> dict:
    box = measure["box"]
    back = background_of(screenshot, text=tuple(measure["fg"]), box=box)
    large = measure["size"] >= 24 or (measure["bold"] and measure["size"] >= 18.66)
    return {"ratio": contrast_ratio(tuple(measure["fg"]), back), "large": large}
