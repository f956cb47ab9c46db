"""Use cases for the reference data the pipeline reads: positions and employees' HR records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from succession_flow.application.people.access import require
from succession_flow.application.services import Services
from succession_flow.domain.employee import PROFILE_FIELDS, Employee
from succession_flow.domain.errors import IllegalTransition, InvalidInput, NotFound
from succession_flow.domain.keys import employee_uuid, position_uuid
from succession_flow.domain.position import Position
from succession_flow.domain.roles import Capability

if TYPE_CHECKING:  # a type only: the pipeline's subject loads the candidate and pool aggregates
    from succession_flow.application.pipeline.subject import Shared


def check_references(store: Shared, position_id: str, spec: dict[str, Any]) -> None:
    """The post a position reports to exists and is not below it; its incumbent is on record.

    `store` is the store, or an import's unit of work (which sees the positions defined by the
    rows before)."""
    parent = spec.get("reports_to")
    chain = [position_id]
    while parent is not None:
        if parent in chain:
            loop = " -> ".join([*chain, parent])
            raise InvalidInput(f"reports_to: {loop} would be a reporting loop")
        chain.append(parent)
        found = store.find(position_uuid(parent), Position)
        if found is None:
            raise NotFound(f"position {parent} not found (reports_to of {position_id})")
        parent = found.reports_to
    incumbent = spec.get("incumbent")
    if incumbent is not None and store.find(employee_uuid(incumbent), Employee) is None:
        raise NotFound(f"employee {incumbent} not found (incumbent of {position_id})")


def check_family(services: Services, family: str) -> None:
    """Loaded here, not at start-up: reading workflows costs every read command (`list`)."""
    from succession_flow.application.hr_files import families

    families.check_family(family, families.known_families(services))


def define_position(services: Services, spec: dict[str, Any], actor: str) -> Position:
    require(services, actor, Capability.CONFIGURE)
    store = services.store

    def attempt() -> Position:
        position_id = spec["position_id"]
        if store.find(position_uuid(position_id), Position) is not None:
            raise IllegalTransition(f"position {position_id} is already defined")
        position = Position.define(spec, actor)
        check_family(services, position.family)
        check_references(services.store, position_id, position.spec())
        store.save(position)
        return position

    return store.retrying(attempt, f"position {spec['position_id']}")


def get_position(services: Services, position_id: str) -> Position:
    return services.store.get(position_uuid(position_id), Position, f"position {position_id}")


def change_demand(
    services: Services, position_id: str, vacancies: int, actor: str, reason: str
) -> Position:
    require(services, actor, Capability.CONFIGURE)

    def attempt() -> Position:
        position = get_position(services, position_id)
        position.change_demand(vacancies, actor, reason)
        services.store.save(position)
        return position

    return services.store.retrying(attempt, f"position {position_id}")


def revise_position(
    services: Services, position_id: str, changes: dict[str, Any], actor: str, reason: str
) -> tuple[Position, dict[str, Any]]:
    """`position update`: the position and what changed (an empty change writes nothing)."""
    require(services, actor, Capability.CONFIGURE)

    def attempt() -> tuple[Position, dict[str, Any]]:
        position = get_position(services, position_id)
        if "family" in changes:
            check_family(services, str(changes["family"]))
        changed = position.revise(changes, actor, reason)
        check_references(services.store, position_id, position.spec())
        if changed:
            services.store.save(position)
        return position, changed

    return services.store.retrying(attempt, f"position {position_id}")


def retire_position(services: Services, position_id: str, actor: str, reason: str) -> Position:
    require(services, actor, Capability.CONFIGURE)

    def attempt() -> Position:
        position = get_position(services, position_id)
        position.retire(actor, reason)
        services.store.save(position)
        return position

    return services.store.retrying(attempt, f"position {position_id}")


def record_employee(services: Services, record: dict[str, Any], actor: str) -> tuple[Employee, int]:
    """Register or update one employee's HR record; returns how many events it took.

    Recording the same values again records nothing, so an HR export can be loaded twice.
    """
    require(services, actor, Capability.OPERATE)
    store = services.store
    employee_id = record["employee_id"]

    def attempt() -> tuple[Employee, int]:
        employee = store.find(employee_uuid(employee_id), Employee)
        profile = {k: record[k] for k in record if k in PROFILE_FIELDS}
        if employee is None:
            employee = Employee.register(employee_id, profile, actor)
        elif profile:
            employee.update_profile({**employee.profile, **profile}, actor)
        for year, rating in sorted(record.get("ratings", {}).items()):
            employee.record_rating(int(year), rating, actor)
        if "competencies" in record:
            employee.assess_competencies(record["competencies"], actor)
        if "job_match" in record:
            employee.assess_job_match(record["job_match"], actor)
        if "potential" in record:
            employee.assess_talent(
                record["potential"],
                record.get("risk_of_loss", "medium"),
                record.get("impact_of_loss", "medium"),
                actor,
            )
        pending = len(employee.pending_events)
        store.save(employee)
        return employee, pending

    return store.retrying(attempt, f"employee {employee_id}")


def get_employee(services: Services, employee_id: str) -> Employee:
    return services.store.get(employee_uuid(employee_id), Employee, f"employee {employee_id}")
