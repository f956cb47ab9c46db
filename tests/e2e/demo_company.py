"""The demo company loaded into a store, rules and workflows published, ready for batch steps."""

from __future__ import annotations

from succession_flow.application.hr_files.rule_publishing import publish
from succession_flow.application.hr_files.workflows import publish_workflows
from succession_flow.application.people import staffing
from succession_flow.application.people.hr_import import import_rows
from succession_flow.application.services import Services
from succession_flow.bootstrap import bootstrap
from succession_flow.data import SHIPPED_RULES, SHIPPED_SAMPLES, SHIPPED_WORKFLOWS
from succession_flow.demo.company import POSITIONS
from succession_flow.demo.samples import employee_rows


def build(services: Services) -> None:
    """The harness's builder (`@pytest.mark.company(build=demo_company.build)`)."""
    for position in POSITIONS:
        staffing.define_position(services, position, "hr")
    import_rows(services, employee_rows(SHIPPED_SAMPLES, services.today()), "hr")
    publish(services, SHIPPED_RULES, "hr", "the shipped rules")
    publish_workflows(services, SHIPPED_WORKFLOWS, None, "hr", "the shipped workflows")


def load(url: str, secret: bytes | None = None) -> None:
    services = bootstrap(url, secret=secret)
    try:
        build(services)
    finally:
        services.close()
