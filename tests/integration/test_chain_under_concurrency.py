"""Writers racing on one store still leave both hash chains whole (the seal is computed under
the store's write lock, in the order the database gives notifications)."""

from __future__ import annotations

import threading
from contextlib import suppress
from typing import Any

from succession_flow.application.audit.verification import verify
from succession_flow.application.people import staffing
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.decision import Decision
from succession_flow.domain.errors import Conflict
from succession_flow.domain.keys import position_uuid
from tests.integration.builders import ACTOR, company, employee_record


class NoRules:
    def decide(self, source: str, facts: dict[str, Any]) -> Decision:
        raise AssertionError("no decision expected")


def test_racing_writers_leave_every_chain_intact(store_url: str) -> None:
    setup = bootstrap(store_url, engine=NoRules())
    company(setup, employees=0)
    before = setup.store.event_count()
    setup.close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        services = bootstrap(store_url, engine=NoRules())
        try:
            for i in range(5):
                record = employee_record(f"T{n}x{i}", services.today())
                staffing.record_employee(services, record, ACTOR)  # 6 events, its own aggregate
                with suppress(Conflict):  # one aggregate for all: losers retry, some give up
                    staffing.change_demand(services, "VP-SALES", n * 10 + i + 2, ACTOR, "race")
        except BaseException as error:  # reported below, with the thread's failure
            errors.append(error)
        finally:
            services.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    services = bootstrap(store_url, engine=NoRules())
    report = verify(services)
    assert report.findings == []
    assert report.events == services.store.event_count() > before + 4 * 5 * 6
    services.close()


def test_writers_taking_turns_each_continue_the_chain_from_the_others_head(store_url: str) -> None:
    first, second = (bootstrap(store_url, engine=NoRules()) for _ in range(2))
    company(first, employees=0)
    before = first.store.event_count()
    for n in range(3):  # each save follows one by the other writer, whose head it has not seen
        staffing.change_demand(first, "VP-SALES", 10 + n, ACTOR, "first")
        staffing.change_demand(second, "VP-SALES", 20 + n, ACTOR, "second")
    report = verify(first)
    vacancies = [
        getattr(e, "vacancies", None) for e in first.store.events_of(position_uuid("VP-SALES"))
    ]
    first.close()
    second.close()
    assert (report.findings, report.events) == ([], before + 6)
    assert vacancies == [1, 10, 20, 11, 21, 12, 22]
