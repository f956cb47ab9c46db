"""How many stored events or candidates one query reads: a light module, so what only needs the
page size does not import the event store (and its driver) at start-up."""

from __future__ import annotations

PAGE = 500
"""Rows per query when the event log or a listing is read page by page."""
