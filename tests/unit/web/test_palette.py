"""The chart palette: 12 line colours told apart in normal vision and the three kinds of
colour blindness, each visible against the white page."""

from __future__ import annotations

import itertools
import math

import pytest

from web.svg import PALETTE

Matrix = tuple[tuple[float, float, float], ...]
# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
SIMULATIONS: dict[str, Matrix | None] = {
    "normal": None,
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(colour: str) -> list[float]:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return [channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5)]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def _seen(colour: str, matrix: Matrix | None) -> tuple[float, float, float]:
    rgb = _linear(colour)
    if matrix is not None:
        rgb = [sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix]
    return _lab(rgb)


def test_the_palette_has_at_least_12_colours_for_10_departments_and_more() -> None:
    assert len(set(PALETTE)) == len(PALETTE) >= 12


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_every_two_colours_are_at_least_delta_e_15_apart(vision: str) -> None:
    seen = [_seen(c, SIMULATIONS[vision]) for c in PALETTE]
    closest = min(math.dist(a, b) for a, b in itertools.combinations(seen, 2))
    assert closest >= 15, f"{vision}: two colours only {closest:.1f} apart"


def test_every_colour_stands_3_to_1_against_the_white_page() -> None:
    for colour in PALETTE:
        luminance = sum(
            w * c for w, c in zip((0.2126, 0.7152, 0.0722), _linear(colour), strict=True)
        )
        assert 1.05 / (luminance + 0.05) >= 3, colour
