"""rc.answering_rules: user and company answering (call handling) rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._paging import AsyncPaginator
from ..models import (
    AnsweringRule,
    AnsweringRuleCreate,
    AnsweringRuleUpdate,
    CompanyAnsweringRule,
    CompanyAnsweringRuleRequest,
    CompanyAnsweringRuleSummary,
    CompanyAnsweringRuleUpdate,
)
from ._base import Resource, check_choice, check_choices, operation, query
from ._common import (
    ACCOUNT,
    EXTENSION,
    AnsweringRuleView,
    RuleTypeFilter,
    account_path,
    extension_path,
)

__all__ = ["AnsweringRulesResource"]

USER_RULES = EXTENSION + "/answering-rule"
COMPANY_RULES = ACCOUNT + "/answering-rule"

LIST = operation(
    "listAnsweringRules",
    "GET",
    USER_RULES,
    "answering_rules.list",
    legacy_operation_id="loadAnsweringRulesList",
)
CREATE = operation(
    "createAnsweringRule",
    "POST",
    USER_RULES,
    "answering_rules.create",
    legacy_operation_id="createAnsweringRuleInfo",
)
READ = operation(
    "readAnsweringRule",
    "GET",
    USER_RULES + "/{ruleId}",
    "answering_rules.get",
    legacy_operation_id="loadAnsweringRuleInfo",
)
UPDATE = operation(
    "updateAnsweringRule",
    "PUT",
    USER_RULES + "/{ruleId}",
    "answering_rules.update",
    legacy_operation_id="updateAnsweringRuleInfo",
)
DELETE = operation(
    "deleteAnsweringRule", "DELETE", USER_RULES + "/{ruleId}", "answering_rules.delete"
)
LIST_COMPANY = operation(
    "listCompanyAnsweringRules",
    "GET",
    COMPANY_RULES,
    "answering_rules.list_company",
    legacy_operation_id="listCompanyAnsweringRule",
)
CREATE_COMPANY = operation(
    "createCompanyAnsweringRule",
    "POST",
    COMPANY_RULES,
    "answering_rules.create_company",
    legacy_operation_id="createCompanyAnsweringRuleInfo",
)
READ_COMPANY = operation(
    "readCompanyAnsweringRule",
    "GET",
    COMPANY_RULES + "/{ruleId}",
    "answering_rules.get_company",
    legacy_operation_id="loadCompanyAnsweringRuleInfo",
)
UPDATE_COMPANY = operation(
    "updateCompanyAnsweringRule",
    "PUT",
    COMPANY_RULES + "/{ruleId}",
    "answering_rules.update_company",
    legacy_operation_id="updateCompanyAnsweringRuleInfo",
)
DELETE_COMPANY = operation(
    "deleteCompanyAnsweringRule",
    "DELETE",
    COMPANY_RULES + "/{ruleId}",
    "answering_rules.delete_company",
)


def _rule(account_id: str | int, extension_id: str | int, rule_id: str) -> dict[str, Any]:
    return {**extension_path(account_id, extension_id), "ruleId": rule_id}


def _company_rule(account_id: str | int, rule_id: str) -> dict[str, Any]:
    return {**account_path(account_id), "ruleId": rule_id}


class AnsweringRulesResource(Resource):
    """User answering rules (``list`` ... ``delete``) and company ones (``*_company``)."""

    def list(
        self,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        type: str | Sequence[str] | None = None,
        view: str | None = None,
        enabled_only: bool | None = None,
        internal_ids: bool | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[AnsweringRule]:
        """``GET .../extension/{extensionId}/answering-rule`` (Medium), every page."""
        params = query(
            type=check_choices("type", type, RuleTypeFilter),
            view=check_choice("view", view, AnsweringRuleView),
            enabled_only=enabled_only,
            internal_ids=internal_ids,
        )
        return self._list(
            LIST,
            extension_path(account_id, extension_id),
            AnsweringRule,
            params=params,
            per_page=per_page,
            max_items=max_items,
        )

    async def create(
        self,
        body: AnsweringRuleCreate | dict[str, Any],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> AnsweringRule:
        """``POST .../extension/{extensionId}/answering-rule`` (Medium): a custom rule."""
        return await self._call(
            CREATE, extension_path(account_id, extension_id), AnsweringRule, json=body
        )

    async def get(
        self,
        rule_id: str,
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
        show_inactive_numbers: bool | None = None,
        internal_ids: bool | None = None,
    ) -> AnsweringRule:
        """``GET .../answering-rule/{ruleId}`` (Light)."""
        params = query(show_inactive_numbers=show_inactive_numbers, internal_ids=internal_ids)
        return await self._call(
            READ, _rule(account_id, extension_id, rule_id), AnsweringRule, params=params
        )

    async def update(
        self,
        rule_id: str,
        body: AnsweringRuleUpdate | dict[str, Any],
        *,
        account_id: str | int = "~",
        extension_id: str | int = "~",
    ) -> AnsweringRule:
        """``PUT .../answering-rule/{ruleId}`` (Medium): the updated rule."""
        return await self._call(
            UPDATE, _rule(account_id, extension_id, rule_id), AnsweringRule, json=body
        )

    async def delete(
        self, rule_id: str, *, account_id: str | int = "~", extension_id: str | int = "~"
    ) -> None:
        """``DELETE .../answering-rule/{ruleId}`` (Medium): custom rules only."""
        await self._call(DELETE, _rule(account_id, extension_id, rule_id))

    def list_company(
        self,
        *,
        account_id: str | int = "~",
        type: str | Sequence[str] | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
    ) -> AsyncPaginator[CompanyAnsweringRuleSummary]:
        """``GET /account/{accountId}/answering-rule`` (Medium), every page."""
        return self._list(
            LIST_COMPANY,
            account_path(account_id),
            CompanyAnsweringRuleSummary,
            params=query(type=check_choices("type", type, RuleTypeFilter)),
            per_page=per_page,
            max_items=max_items,
        )

    async def create_company(
        self, body: CompanyAnsweringRuleRequest | dict[str, Any], *, account_id: str | int = "~"
    ) -> CompanyAnsweringRule:
        """``POST /account/{accountId}/answering-rule`` (Medium)."""
        return await self._call(
            CREATE_COMPANY, account_path(account_id), CompanyAnsweringRule, json=body
        )

    async def get_company(
        self, rule_id: str, *, account_id: str | int = "~"
    ) -> CompanyAnsweringRule:
        """``GET /account/{accountId}/answering-rule/{ruleId}`` (Light)."""
        return await self._call(
            READ_COMPANY, _company_rule(account_id, rule_id), CompanyAnsweringRule
        )

    async def update_company(
        self,
        rule_id: str,
        body: CompanyAnsweringRuleUpdate | dict[str, Any],
        *,
        account_id: str | int = "~",
    ) -> CompanyAnsweringRule:
        """``PUT /account/{accountId}/answering-rule/{ruleId}`` (Medium)."""
        return await self._call(
            UPDATE_COMPANY, _company_rule(account_id, rule_id), CompanyAnsweringRule, json=body
        )

    async def delete_company(self, rule_id: str, *, account_id: str | int = "~") -> None:
        """``DELETE /account/{accountId}/answering-rule/{ruleId}`` (Medium)."""
        await self._call(DELETE_COMPANY, _company_rule(account_id, rule_id))
