"""The server's own OpenAPI document, generated from the catalog: every operation it serves, with schemas."""

from __future__ import annotations

from typing import Any

from mokta import __version__
from mokta.spec.catalog import Catalog


def document(catalog: Catalog, server_url: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(catalog.operations.values(), key=lambda o: (o.path, o.method)):
        entry: dict[str, Any] = {
            "operationId": op.id,
            "tags": [op.tag] if op.tag else [],
            "parameters": [{"name": p.name, "in": p.location, "required": p.required or p.location == "path",
                            "schema": p.schema or {"type": "string"}} for p in op.params],
            "responses": {},
        }
        for name in op.param_names:
            if not any(p.name == name and p.location == "path" for p in op.params):
                entry["parameters"].append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
        if op.body:
            content = op.body.get("content") or ["application/json"]
            entry["requestBody"] = {
                "required": bool(op.body.get("required")),
                "content": {ct: ({"schema": op.body["schema"]} if op.body.get("schema") else {}) for ct in content},
            }
        for code, resp in sorted(op.responses.items()):
            body: dict[str, Any] = {"description": str(code)}
            if resp.get("content"):
                body["content"] = {ct: ({"schema": resp["schema"]} if resp.get("schema") else {})
                                   for ct in resp["content"]}
            entry["responses"][str(code)] = body
        entry["responses"]["default"] = {"description": "Okta error",
                                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/"
                                                                                       "Error"}}}}
        if op.public:
            entry["security"] = []
        paths.setdefault(op.path, {})[op.method.lower()] = entry
    return {
        "openapi": "3.0.3",
        "info": {"title": "mokta (Okta Admin Management API 5.1.0)", "version": __version__},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": catalog.schemas,
            "securitySchemes": {"apiToken": {"type": "apiKey", "in": "header", "name": "Authorization"}},
        },
        "security": [{"apiToken": []}],
    }
