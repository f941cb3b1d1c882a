"""Every API operation, fed what its OpenAPI schema allows (schemathesis
generates the requests), never fails with a server error, whoever asks: an
anonymous client or an admin, whose writes then really happen."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings


def test_no_request_makes_the_server_fail(client: TestClient, token: Callable[[str], dict[str, str]]) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", client.app)
    admin = token("admin")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case: schemathesis.Case) -> None:
            for headers in (None, admin):
                response = case.call(headers=headers)
                if response.status_code < 400:
                    continue  # (a download is no text)
                where = (case.method, case.formatted_path, case.query, response.text[:300])
                assert response.status_code < 500, where
                assert response.json()["error"]["message"], where

        no_server_error()
