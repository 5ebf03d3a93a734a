"""Open311 bodies in both formats: JSON as is, XML by a small ElementTree writer with the spec's element names."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse

# The element each member of a list is written as (the spec's plural → singular).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _append(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    _fill(element, tag, value)


def _fill(element: ET.Element, tag: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _append(element, ITEM_TAGS.get(tag, "item"), item)
    else:
        element.text = _text(value)


def xml_bytes(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, root, value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="unicode").encode()


def respond(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(xml_bytes(root, value), content_type="text/xml; charset=utf-8", status=status)
    return HttpResponse(
        json.dumps(value, ensure_ascii=False), content_type="application/json; charset=utf-8", status=status
    )


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error body: [{"code": 400, "description": "…"}] / <errors><error><code>…"""
    return respond(fmt, "errors", [{"code": status, "description": description}], status=status)
