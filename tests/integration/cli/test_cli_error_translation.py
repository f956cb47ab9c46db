"""How the CLI turns every failure into one line and its documented exit code (cli/main.py,
cli/errors.py): a bad global option or argument (2), an empty actor (2), a named error with
--debug adding the traceback, Ctrl-C (130) and a bug (1, naming its type), never a traceback
otherwise."""

from __future__ import annotations

import pytest

from succession_flow.cli import commands_list
from tests.e2e.cli_helpers import run

KEY = "E1@CFO"


def one_line(stderr: str) -> str:
    [line] = stderr.splitlines()
    return line


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (("--format", "xml", "list"), "error: Invalid value for '--format': 'xml' is not one of"),
        (("--actor", " ", "list"), "error: Invalid value for '--actor': "),
        (("list", "--state", "bogus"), "error: Invalid value for '--state': "),
        (("status", "no-at-sign"), "error: Invalid value for 'CANDIDATE': "),
        (("list", "--no-such-option"), "error: No such option '--no-such-option'."),
        (("frobnicate",), "error: No such command 'frobnicate'."),
    ],
)
def test_a_bad_option_or_argument_is_one_line_and_exit_2(
    store_url: str, args: tuple[str, ...], starts: str
) -> None:
    result = run(store_url, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert one_line(result.stderr).startswith(starts)


def test_a_bare_group_prints_its_help(store_url: str) -> None:
    result = run(store_url, "rules")
    assert "Commands:" in result.output and "check" in result.output


def test_debug_adds_the_traceback_before_the_line_and_keeps_the_exit_code(
    store_url: str,
) -> None:
    assert run(store_url, "init").exit_code == 0
    plain = run(store_url, "status", KEY)
    assert (plain.exit_code, plain.stderr) == (3, f"error: candidate {KEY} not found\n")
    debugged = run(store_url, "--debug", "status", KEY)
    assert debugged.exit_code == 3
    assert debugged.stderr.startswith("Traceback (most recent call last):")
    assert debugged.stderr.endswith(f"error: candidate {KEY} not found\n")


@pytest.mark.backends("sqlite")
def test_ctrl_c_says_what_was_saved_is_whole_with_exit_130(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    assert run(store_url, "init").exit_code == 0
    monkeypatch.setattr(commands_list, "candidate_rows", interrupted)
    stopped = run(store_url, "list")
    assert (stopped.exit_code, stopped.stderr) == (
        130,
        "error: interrupted: what was saved is whole; run the same command again to finish\n",
    )


@pytest.mark.backends("sqlite")
def test_a_bug_exits_1_naming_its_type_and_message_without_a_traceback(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    assert run(store_url, "init").exit_code == 0
    monkeypatch.setattr(commands_list, "candidate_rows", broken)
    result = run(store_url, "list")
    assert (result.exit_code, result.stderr) == (1, "error: internal error: RuntimeError: boom\n")
