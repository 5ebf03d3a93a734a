"""The API's OpenAPI schema: every operation declares the error answers it can give, in the `{"errors": [...]}` body."""

from __future__ import annotations

from typing import Any

# Every operation can refuse bad input, a caller without the right, and a missing object (otklik.api.errors).
COMMON_ERRORS = {
    "400": "invalid input",
    "403": "no right to this operation or this object",
    "404": "not found",
}
HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


def declare_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: add the common error answers an operation does not declare itself."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string", "nullable": True}, "message": {"type": "string"}},
                        "required": ["field", "message"],
                    },
                }
            },
            "required": ["errors"],
        },
    )
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
