"""Helpers shared by every app's API router.

Routes that take an object id load the object through the scope filter FIRST (outside scope → 404
whatever the body says) and only then parse their body with `parse_body`; `documented_body` puts the
schema back into the OpenAPI document for such routes.
"""

from __future__ import annotations

import json

import pydantic
from django.utils.translation import gettext
from ninja import Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError
from pydantic import TypeAdapter


class Strict(Schema):
    """THE base of API input schemas: unknown fields are refused (a misspelt field must not be silently
    ignored), and no text may carry control characters (PostgreSQL refuses NUL; nobody types the others).
    A test checks that every request body of the OpenAPI document forbids additional properties."""

    model_config = pydantic.ConfigDict(extra="forbid")

    @pydantic.field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value):
        if isinstance(value, str) and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
            raise ValueError(gettext("不能包含控制字符"))
        return value


def parse_body(request, schema):
    """Parse and validate a JSON body the way ninja does (same 400 errors), after the scope check."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        raise HttpError(400, gettext("请求体不是有效的 JSON"))
    try:
        if isinstance(schema, type) and issubclass(schema, pydantic.BaseModel):
            return schema.model_validate(data)
        return TypeAdapter(schema).validate_python(data)
    except pydantic.ValidationError as exc:
        raise SchemaError([{**e, "loc": ("body", "body", *e["loc"])} for e in exc.errors(include_url=False)])


def documented_body(schema, example: dict | None = None) -> dict:
    """The OpenAPI requestBody of a route that parses its body itself with `parse_body`."""
    doc = TypeAdapter(schema).json_schema()
    for prop in doc.get("properties", {}).values():
        if "default" in prop and prop["default"] is None:
            del prop["default"]  # "absent" means unchanged, not null
    if example is not None:
        doc["example"] = example
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": doc}}}}
