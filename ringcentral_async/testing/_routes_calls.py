"""Fake routes (calls): filled in by the resources work."""

from __future__ import annotations

__all__: list[str] = []
