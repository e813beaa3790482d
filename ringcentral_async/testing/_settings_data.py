"""State behind the settings routes: deterministic per-account data, created lazily."""

from __future__ import annotations

import copy
import random
import re
from typing import Any

from ._http import invalid, reject
from ._state import Platform

__all__ = [
    "CALLER_ID_TYPES",
    "COUNTRIES",
    "GRANT_TYPES",
    "Settings",
    "parse_number",
]

CALLER_ID_TYPES = frozenset({"PhoneNumber", "Blocked", "CurrentLocation"})
GRANT_TYPES = frozenset(
    {"User", "FaxUser", "VirtualUser", "DigitalUser", "Department", "Announcement", "Voicemail"}
    | {"SharedLinesGroup", "PagingOnly", "IvrMenu", "ApplicationExtension", "ParkLocation"}
    | {"Limited", "Bot", "Room", "DelegatedLinesGroup"}
)
COUNTRIES: dict[str, dict[str, str]] = {
    code: {
        "id": cid,
        "uri": f"/restapi/v1.0/dictionary/country/{cid}",
        "isoCode": code,
        "callingCode": cc,
        "name": name,
    }
    for code, cid, cc, name in (
        ("US", "1", "1", "United States"),
        ("CA", "39", "1", "Canada"),
        ("GB", "224", "44", "United Kingdom"),
        ("DE", "83", "49", "Germany"),
        ("FR", "75", "33", "France"),
        ("AU", "16", "61", "Australia"),
    )
}
_TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
_MONITORING = ("Supervisors", "Sales floor", "Support floor")


