"""The read model a report or plan query reads: caught up now, or folded as of a past moment.

Defined here, in the application, so that reports and use cases both call down to it and the
reports package never has to be imported by a use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from succession_flow.application.services import Services
from succession_flow.readmodel.schema import Database


@contextmanager
def source(services: Services, as_of: datetime | None = None) -> Iterator[Database]:
    """The read model to report from: caught up now, or the same fold as of a past moment."""
    if services.read_model is None:
        raise RuntimeError("services were built without a read model (use bootstrap)")
    with services.read_model(as_of) as db:
        yield db
