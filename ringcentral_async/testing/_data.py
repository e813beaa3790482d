"""Deterministic account data: the account, its extensions and its phone numbers."""

from __future__ import annotations

import random
from typing import Any

__all__ = ["Directory"]

_FIRST = tuple(
    [
        "Alice",
        "Bob",
        "Carol",
        "Dave",
        "Erin",
        "Frank",
        "Grace",
        "Heidi",
        "Ivan",
        "Judy",
        "Mallory",
        "Niaj",
        "Olivia",
        "Peggy",
        "Rupert",
        "Sybil",
        "Trent",
        "Victor",
        "Walter",
        "Yvonne",
        "Zoe",
        "Aaron",
        "Bianca",
        "Chen",
        "Dmitri",
        "Elena",
        "Farah",
        "Goran",
        "Hana",
    ]
)
_LAST = tuple(
    [
        "Smith",
        "Jones",
        "Brown",
        "Garcia",
        "Miller",
        "Davis",
        "Wilson",
        "Moore",
        "Taylor",
        "Anderson",
        "Thomas",
        "Jackson",
        "White",
        "Harris",
        "Martin",
        "Thompson",
        "Lee",
        "Walker",
        "Young",
        "Allen",
        "King",
        "Wright",
        "Scott",
        "Green",
        "Baker",
        "Adams",
        "Nelson",
    ]
)
_TYPES = ("User",) * 14 + ("Department", "IvrMenu", "Announcement", "Voicemail", "DigitalUser")
_STATUSES = ("Enabled",) * 16 + ("Disabled", "NotActivated")


class Directory:
    """The account, its extensions (by integer id) and phone numbers, built from a seed.

    The first extension is the system extension: its id equals the account id, it has
    extension number 101 and it is the user the fake's credentials log in as.
    """

    def __init__(self, rng: random.Random, extensions: int, phone_numbers: int | None) -> None:
        self.rng = rng
        self.account_id = 400_000_000_000 + rng.randrange(1_000_000_000)
        self.main_number = f"+1650555{rng.randrange(10_000):04d}"
        self.extensions: dict[int, dict[str, Any]] = {}
        self._next_id = self.account_id
        self._next_number = 101
        for index in range(max(1, extensions)):
            if index == 0:
                self.add_extension(type="User", status="Enabled", name="Company Admin")
            else:
                self.add_extension(type=rng.choice(_TYPES), status=rng.choice(_STATUSES), name=None)
        self.phone_numbers: list[dict[str, Any]] = []
        self._numbers_by_ext: dict[int, list[dict[str, Any]]] | None = None
        users = [e for e in self.extensions.values() if e["type"] == "User"]
        count = phone_numbers if phone_numbers is not None else len(users) + 2
        for index in range(count):
            owner = users[index - 2] if 2 <= index < len(users) + 2 else None
            self._add_number(owner, main=index == 0)

    @property
    def owner_id(self) -> int:
        """The id of the extension the fake's credentials belong to."""
        return self.account_id

    def add_extension(self, **fields: Any) -> dict[str, Any]:
        """Create an extension; unspecified fields get deterministic values."""
        ext_id = int(fields.pop("id", self._next_id))
        self._next_id = max(self._next_id, ext_id) + self.rng.randrange(1, 5000)
        number = str(fields.pop("extensionNumber", self._next_number))
        if number.isdigit():
            self._next_number = max(self._next_number, int(number)) + 1
        first, last = self.rng.choice(_FIRST), self.rng.choice(_LAST)
        name = fields.pop("name", None) or f"{first} {last}"
        first, _, last = name.partition(" ")
        record: dict[str, Any] = {
            "id": ext_id,
            "uri": self.extension_path(ext_id),
            "extensionNumber": number,
            "name": name,
            "type": fields.pop("type", "User"),
            "status": fields.pop("status", "Enabled"),
            "contact": {
                "firstName": first,
                "lastName": last or first,
                "email": f"{first}.{last or ext_id}.{number}@example.com".lower(),
                "businessPhone": self.main_number,
                "emailAsLoginName": True,
            },
            "hidden": False,
        }
        record.update(fields)
        self.extensions[ext_id] = record
        return record

    def update_extension(self, ext_id: int, **fields: Any) -> dict[str, Any]:
        """Change fields of an extension (``contact`` is merged)."""
        record = self.extensions[ext_id]
        contact = fields.pop("contact", None)
        record.update(fields)
        if contact:
            record["contact"] = {**record["contact"], **contact}
        return record

    def remove_extension(self, ext_id: int) -> None:
        """Delete an extension and unassign its phone numbers."""
        del self.extensions[ext_id]
        self._numbers_by_ext = None
        for number in self.phone_numbers:
            if number.get("extension", {}).get("id") == ext_id:
                del number["extension"]
                number["usageType"] = "CompanyNumber"

    def extension_path(self, ext_id: int) -> str:
        """The path of one extension."""
        return f"/restapi/v1.0/account/{self.account_id}/extension/{ext_id}"

    def account_info(self) -> dict[str, Any]:
        """The ``GET /account/{accountId}`` body (uri is relative; the route completes it)."""
        return {
            "id": self.account_id,
            "uri": f"/restapi/v1.0/account/{self.account_id}",
            "mainNumber": self.main_number,
            "operator": {"id": self.account_id, "extensionNumber": "101"},
            "serviceInfo": {"brand": {"id": "1210", "name": "RingCentral"}},
            "status": "Confirmed",
            "setupWizardState": "Completed",
            "regionalSettings": {
                "homeCountry": {"id": "1", "isoCode": "US", "name": "United States"},
                "timezone": {"id": "58", "name": "US/Pacific"},
                "language": {"id": "1033", "localeCode": "en-US"},
                "timeFormat": "12h",
            },
        }

    def _add_number(self, owner: dict[str, Any] | None, *, main: bool) -> None:
        number_id = 100_000_000 + len(self.phone_numbers) * 7 + self.rng.randrange(7)
        phone = (
            self.main_number
            if main
            else f"+1{self.rng.randrange(200, 999)}555{number_id % 10_000:04d}"
        )
        record: dict[str, Any] = {
            "id": number_id,
            "uri": f"/restapi/v1.0/account/{self.account_id}/phone-number/{number_id}",
            "phoneNumber": phone,
            "paymentType": "Local",
            "type": "VoiceFax",
            "usageType": "MainCompanyNumber" if main else "CompanyNumber",
            "status": "Normal",
            "features": ["CallerId", "SmsSender"] if owner else ["CallerId"],
            "country": {"id": "1", "isoCode": "US", "name": "United States"},
        }
        if owner is not None:
            record["usageType"] = "DirectNumber"
            record["extension"] = {
                "id": owner["id"],
                "uri": owner["uri"],
                "extensionNumber": owner["extensionNumber"],
            }
        self.phone_numbers.append(record)
        self._numbers_by_ext = None

    def numbers_of(self, ext_id: int) -> list[dict[str, Any]]:
        """The phone numbers assigned to one extension (indexed; rebuilt after changes)."""
        if self._numbers_by_ext is None:
            index: dict[int, list[dict[str, Any]]] = {}
            for number in self.phone_numbers:
                owner = number.get("extension", {}).get("id")
                if owner is not None:
                    index.setdefault(owner, []).append(number)
            self._numbers_by_ext = index
        return list(self._numbers_by_ext.get(ext_id, ()))

    def direct_number(self, ext_id: int) -> str:
        """An extension's direct number, or the main number when it has none."""
        numbers = self.numbers_of(ext_id)
        return str(numbers[0]["phoneNumber"]) if numbers else self.main_number
