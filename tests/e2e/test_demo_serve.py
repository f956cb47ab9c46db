"""`demo --serve` as a visitor runs it: the demo store built, the console's address and the
demo users' passwords printed, and the console serving them; plain `demo` adds no users."""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import run_json
from tests.e2e.web_server import free_port, wait_until_up

SIGN_IN = re.compile(r"^(demo-[a-z-]+)\s+([a-z-]+)\s+(\S+)$", re.MULTILINE)


def read_until_console(server: subprocess.Popen[str]) -> str:
    """The demo's output up to the console's address and its table of users (a blocking read
    of the pipe: no timing), or a failure with what it printed when it stopped early."""
    assert server.stdout is not None
    lines = []
    for line in server.stdout:
        lines.append(line)
        if line.startswith("demo-auditor"):
            return "".join(lines)
    pytest.fail(f"demo --serve stopped: {''.join(lines)} {server.communicate()[1]}")


def signed_in_page(address: str, name: str, password: str, path: str) -> tuple[int, str]:
    jar = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = jar.open(f"{address}/login").read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    data = urllib.parse.urlencode(
        {"name": name, "password": password, "csrf": token.group(1), "next": path}
    ).encode()
    try:
        with jar.open(f"{address}/login", data=data) as page:
            return page.status, page.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


@pytest.mark.slow
def test_demo_serve_prints_the_users_and_serves_the_console_they_sign_into(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/demo.sqlite"
    port = free_port()
    command = [sys.executable, "-c", "from succession_flow.cli.main import main; main()",
               "demo", "--store", url, "--serve", "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        printed = read_until_console(server)
        address = f"http://127.0.0.1:{port}"
        assert f"Console: {address}/ (Ctrl-C stops)" in printed
        logins = {name: (role, password) for name, role, password in SIGN_IN.findall(printed)}
        assert {n: r for n, (r, _) in logins.items()} == {
            "demo-reviewer": "reviewer", "demo-operator": "operator",
            "demo-hr-owner": "hr-owner", "demo-auditor": "auditor"}  # fmt: skip
        wait_until_up(address, server)
        status, page = signed_in_page(address, "demo-reviewer", logins["demo-reviewer"][1],
                                      "/positions/VP-SALES")  # fmt: skip
        assert status == 200 and 'id="signed-in-as">demo-reviewer<' in page
        status, _ = signed_in_page(address, "demo-auditor", "not the password", "/positions")
        assert status == 401
    finally:
        server.terminate()
        server.communicate(timeout=60)
    assert [u["user"] for u in run_json(url, "user", "list")] == [
        "demo-auditor", "demo-hr-owner", "demo-operator", "demo-reviewer"]  # fmt: skip


def test_the_plain_demo_adds_no_users(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from succession_flow.cli.main import cli

    url = f"sqlite:///{tmp_path}/demo.sqlite"
    assert CliRunner().invoke(cli, ["demo", "--store", url]).exit_code == 0
    assert run_json(url, "user", "list") == []
