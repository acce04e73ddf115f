"""The PDF's charts drawn in Python: shapes where the values put them, words beside them."""

import re

import pytest

from reports.documents.pdf.drawing import (
    PALETTE,
    Drawing,
    Label,
    Series,
    line_chart,
    nice_ticks,
    paired_bars,
    radar,
    signed_bars,
)

AXES = ["Stratégie", "Production", "Qualité", "Cybersécurité"]


def polygon(drawing: Drawing, color: str) -> list[tuple[float, float]]:
    """The corners of the area or line drawn in ``color``."""
    match = re.search(rf'<poly(?:gon|line) points="([^"]+)"[^>]*stroke="{color}"', drawing.svg)
    assert match, f"no line in {color}"
    return [(float(x), float(y)) for x, y in (p.split(",") for p in match.group(1).split())]


def rects(drawing: Drawing, color: str) -> list[tuple[float, float, float]]:
    """Each bar in ``color`` as (x, y, width)."""
    found = re.findall(
        rf'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="[\d.]+" fill="{color}"',
        drawing.svg,
    )
    return [(float(x), float(y), float(w)) for x, y, w in found]


def labels(drawing: Drawing, kind: str) -> dict[str, Label]:
    return {label.text: label for label in drawing.labels if label.kind == kind}


def current(values: list[float]) -> Series:
    return Series("Niveau actuel", values, PALETTE["current"], fill="rgba(11, 83, 148, 0.15)")


def test_the_radar_puts_each_score_on_its_axis_clockwise_from_the_top() -> None:
    drawing = radar(AXES, [current([5, 0, 2.5, 5])], size=(400, 400))

    # Centre (200, 200), radius min(400 × 0.28, 200 − 48) = 112 for a score of 5.
    corners = polygon(drawing, PALETTE["current"])
    assert [c for corner in corners for c in corner] == pytest.approx(
        [200, 88, 200, 200, 200, 256, 88, 200], abs=0.1
    )


def test_right_to_left_the_radar_turns_the_other_way() -> None:
    drawing = radar(AXES, [current([5, 5, 0, 0])], size=(400, 400), rtl=True)

    top, second = polygon(drawing, PALETTE["current"])[:2]
    assert top == pytest.approx((200, 88), abs=0.1)
    assert second == pytest.approx((88, 200), abs=0.1)  # the second axis on the left
    ticks = labels(drawing, "tick")
    assert ticks["5"].x < ticks["0"].x  # the scale reads leftwards too


def test_each_axis_is_named_outside_the_circle_on_its_own_side() -> None:
    drawing = radar(AXES, [current([1, 2, 3, 4])], size=(400, 400))

    names = labels(drawing, "axis")
    assert list(names) == AXES
    top, right, bottom, left = (names[name] for name in AXES)
    assert (top.anchor, top.baseline, top.y) == ("center", "bottom", pytest.approx(78))
    assert (right.anchor, right.x) == ("left", pytest.approx(322))
    assert (bottom.anchor, bottom.baseline) == ("center", "top")
    assert (left.anchor, left.x) == ("right", pytest.approx(78))


def test_every_line_of_the_radar_has_its_key_in_the_legend() -> None:
    target = Series("Cible", [4, 4, 4, 4], PALETTE["target"], dash="6 4", marker="diamond")
    peers = Series("Médiane du secteur", [2, 3, 2, 3], PALETTE["peer"], "2 3", "square")

    drawing = radar(AXES, [target, current([1, 2, 3, 4]), peers], size=(400, 400))

    assert [key.text for key in drawing.legend] == ["Cible", "Niveau actuel", "Médiane du secteur"]
    assert 'stroke-dasharray="2 3"' in drawing.legend[2].swatch
    assert len(polygon(drawing, PALETTE["peer"])) == 4
    assert drawing.svg.count(f'fill="{PALETTE["peer"]}"') == 4  # a square on each axis


