"""Every refused pipeline command: its exit code, its one-line message, and nothing written.

Runs on SQLite and PostgreSQL against one store holding a candidate in every lifecycle state.
"""

from __future__ import annotations

import pytest

from succession_flow.domain.lifecycle import ALLOWED_FROM, State
from tests.e2e.cli_helpers import event_count, run
from tests.e2e.pipeline_store import CANDIDATE_IN, DEADLINE, FAILED_EVALUATION, build
from tests.e2e.rules_setup import company_store

STEP_ARGS = {
    "approve": ["approve", "{key}", "--reason", "board"],
    "reject": ["reject", "{key}", "--reason", "board"],
    "evaluate": ["evaluate"],
    "pool": ["pool"],
    "change-readiness": ["readiness", "{key}", "ready-3-5-years", "--reason", "review"],
    "train": ["train", "{key}", "--course", "C9", "--deadline", DEADLINE],
    "record-course": ["record-course", "{key}", "C1", "--score", "80"],
    "complete-training": ["complete-training"],
    "promote": ["promote"],
    "exit": ["exit", "{key}", "--reason", "withdrawn"],
}
"""Each lifecycle command as typed on the command line, for candidate {key}."""


def command_line(step: str, key: str) -> list[str]:
    args = STEP_ARGS[step]
    if "{key}" not in args:
        return [*args, key]
    return [key if a == "{key}" else a for a in args]


def illegal_cases() -> list[tuple[str, State]]:
    return [
        (step, state) for step in STEP_ARGS for state in State if state not in ALLOWED_FROM[step]
    ]


@pytest.fixture(scope="module")
def url(module_store_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The module's one store per backend: every test here only reads (or is refused)."""
    build(module_store_url, tmp_path_factory.mktemp("refusals"))
    return module_store_url


def refused(url: str, args: list[str]) -> tuple[int, str]:
    """Run a command that must be refused; the store must hold exactly the events it held."""
    before = event_count(url)
    result = run(url, *args)
    assert result.stdout == ""
    assert event_count(url) == before
    return result.exit_code, result.stderr


def test_the_store_holds_a_candidate_in_every_state(url: str) -> None:
    for state, key in CANDIDATE_IN.items():
        assert run(url, "--format", "json", "status", key).stdout.count(f'"state": "{state}"') == 1


@pytest.mark.parametrize(
    ("step", "state"), illegal_cases(), ids=[f"{s}-from-{t}" for s, t in illegal_cases()]
)
def test_each_step_from_a_state_the_lifecycle_forbids_exits_4_naming_the_candidate(
    url: str, step: str, state: State
) -> None:
    key = CANDIDATE_IN[state.value]
    assert refused(url, command_line(step, key)) == (
        4,
        f"error: {key}: cannot {step} a candidate who is {state.value}\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", CANDIDATE_IN["evaluated"]], "already passed evaluation; pool or exit next"),
        (
            ["evaluate", CANDIDATE_IN["evaluated"], "--override", "fail", "--justification", "j"],
            "already passed evaluation; pool or exit next",
        ),
        (["pool", FAILED_EVALUATION], "last evaluation was fail, not pass"),
        *[
            (["nominate", key, "--reason", "again"], f"already an active candidate ({state})")
            for state, key in CANDIDATE_IN.items()
            if state not in ("promoted", "exited")
        ],
        (
            ["nominate", CANDIDATE_IN["promoted"], "--reason", "again"],
            "already promoted into the post",
        ),
    ],
)
def test_steps_the_candidates_history_forbids_exit_4_naming_the_candidate(
    url: str, args: list[str], message: str
) -> None:
    assert refused(url, args) == (4, f"error: {args[1]}: {message}\n")


