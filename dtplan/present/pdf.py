"""What every PDF of dtplan shares: the fonts shipped in dtplan/present/fonts (embedded, no system font
assumed: DejaVu Sans for the screens' look, DejaVu Serif for office documents) and the colours from
dtplan.present.palette. The office documents themselves are drawn by dtplan.present.official_pdf."""

from __future__ import annotations

from pathlib import Path

from dtplan.present import palette

FONT_DIR = Path(__file__).resolve().parent / "fonts"
DEMO_RGB = palette.rgb(palette.DEMO)
