"""The OpenAPI document and its Swagger UI, which works without internet access."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import World


@pytest.fixture
def schema(world: World) -> dict[str, Any]:
    response = world.client("hr").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_the_schema_is_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/plans/{id}/solve/" in schema["paths"]


def test_every_operation_documents_its_error_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429"} <= codes, (method, path)
            if "{id}" in path:
                assert "404" in codes, (method, path)
            if method in ("post", "patch"):
                assert "400" in codes, (method, path)


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("patch", "/api/v1/plans/{id}/", {"412", "428"}),
        ("patch", "/api/v1/assignments/{id}/", {"412", "428"}),
        ("post", "/api/v1/assignments/{id}/confirm/", {"409", "412"}),
        ("post", "/api/v1/assignments/", {"409"}),
        ("post", "/api/v1/plans/{id}/solve/", {"202", "409"}),
        ("post", "/api/v1/imports/staff/", {"413"}),
        ("post", "/api/v1/imports/wishes/", {"200", "400", "413"}),
    ],
)
def test_operations_document_their_own_codes(schema, method, path, codes):
    assert codes <= set(schema["paths"][path][method]["responses"])


def test_the_swagger_ui_loads_its_assets_from_this_server(world: World):
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html and "cdn.jsdelivr" not in html and "unpkg" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/assignments/{id}/confirm/" in target.read_text()