NOMINATED, POOLED = CANDIDATE_IN["nominated"], CANDIDATE_IN["pooled"]
TRAINING, TRAINED = CANDIDATE_IN["in_training"], CANDIDATE_IN["trained"]
INVALID = "error: Invalid value for"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["status", "E1-VP"],
            f"{INVALID} 'CANDIDATE': candidate 'E1-VP' must be written EMPLOYEE@POSITION, "
            "e.g. E1001@VP-SALES",
        ),
        (
            ["evaluate", "E 1@VP-SALES"],
            f"{INVALID} 'CANDIDATE': employee id 'E 1' is not valid: use letters, digits, "
            "'-', '_' or '.' (max 64)",
        ),
        (
            ["evaluate", "E1001@"],
            f"{INVALID} 'CANDIDATE': candidate 'E1001@' must be written EMPLOYEE@POSITION, "
            "e.g. E1001@VP-SALES",
        ),
        (["nominate", NOMINATED], "error: Missing option '--reason'."),
        (["nominate", NOMINATED, "--reason", "  "], "error: --reason is required to nominate"),
        (["evaluate"], "error: Missing argument 'CANDIDATE'."),
        (["evaluate", NOMINATED, "--bogus"], "error: No such option '--bogus'."),
        (
            ["evaluate", NOMINATED, "--override", "pass"],
            "error: --justification is required to override a rule decision",
        ),
        (
            ["evaluate", NOMINATED, "--override", "pass", "--justification", "  "],
            "error: --justification is required to override a rule decision",
        ),
        (
            ["evaluate", NOMINATED, "--justification", "board"],
            "error: --justification goes with --override",
        ),
        (
            ["evaluate", NOMINATED, "--override", "maybe", "--justification", "j"],
            "error: evaluate outcome: 'maybe' is not one of pass, fail",
        ),
        (
            ["pool", CANDIDATE_IN["evaluated"], "--override", "soon", "--justification", "j"],
            "error: pool outcome: 'soon' is not one of ready-now, ready-1-2-years, "
            "ready-3-5-years, not-pooled",
        ),
        (
            ["readiness", POOLED, "soon", "--reason", "r"],
            f"{INVALID} 'READINESS': 'soon' is not one of 'ready-now', 'ready-1-2-years', "
            "'ready-3-5-years'.",
        ),
        (
            ["readiness", POOLED, "ready-now", "--reason", " "],
            "error: --reason is required to change readiness",
        ),
        (
            ["readiness", POOLED, "ready-1-2-years", "--reason", "again"],
            f"error: {POOLED}: readiness is already ready-1-2-years",
        ),
        (
            ["train", POOLED, "--course", "C1", "--deadline", "2001-01-01"],
            "error: --deadline 2001-01-01 is not in the future",
        ),
        (
            ["train", POOLED, "--course", "C1", "--deadline", "2099-13-01"],
            f"{INVALID} '--deadline': '2099-13-01' is not a date like 2015-04-01",
        ),
        (
            ["train", POOLED, "--course", "C1", "--course", "C1", "--deadline", DEADLINE],
            f"error: {POOLED}: a course is listed twice in the training plan",
        ),
        (
            ["train", POOLED, "--course", "", "--deadline", DEADLINE],
            f"error: {POOLED}: a course id in the training plan is empty",
        ),
        (
            ["record-course", TRAINING, "C9", "--score", "80"],
            f"error: {TRAINING}: course 'C9' is not in the training plan",
        ),
        (
            ["record-course", TRAINING, "C1", "--score", "180"],
            f"{INVALID} '--score': 180.0 is not in the range 0<=x<=100.",
        ),
        (
            ["record-course", TRAINING, "C1", "--score", "abc"],
            f"{INVALID} '--score': 'abc' is not a number",
        ),
        (
            ["record-course", TRAINING, "C1", "--score", "nan"],
            f"{INVALID} '--score': 'nan' is not a number",  # ASCII digits only, as in HR files
        ),
        (
            ["promote", TRAINED, "--effective", "soon"],
            f"{INVALID} '--effective': 'soon' is not a date like 2015-04-01",
        ),
        (
            ["exit", NOMINATED, "--reason", "bored"],
            f"{INVALID} '--reason': 'bored' is not one of 'withdrawn', 'left-company', "
            "'failed-examination', 'other', 'none'.",
        ),
        (
            ["list", "--state", "waiting"],
            f"{INVALID} '--state': 'waiting' is not one of 'proposed', 'nominated', 'evaluated', "
            "'pooled', 'in_training', 'trained', 'promoted', 'exited'.",
        ),
        (
            ["list", "--echelon", "board"],
            f"{INVALID} '--echelon': 'board' is not one of 'key-position', 'management', "
            "'reserve'.",
        ),
        (
            ["--format", "xml", "list"],
            f"{INVALID} '--format': 'xml' is not one of 'table', 'json'.",
        ),
        (
            ["--actor", " ", "nominate", NOMINATED, "--reason", "r"],
            f"{INVALID} '--actor': an actor must be named: the name is empty",
        ),
        (
            ["history", "--type", "Exitted"],
            "error: unknown event type 'Exitted' (did you mean Exited?)",
        ),
        (["frobnicate"], "error: No such command 'frobnicate'."),
    ],
)
def test_malformed_ids_values_and_options_exit_2_in_one_line(
    url: str, args: list[str], message: str
) -> None:
    assert refused(url, args) == (2, f"{message}\n")


UNKNOWN = "E9999@VP-SALES"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        *[(command_line(step, UNKNOWN), f"candidate {UNKNOWN} not found") for step in STEP_ARGS],
        (["status", UNKNOWN], f"candidate {UNKNOWN} not found"),
        (["history", UNKNOWN], f"candidate {UNKNOWN} not found"),
        (["evaluate", "E1001@CFO"], "candidate E1001@CFO not found"),
        (["nominate", UNKNOWN, "--reason", "r"], "employee E9999 not found"),
        (["nominate", "E1001@CFO", "--reason", "r"], "position CFO not found"),
        (["position", "show", "CFO"], "position CFO not found"),
        (["list", "--position", "CFO"], "position CFO not found"),
    ],
)
def test_unknown_candidates_employees_and_positions_exit_3_naming_the_id(
    url: str, args: list[str], message: str
) -> None:
    assert refused(url, args) == (3, f"error: {message}\n")


@pytest.mark.parametrize(
    ("args", "ruleset"),
    [
        (["evaluate", "E1001@VP-SALES"], "evaluation"),
        (
            ["evaluate", "E1001@VP-SALES", "--override", "pass", "--justification", "j"],
            "evaluation",
        ),
        (["exit", "E1001@VP-SALES", "--reason", "withdrawn"], "exit"),
    ],
)
def test_a_judgement_before_rules_publish_exits_3_and_says_to_publish(
    store_url: str, args: list[str], ruleset: str
) -> None:
    company_store(store_url)
    assert run(store_url, "nominate", "E1001@VP-SALES", "--reason", "r").exit_code == 0
    assert refused(store_url, args) == (
        3,
        f"error: rule set {ruleset!r} is not published; run `succession-flow rules publish`\n",
    )


def test_ctrl_c_anywhere_in_a_command_exits_130_in_one_line(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from succession_flow.cli.context import CliContext

    def interrupted(self: CliContext) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(CliContext, "services", property(interrupted))
    result = run(url, "status", "E1001@VP-SALES")
    assert (result.exit_code, result.stderr) == (
        130,
        "error: interrupted: what was saved is whole; run the same command again to finish\n",
    )
