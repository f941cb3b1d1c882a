"""Every API operation, fed what its OpenAPI schema allows (schemathesis
generates the requests, the same ones on every run), never fails with a
server error, whoever asks: an anonymous client, a viewer, an owner or an
admin, whose writes then really happen. Every refusal is JSON with a Chinese
message naming no path or driver. The requests count as the adversarial
suite's "schema" class."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import schemathesis
from adversarial_kit import CHINESE, LEAKS, REQUESTS, register_summary
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

ROLES = (None, "viewer", "shangwu", "admin")  # anonymous, a viewer, an owner (自治区商务厅), an admin


def test_no_request_makes_the_server_fail(
    client: TestClient, token: Callable[[str], dict[str, str]], pytestconfig: pytest.Config
) -> None:
    register_summary(pytestconfig)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", client.app)
    headers = [token(name) if name else None for name in ROLES]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
        )
        def no_server_error(case: schemathesis.Case) -> None:
            for who in headers:
                response = case.call(headers=who)
                REQUESTS["schema"] += 1
                if response.status_code < 400:
                    continue  # (a download is no text)
                where = (case.method, case.formatted_path, case.query, response.text[:300])
                assert response.status_code < 500, where
                message = response.json()["error"]["message"]
                assert CHINESE.search(message) and not LEAKS.search(message), where

        no_server_error()
