"""Build tests/fixtures/spec_examples/*.json from the platform's OpenAPI spec (dev-time only).

For every component schema a seed operation sends or returns, assemble one payload from the
spec itself: each property takes its own ``example`` when the spec gives one (or the schema's,
or the first enum value), otherwise a placeholder of the declared type; nested objects are
filled the same way and arrays get one item. Every property of the schema is present, so
running the payload through the strict converter checks every wire name of the model. Each
fixture also lists the spec's type of every property (``types``: JSON path -> ``integer``,
``string``, ``string/date-time`` ...), which the tests compare with the model's annotations
(an extension id must be an ``int``, a call-log id a ``str``).

    .venv/bin/python scripts/extract_spec_examples.py [path/to/rc-platform.yml]

Needs PyYAML (a dev dependency; the package never imports it). The tests read only the JSON
files this writes, never the spec.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

SPEC = Path("/work/shared/spec/rc-platform.yml")
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "spec_examples"

# spec component schema -> the model class (in ringcentral_async.models) it decodes into
ROOTS: dict[str, str] = {
    "GetAccountInfoResponse": "Account",
    "SubscriptionListResource": "SubscriptionList",
    "GetExtensionListResponse": "ExtensionList",
    "GetExtensionListInfoResponse": "Extension",
    "GetExtensionInfoResponse": "Extension",
    "ExtensionCallerIdInfo": "CallerIdInfo",
    "GetExtensionGrantListResponse": "GrantList",
    "CallLogResponse": "CallLogList",
    "CallLogRecord": "CallLogRecord",
    "GetCallRecordingResponse": "Recording",
    "MakeRingOutRequest": "RingOutRequest",
    "GetRingOutStatusResponse": "RingOutStatus",
    "CompanyAnsweringRuleList": "CompanyAnsweringRuleList",
    "CompanyAnsweringRuleRequest": "CompanyAnsweringRuleRequest",
    "CompanyAnsweringRuleInfo": "CompanyAnsweringRule",
    "CompanyAnsweringRuleUpdate": "CompanyAnsweringRuleUpdate",
    "UserAnsweringRuleList": "AnsweringRuleList",
    "CreateAnsweringRuleRequest": "AnsweringRuleCreate",
    "CustomAnsweringRuleInfo": "AnsweringRule",
    "CallHandlingRuleInfo": "AnsweringRule",
    "UpdateAnsweringRuleRequest": "AnsweringRuleUpdate",
    "GetExtensionForwardingNumberListResponse": "ForwardingNumberList",
    "ForwardingNumberInfo": "ForwardingNumber",
    "GetExtensionPhoneNumbersResponse": "UserPhoneNumberList",
    "AccountPhoneNumbers": "CompanyPhoneNumberList",
    "CompanyPhoneNumberInfo": "CompanyPhoneNumber",
    "CustomUserGreetingInfo": "UserGreeting",
    "CustomCompanyGreetingInfo": "CompanyGreeting",
    "AddBlockedAllowedPhoneNumber": "BlockedAllowedNumberRequest",
    "BlockedAllowedPhoneNumberInfo": "BlockedAllowedNumber",
    "CallQueueList": "CallQueueList",
    "CallQueueBulkAssignResource": "CallQueueBulkAssign",
    "CallQueueMembers": "CallQueueMemberList",
    "CallMonitoringGroups": "CallMonitoringGroupList",
    "CallMonitoringGroupMemberList": "CallMonitoringGroupMemberList",
    "CallRecordingSettingsResource": "CallRecordingSettings",
    "CallRecordingCustomGreetings": "CallRecordingCustomGreetingList",
    "CallRecordingExtensions": "CallRecordingExtensionList",
    "DepartmentBulkAssignResource": "DepartmentBulkAssign",
    "ParsePhoneNumberRequest": "ParseRequest",
    "ParsePhoneNumberResponse": "ParseResponse",
    "CallLogSyncResponse": "CallLogSyncResult",
}

PLACEHOLDER_DATETIME = "2024-01-02T03:04:05.678Z"


class Builder:
    """Assembles example payloads from component schemas."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = spec["components"]["schemas"]

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema or ("anyOf" in schema and "properties" not in schema):
            if "$ref" in schema:
                schema = self.schemas[schema["$ref"].rsplit("/", 1)[-1]]
            else:  # a union (e.g. the delivery modes): its first branch
                schema = schema["anyOf"][0]
        return schema

    def properties(self, schema: dict[str, Any]) -> dict[str, Any]:
        schema = self.resolve(schema)
        props: dict[str, Any] = {}
        for part in schema.get("allOf", []):
            props.update(self.properties(part))
        props.update(schema.get("properties", {}))
        return props

    def value(self, schema: dict[str, Any], depth: int = 0) -> Any:
        if "example" in schema and not self._is_object(schema):
            return self._fit(schema, schema["example"])
        schema_r = self.resolve(schema)
        if "example" in schema_r and not self._is_object(schema_r):
            return self._fit(schema_r, schema_r["example"])
        if self._is_object(schema_r):
            if depth > 8:
                return {}
            return {
                name: self.value(prop, depth + 1)
                for name, prop in self.properties(schema_r).items()
            }
        if "allOf" in schema_r:
            return self.value(schema_r["allOf"][0], depth)
        kind = schema_r.get("type")
        if kind == "array":
            return [self.value(schema_r.get("items", {}), depth + 1)]
        enum = [v for v in schema_r.get("enum", []) if not isinstance(v, bool)]
        if enum:
            return enum[0]
        if kind == "string":
            fmt = schema_r.get("format")
            if fmt == "date-time":
                return PLACEHOLDER_DATETIME
            if fmt == "uri":
                return "https://platform.ringcentral.com/restapi/v1.0/example"
            return "string"
        if kind == "integer":
            return 1
        if kind == "number":
            return 1.5
        if kind == "boolean":
            return True
        return {}

    def types(self, schema: dict[str, Any], path: str = "$", depth: int = 0) -> dict[str, str]:
        """JSON path (``$.records[].id``) -> the spec's type of every property below ``schema``."""
        out: dict[str, str] = {}
        if depth > 8:
            return out
        for name, prop in self.properties(schema).items():
            where = f"{path}.{name}"
            resolved = self.resolve(prop)
            if "allOf" in resolved and not self._is_object(resolved):
                resolved = self.resolve(resolved["allOf"][0])
            if self._is_object(resolved):
                out[where] = "object"
                out.update(self.types(resolved, where, depth + 1))
                continue
            kind = resolved.get("type", "")
            if kind == "array":
                item = self.resolve(resolved.get("items", {}))
                out[where] = "array"
                if self._is_object(item):
                    out.update(self.types(item, where + "[]", depth + 1))
                elif item.get("type"):
                    out[where + "[]"] = _kind(item)
                continue
            if kind:
                out[where] = _kind(resolved)
        return out

    def _is_object(self, schema: dict[str, Any]) -> bool:
        schema = self.resolve(schema)
        return bool(schema.get("properties")) or any(
            self._is_object(p) for p in schema.get("allOf", [])
        )

    def _fit(self, schema: dict[str, Any], example: Any) -> Any:
        """Keep an example only if it matches the declared type (some spec examples don't)."""
        schema = self.resolve(schema)
        kind = schema.get("type")
        if kind == "array" and not isinstance(example, list):
            return [example]
        if kind == "string" and schema.get("format") == "date-time":
            return example if isinstance(example, str) else PLACEHOLDER_DATETIME
        return example


def _kind(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    return f"{schema['type']}/{fmt}" if fmt == "date-time" else str(schema["type"])


def main(argv: list[str]) -> int:
    spec_path = Path(argv[1]) if len(argv) > 1 else SPEC
    with spec_path.open() as fh:
        spec = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    builder = Builder(spec)
    OUT.mkdir(parents=True, exist_ok=True)
    for schema_name, model in ROOTS.items():
        ref = {"$ref": f"#/components/schemas/{schema_name}"}
        payload = builder.value(ref)
        doc = {"schema": schema_name, "model": model, "payload": payload}
        doc["types"] = builder.types(ref)
        path = OUT / f"{schema_name}.json"
        path.write_text(json.dumps(doc, indent=1, sort_keys=False, default=str) + "\n")
    print(f"wrote {len(ROOTS)} fixtures to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
