"""With a secret, personal data is encrypted in the events table; the application still reads it."""

from __future__ import annotations

import pytest

from succession_flow.application.audit.verification import verify
from succession_flow.application.people import staffing
from succession_flow.bootstrap import bootstrap
from succession_flow.domain.errors import PermissionDenied
from tests.integration.builders import company
from tests.integration.raw_store import RawStore

SECRET = b"an HR secret nobody guesses"


def test_with_a_secret_no_name_appears_in_the_raw_table_yet_every_name_reads_back(
    store_url: str,
) -> None:
    services = bootstrap(store_url, secret=SECRET)
    company(services)
    assert staffing.get_employee(services, "E1002").name == "Employee E1002"
    assert verify(services).findings == []
    services.close()
    raw = RawStore(store_url).row_states()
    assert len(RawStore(store_url).rows()) == 19
    for plaintext in (b"Employee E100", b"Sales Leadership", b"Regional Manager", b"E1001"):
        assert plaintext not in raw


def test_without_the_secret_an_encrypted_store_refuses_to_read_in_one_line(store_url: str) -> None:
    services = bootstrap(store_url, secret=SECRET)
    company(services)
    services.close()
    reader = bootstrap(store_url)
    with pytest.raises(PermissionDenied, match=r"^events are encrypted: set \$SUCCESSION_FLOW"):
        staffing.get_employee(reader, "E1001")
    reader.close()


def test_without_a_secret_events_are_stored_in_clear_and_readable_by_sql(store_url: str) -> None:
    services = bootstrap(store_url)
    company(services, employees=1)
    services.close()
    assert b'"name":"Employee E1001"' in RawStore(store_url).row_states()


def test_a_secret_configured_later_still_reads_the_events_stored_in_clear(store_url: str) -> None:
    services = bootstrap(store_url)
    company(services, employees=1)
    services.close()
    services = bootstrap(store_url, secret=SECRET)
    staffing.change_demand(services, "VP-SALES", 4, "tester", "growth")
    assert staffing.get_employee(services, "E1001").name == "Employee E1001"
    assert staffing.get_position(services, "VP-SALES").vacancies == 4
    services.close()