class Settings:
    """Per-account settings state (``platform.stores["settings"]``)."""

    def __init__(self, platform: Platform) -> None:
        self.directory = platform.directory
        self.account_id = platform.directory.account_id
        self._caller_ids: dict[int, dict[str, Any]] = {}
        self._forwarding: dict[int, dict[str, dict[str, Any]]] = {}
        self._user_rules: dict[int, dict[str, dict[str, Any]]] = {}
        self._company_rules: dict[str, dict[str, Any]] | None = None
        self._members: dict[int, list[str]] = {}
        self._monitoring: dict[str, dict[str, Any]] | None = None
        self._next_rule = 7_000_000 + random.Random(self.account_id).randrange(10**6)

    def _rng(self, *key: object) -> random.Random:
        return random.Random(":".join(map(str, (self.account_id, *key))))

    def _users(self) -> list[dict[str, Any]]:
        exts = sorted(self.directory.extensions.values(), key=lambda e: int(e["id"]))
        return [e for e in exts if e["type"] == "User"]

    # -- caller id, grants, forwarding numbers -----------------------------------------------
    def account_numbers(self) -> set[str]:
        return {str(n["phoneNumber"]) for n in self.directory.phone_numbers}

    def caller_id(self, ext_id: int) -> dict[str, Any]:
        if ext_id not in self._caller_ids:
            number = self.directory.direct_number(ext_id)
            info = {"phoneNumber": number}
            caller = {"type": "PhoneNumber", "phoneInfo": info}
            features = ("RingOut", "RingMe", "CallFlip", "FaxNumber", "Alternate", "MobileApp")
            self._caller_ids[ext_id] = {
                "uri": self.directory.extension_path(ext_id) + "/caller-id",
                "byFeature": [{"feature": f, "callerId": copy.deepcopy(caller)} for f in features],
                "extensionNameForOutboundCalls": False,
                "extensionNumberForInternalCalls": False,
            }
        return self._caller_ids[ext_id]

    def grants(self, ext_id: int) -> list[dict[str, Any]]:
        others = [e for e in self.directory.extensions.values() if int(e["id"]) != ext_id]
        chosen = sorted(others, key=lambda e: int(e["id"]))[:12]
        grants = []
        for index, ext in enumerate(chosen):
            queue = ext["type"] == "Department"
            grants.append(
                {
                    "uri": self.directory.extension_path(ext_id) + "/grant",
                    "extension": {
                        "id": str(ext["id"]),
                        "uri": ext["uri"],
                        "extensionNumber": ext["extensionNumber"],
                        "name": ext["name"],
                        "type": ext["type"],
                    },
                    "callPickup": index % 2 == 0,
                    "callMonitoring": index % 3 == 0,
                    "callOnBehalfOf": False,
                    "callDelegation": False,
                    "groupPaging": False,
                    "callQueueSetup": queue,
                    "callQueueMembersSetup": queue,
                    "callQueueMessages": queue,
                }
            )
        return grants

    def forwarding(self, ext_id: int) -> dict[str, dict[str, Any]]:
        if ext_id not in self._forwarding:
            rng = self._rng(ext_id, "forwarding")
            numbers: dict[str, dict[str, Any]] = {}
            for flip, kind in enumerate(("Home", "Mobile", "Work"), start=1):
                number_id = str(rng.randrange(10**8, 10**9))
                numbers[number_id] = {
                    "id": number_id,
                    "uri": self.directory.extension_path(ext_id)
                    + f"/forwarding-number/{number_id}",
                    "phoneNumber": f"+1{rng.randrange(201, 989)}555{rng.randrange(10**4):04d}",
                    "label": f"{kind} phone",
                    "type": kind,
                    "features": ["CallFlip", "CallForwarding"],
                    "flipNumber": str(flip),
                }
            self._forwarding[ext_id] = numbers
        return self._forwarding[ext_id]

    # -- answering rules --------------------------------------------------------------------
    def _defaults(self, base: str, actions: tuple[str, str], **extra: Any) -> dict[str, Any]:
        hours = {day: [{"from": "09:00", "to": "18:00"}] for day in _WEEKDAYS}
        rules: dict[str, dict[str, Any]] = {
            "business-hours-rule": {
                "type": "BusinessHours",
                "name": "Work Hours",
                "schedule": {"weeklyRanges": hours},
            },
            "after-hours-rule": {
                "type": "AfterHours",
                "name": "After Hours",
                "schedule": {"ref": "AfterHours"},
            },
        }
        for (rule_id, rule), action in zip(rules.items(), actions, strict=True):
            rule.update(id=rule_id, uri=f"{base}/{rule_id}", enabled=True, **extra)
            rule["callHandlingAction"] = action
        return rules

    def user_rules(self, ext_id: int) -> dict[str, dict[str, Any]]:
        if ext_id not in self._user_rules:
            base = self.rules_base(ext_id)
            self._user_rules[ext_id] = self._defaults(base, ("ForwardCalls", "TakeMessagesOnly"))
        return self._user_rules[ext_id]

    def company_rules(self) -> dict[str, dict[str, Any]]:
        if self._company_rules is None:
            base = self.rules_base(None)
            ext = {"id": str(self.account_id)}
            self._company_rules = self._defaults(base, ("Operator", "Operator"), extension=ext)
        return self._company_rules

    def rules_base(self, ext_id: int | None) -> str:
        if ext_id is None:
            return f"/restapi/v1.0/account/{self.account_id}/answering-rule"
        return self.directory.extension_path(ext_id) + "/answering-rule"

    def new_rule(
        self, rules: dict[str, dict[str, Any]], body: dict[str, Any], base: str
    ) -> dict[str, Any]:
        self._next_rule += 1
        rule_id = str(self._next_rule)
        rule = {"id": rule_id, "uri": f"{base}/{rule_id}", "type": "Custom", "enabled": True}
        rule.update({k: copy.deepcopy(v) for k, v in body.items() if k not in ("id", "uri")})
        rules[rule_id] = rule
        return rule

    # -- call recording -----------------------------------------------------------------------
    def recording_settings(self) -> dict[str, Any]:
        return {
            "onDemand": {"enabled": True, "retentionPeriod": 90},
            "automatic": {
                "enabled": True,
                "outboundCallTones": False,
                "outboundCallAnnouncement": False,
                "allowMute": False,
                "extensionCount": len(self.recording_extensions()),
                "retentionPeriod": 90,
            },
            "greetings": [
                {"type": "StartRecording", "mode": "Default"},
                {"type": "StopRecording", "mode": "Default"},
                {"type": "AutomaticRecording", "mode": "Custom"},
            ],
        }

    def recording_greetings(self) -> list[dict[str, Any]]:
        language = {"id": "1033", "name": "English (United States)", "localeCode": "en-US"}
        base = f"/restapi/v1.0/account/{self.account_id}/greeting"
        return [
            {"type": kind, "custom": {"id": gid, "uri": f"{base}/{gid}"}, "language": language}
            for kind, gid in (("AutomaticRecording", "9001"), ("StartRecording", "9002"))
        ]

    def recording_extensions(self) -> list[dict[str, Any]]:
        users = self._users()
        directions = ("All", "Inbound", "Outbound")
        return [
            {
                "id": str(ext["id"]),
                "uri": ext["uri"],
                "extensionNumber": ext["extensionNumber"],
                "type": ext["type"],
                "callDirection": directions[index % 3],
            }
            for index, ext in enumerate(users[: (len(users) + 2) // 3])
        ]

    # -- call queues (departments) and call monitoring -----------------------------------
    def queues(self) -> dict[int, dict[str, Any]]:
        exts = sorted(self.directory.extensions.values(), key=lambda e: int(e["id"]))
        base = f"/restapi/v1.0/account/{self.account_id}/call-queues"
        return {
            int(e["id"]): {
                "id": str(e["id"]),
                "uri": f"{base}/{e['id']}",
                "extensionNumber": e["extensionNumber"],
                "name": e["name"],
                "status": e["status"],
            }
            for e in exts
            if e["type"] == "Department"
        }

    def members(self, queue_id: int) -> list[str]:
        if queue_id not in self._members:
            users = [str(e["id"]) for e in self._users()]
            rng = self._rng(queue_id, "members")
            self._members[queue_id] = sorted(rng.sample(users, min(3, len(users))), key=int)
        return self._members[queue_id]

    def member_records(self, ids: list[str]) -> list[dict[str, Any]]:
        exts = self.directory.extensions
        return [
            {
                "id": int(i),
                "uri": exts[int(i)]["uri"],
                "extensionNumber": exts[int(i)]["extensionNumber"],
            }
            for i in ids
            if int(i) in exts
        ]

    def check_assignment(self, body: dict[str, Any]) -> tuple[list[str], list[str]]:
        """(added, removed) extension ids of a bulk-assign body; 404 / EXT-405 when invalid."""
        result: list[list[str]] = []
        for name in ("addedExtensionIds", "removedExtensionIds"):
            ids = body.get(name, [])
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                invalid(name)
            for value in ids:
                ext = self.directory.extensions.get(int(value)) if value.isdigit() else None
                if ext is None:
                    reject(404, "CMN-102", f"Resource for parameter [{name}] is not found", name)
                if name == "addedExtensionIds" and ext["type"] not in ("User", "DigitalUser"):
                    reject(
                        400,
                        "EXT-405",
                        f"Extension of type [{ext['type']}] cannot be included into call queue",
                        name,
                    )
            result.append(ids)
        return result[0], result[1]

    def assign(self, queue_id: int, added: list[str], removed: list[str]) -> None:
        members = [m for m in self.members(queue_id) if m not in removed]
        members += [a for a in added if a not in members]
        self._members[queue_id] = members

    def monitoring_groups(self) -> dict[str, dict[str, Any]]:
        if self._monitoring is None:
            users = [str(e["id"]) for e in self._users()]
            rng = self._rng("monitoring")
            base = f"/restapi/v1.0/account/{self.account_id}/call-monitoring-groups"
            self._monitoring = {}
            for index, name in enumerate(_MONITORING):
                group_id = str(rng.randrange(10**8, 10**9))
                site = {"id": "main-site" if index < 2 else "branch-site", "name": "Main Site"}
                chosen = rng.sample(users, min(4, len(users)))
                members = self.member_records(chosen)
                for position, member in enumerate(members):
                    member["id"] = str(member["id"])
                    member["permissions"] = ["Monitoring"] if position == 0 else ["Monitored"]
                self._monitoring[group_id] = {
                    "group": {
                        "id": group_id,
                        "uri": f"{base}/{group_id}",
                        "name": name,
                        "site": site,
                    },
                    "members": members,
                }
        return self._monitoring


def parse_number(text: str, home: str) -> dict[str, Any]:
    """One ``phoneNumbers`` entry of the v1 parser (NANP aware; others kept generic)."""
    digits = re.sub(r"\D", "", text)
    entry: dict[str, Any] = {"originalString": text, "special": False}
    if len(digits) < 3:
        return entry
    country = COUNTRIES[home]
    if text.strip().startswith("+"):
        by_code = sorted(COUNTRIES.values(), key=lambda c: -len(c["callingCode"]))
        country = next((c for c in by_code if digits.startswith(c["callingCode"])), country)
        national = digits[len(country["callingCode"]) :]
    else:
        national = digits[1:] if country["callingCode"] == "1" and len(digits) == 11 else digits
        national = national.lstrip("0") if country["callingCode"] != "1" else national
    code = country["callingCode"]
    e164 = f"+{code}{national}"
    entry.update(country=country, e164=e164, normalized=f"{code}{national}", dialable=e164)
    if code == "1" and len(national) == 10:
        area, rest = national[:3], national[3:]
        entry.update(
            areaCode=area,
            subscriberNumber=rest,
            formattedNational=f"({area}) {rest[:3]}-{rest[3:]}",
            formattedInternational=f"+1 {area} {rest[:3]} {rest[3:]}",
            tollFree=area in _TOLL_FREE,
        )
    else:
        entry.update(
            subscriberNumber=national,
            formattedNational=national,
            formattedInternational=f"+{code} {national}",
            tollFree=False,
        )
    return entry
