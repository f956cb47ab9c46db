"""What the console answers a refusal with (web/errors.py, web/app.py, web/login.py): the
CLI's category as an HTTP status, a bug named by its type only, framework refusals named like
ours, and a sign-in that sends the browser back only to a page of this console."""

from __future__ import annotations

import pytest
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from succession_flow.domain.errors import InvalidInput, NotFound, PermissionDenied
from succession_flow.web.app import as_domain_error
from succession_flow.web.errors import error_body
from succession_flow.web.login import safe_next
from succession_flow.web.uploads import multipart_body


def test_a_refusal_answers_its_category_and_its_message() -> None:
    assert error_body(PermissionDenied("needs a role")) == {
        "error": {"status": 403, "category": "permission-denied", "message": "needs a role"}
    }


def test_a_bug_answers_500_naming_its_type_but_never_its_message() -> None:
    assert error_body(KeyError("secret detail")) == {
        "error": {"status": 500, "category": "internal", "message": "internal error: KeyError"}
    }


def test_a_bad_parameter_is_bad_input_naming_where() -> None:
    error = RequestValidationError([{"loc": ("query", "as_of"), "msg": "too long"}])
    named = as_domain_error(error)
    assert (type(named), str(named)) == (InvalidInput, "query.as_of: too long")
    empty = as_domain_error(RequestValidationError([]))
    assert (type(empty), str(empty)) == (InvalidInput, ": invalid")


def test_no_route_is_not_found_and_another_framework_refusal_is_bad_input() -> None:
    missing = as_domain_error(HTTPException(404))
    assert (type(missing), str(missing)) == (NotFound, "no such page")
    wrong = as_domain_error(HTTPException(405, "Method Not Allowed"))
    assert (type(wrong), str(wrong)) == (InvalidInput, "Method Not Allowed")
    other = ValueError("x")
    assert as_domain_error(other) is other


@pytest.mark.parametrize(
    ("asked", "back"),
    [
        ("/positions?as_of=2026-01-01", "/positions?as_of=2026-01-01"),
        ("//elsewhere.example/", "/"),
        ("https://elsewhere.example/", "/"),
        ("/\\elsewhere.example", "/"),
        ("", "/"),
    ],
)
def test_signing_in_returns_only_to_a_page_of_this_console(asked: str, back: str) -> None:
    assert safe_next(asked) == back


def test_an_upload_route_documents_its_one_file_field() -> None:
    required = multipart_body("file", required=True)["requestBody"]
    assert required["required"] is True
    schema = required["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["file"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    optional = multipart_body("file", required=False)["requestBody"]
    assert optional["required"] is False
    assert "required" not in optional["content"]["multipart/form-data"]["schema"]