def test_paired_bars_are_as_long_as_their_scores_from_a_common_start() -> None:
    drawing = paired_bars(["Qualité", "Données"], [(2, 4), (1, 5)], ("T0", "T1"), width=600)

    before, after = rects(drawing, "#9fc5e8"), rects(drawing, PALETTE["current"])
    assert {x for x, _y, _w in before + after} == {178}  # 170 px of names, then 8
    plot = 600 - 14 - 178
    assert [w for _x, _y, w in before] == pytest.approx([plot * 2 / 5, plot / 5], abs=0.1)
    assert [w for _x, _y, w in after] == pytest.approx([plot * 4 / 5, plot], abs=0.1)
    assert before[0][1] < after[0][1] < before[1][1]  # T0 above T1, row after row
    assert [key.text for key in drawing.legend] == ["T0", "T1"]


def test_right_to_left_the_bars_grow_leftwards_from_the_names_on_the_right() -> None:
    drawing = paired_bars(["الجودة"], [(2, 4)], ("T0", "T1"), width=600, rtl=True)

    ((x, _y, width),) = rects(drawing, PALETTE["current"])
    assert x + width == pytest.approx(600 - 178)
    name = labels(drawing, "name")["الجودة"]
    assert (name.anchor, name.left) == ("left", 430)


def test_signed_bars_go_left_of_zero_when_negative_and_carry_their_text() -> None:
    drawing = signed_bars(
        ["Qualité", "Données", "Énergie"],
        [12.5, -4.0, None],
        ["+12,5 (n=3)", "−4,0 (n=2)", "pas assez de données"],
        title="Points (0–100)",
    )

    zero = re.search(r'<line x1="([\d.]+)"[^>]*stroke="#495057"', drawing.svg)
    assert zero
    zero_x = float(zero.group(1))
    up, down, empty = rects(drawing, PALETTE["current"])
    assert up[0] == pytest.approx(zero_x)
    assert up[2] > 0
    assert down[0] + down[2] == pytest.approx(zero_x, abs=0.1)
    assert empty[2] == 0
    texts = labels(drawing, "value")
    assert texts["+12,5 (n=3)"].anchor == "left"
    assert texts["−4,0 (n=2)"].anchor == "right"
    assert texts["−4,0 (n=2)"].x < zero_x < texts["+12,5 (n=3)"].x
    assert "pas assez de données" in texts


def test_the_line_chart_writes_each_value_and_runs_right_to_left_in_arabic() -> None:
    planned = Series("Prévus", [2, 6, 8], PALETTE["target"], "6 4", "diamond")
    lines = [(planned, ["2", "6", "8"], "top")]

    ltr = line_chart(["juin", "juil.", "août"], lines, title="Jours", target=(8, "Cible"))  # type: ignore[arg-type]
    rtl = line_chart(["يونيو", "يوليو", "غشت"], lines, title="أيام", rtl=True)  # type: ignore[arg-type]

    points = polygon(ltr, PALETTE["target"])
    assert points[0][0] < points[1][0] < points[2][0]
    assert points[0][1] > points[1][1] > points[2][1]  # more days, higher up
    values = labels(ltr, "value")
    assert values["8"].baseline == "bottom"
    assert values["8"].y < points[2][1]
    months = labels(rtl, "tick")
    assert months["يونيو"].x > months["غشت"].x
    assert 'stroke-dasharray="2 3"' in ltr.svg  # the target line


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 5, [0, 1, 2, 3, 4, 5]),
        (0, 11, [0, 5, 10, 15]),
        (0, 26.4, [0, 10, 20, 30]),  # the top value stays under the top line
        (-4.5, 19, [-5, 0, 5, 10, 15, 20]),
    ],
)
def test_ticks_fall_on_round_values_around_the_data(
    low: float, high: float, ticks: list[float]
) -> None:
    assert nice_ticks(low, high, count=5) == ticks


def test_a_label_is_placed_by_the_side_it_is_anchored_on() -> None:
    label = Label("Cible", 100, 50, 40, anchor="right", baseline="bottom")

    assert label.style() == (
        "left:60px;width:40px;text-align:right;top:50px;transform:translateY(-100%)"
    )
