"""One row per hand-written operation, in an order where each call finds what it needs."""

from __future__ import annotations

from datetime import UTC, datetime

from ringcentral_async.models import (
    BlockedAllowedNumberRequest,
    CallerIdInfo,
    CallQueueBulkAssign,
)
from ringcentral_async.testing._routes_uploads import image_bytes

from ._handwritten_context import (
    COMPANY_RULE,
    IMAGE,
    MESSAGES,
    PAGE,
    PRESENCE,
    RING_OUT,
    RULE,
    SINCE,
    Row,
    bulk_assign,
    call_queue,
    expanded,
    full_sync,
    queue_member,
    second_blocked_number,
)

ROWS: tuple[Row, ...] = (
    # Account, extensions, caller id, grants, profile image.
    Row("readAccountInfo", lambda c: c.rc.account.get()),
    Row(
        "listExtensions",
        lambda c: c.rc.extensions.list(
            status=["Enabled", "NotActivated"], type=["User", "Department"], per_page=PAGE
        ),
    ),
    Row(
        "readExtension",
        lambda c: c.rc.extensions.get(c.id_of("listExtensions")),
        expect=lambda c, r: str(r.id) == c.id_of("listExtensions"),
    ),
    Row("readExtensionCallerId", lambda c: c.rc.caller_id.get()),
    Row(
        "updateExtensionCallerId",
        lambda c: c.rc.caller_id.update(CallerIdInfo(extension_name_for_outbound_calls=True)),
        expect=lambda c, r: r.extension_name_for_outbound_calls is True,
    ),
    Row("listExtensionGrants", lambda c: c.rc.grants.list(per_page=PAGE)),
    Row(
        "createUserProfileImage",
        lambda c: c.rc.profile_image.upload(b"\x89PNG first", content_type="image/png"),
    ),
    Row(
        "updateUserProfileImage",
        lambda c: c.rc.profile_image.replace(IMAGE, content_type="image/png"),
    ),
    Row(
        "readScaledProfileImage",
        lambda c: c.rc.profile_image.download("90x90", c.dest),
        expect=lambda c, _: c.dest.getvalue() == image_bytes(c.fake.owner_id, "90x90", IMAGE),
    ),
    # Phone numbers, forwarding numbers, the number parser.
    Row(
        "listAccountPhoneNumbers",
        lambda c: c.rc.phone_numbers.list_company(
            status="Normal", payment_type="Local", per_page=PAGE
        ),
    ),
    Row(
        "readAccountPhoneNumber",
        lambda c: c.rc.phone_numbers.get_company(c.id_of("listAccountPhoneNumbers")),
    ),
    Row(
        "listExtensionPhoneNumbers",
        lambda c: c.rc.phone_numbers.list(status="Normal", per_page=PAGE),
    ),
    Row("listForwardingNumbers", lambda c: c.rc.forwarding_numbers.list(per_page=PAGE)),
    Row(
        "readForwardingNumber",
        lambda c: c.rc.forwarding_numbers.get(c.id_of("listForwardingNumbers")),
    ),
    Row(
        "deleteForwardingNumber",
        lambda c: c.rc.forwarding_numbers.delete(c.id_of("listForwardingNumbers")),
    ),
    Row(
        "parsePhoneNumber",
        lambda c: c.rc.number_parser.parse(
            ["(650) 722-1621"], home_country="US", national_as_priority=True
        ),
        expect=lambda c, r: len(r.phone_numbers or ()) == 1,
    ),
    # Blocked and allowed numbers, then the legacy blocked-number paths on the same record.
    Row(
        "createBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.create(
            BlockedAllowedNumberRequest(phone_number="+16505550123", label="spam")
        ),
    ),
    Row(
        "readBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.get(c.id_of("createBlockedAllowedNumber")),
        expect=lambda c, r: (r.phone_number, r.label) == ("+16505550123", "spam"),
    ),
    Row(
        "updateBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.update(
            c.id_of("createBlockedAllowedNumber"), {"label": "ham"}
        ),
        expect=lambda c, r: r.label == "ham",
    ),
    Row(
        "loadBlockedNumber",
        lambda c: c.rc.blocked_numbers.get_legacy(c.id_of("createBlockedAllowedNumber")),
        expect=lambda c, r: r.phone_number == "+16505550123",
    ),
    Row(
        "updateBlockedNumber",
        lambda c: c.rc.blocked_numbers.update_legacy(
            c.id_of("createBlockedAllowedNumber"), {"name": "spam again"}
        ),
        expect=lambda c, r: r.name == "spam again",
    ),
    Row(
        "unblockNumber",
        lambda c: c.rc.blocked_numbers.delete_legacy(c.id_of("createBlockedAllowedNumber")),
    ),
    Row(
        "deleteBlockedAllowedNumber",
        lambda c: c.rc.blocked_numbers.delete(c.ids["blocked"]),
        setup=second_blocked_number,
    ),
    # Calls: active calls, the call log and its sync, recordings.
    Row(
        "listExtensionActiveCalls",
        lambda c: c.rc.active_calls.list(
            view="Detailed", direction=["Inbound", "Outbound"], per_page=PAGE
        ),
    ),
    Row(
        "listCompanyActiveCalls",
        lambda c: c.rc.active_calls.list_company(
            view="Simple", type=["Voice", "Fax"], per_page=PAGE
        ),
    ),
    Row(
        "readUserCallLog",
        lambda c: c.rc.call_log.list(
            date_from=SINCE,
            date_to=datetime(2100, 1, 1, tzinfo=UTC),
            view="Detailed",
            direction=["Inbound", "Outbound"],
            show_deleted=False,
            per_page=PAGE,
        ),
    ),
    Row(
        "readUserCallRecord",
        lambda c: c.rc.call_log.get(c.id_of("readUserCallLog"), view="Detailed"),
        expect=lambda c, r: r.id == c.id_of("readUserCallLog"),
    ),
    Row(
        "readCompanyCallLog",
        lambda c: c.rc.call_log.list_company(
            date_from=SINCE, type=["Voice", "Fax"], view="Simple", per_page=PAGE
        ),
        expect=lambda c, r: len(r) == len(c.fake.call_records),
    ),
    Row(
        "syncUserCallLog",
        lambda c: c.rc.call_log.sync(record_count=10, view="Detailed"),
    ),
    Row(
        "syncAccountCallLog",
        lambda c: c.rc.call_log.sync_company(
            sync_type="ISync", sync_token=c.ids["sync"], show_deleted=True
        ),
        setup=full_sync,
    ),
    Row(
        "readCallRecording",
        lambda c: c.rc.recordings.get(c.fake.recording_ids[0]),
        expect=lambda c, r: r.id == c.fake.recording_ids[0],
    ),
    Row(
        "readCallRecordingContent",
        lambda c: c.rc.recordings.download(c.id_of("readCallRecording"), c.dest),
        expect=lambda c, _: (
            c.dest.getvalue() == c.fake.recording_content(c.id_of("readCallRecording"))
        ),
    ),
    # RingOut, current and legacy paths.
    Row("createRingOutCall", lambda c: c.rc.ring_out.create(RING_OUT)),
    Row(
        "readRingOutCallStatus",
        lambda c: c.rc.ring_out.get(c.id_of("createRingOutCall")),
        expect=lambda c, r: r.id == c.id_of("createRingOutCall"),
    ),
    Row("deleteRingOutCall", lambda c: c.rc.ring_out.cancel(c.id_of("createRingOutCall"))),
    Row("createRingOutCallDeprecated", lambda c: c.rc.ring_out.create_legacy(RING_OUT)),
    Row(
        "readRingOutCallStatusDeprecated",
        lambda c: c.rc.ring_out.get_legacy(c.id_of("createRingOutCallDeprecated")),
    ),
    Row(
        "deleteRingOutCallDeprecated",
        lambda c: c.rc.ring_out.cancel_legacy(c.id_of("createRingOutCallDeprecated")),
    ),
    # Answering rules and greetings.
    Row(
        "listAnsweringRules",
        lambda c: c.rc.answering_rules.list(view="Detailed", enabled_only=False, per_page=PAGE),
    ),
    Row(
        "createAnsweringRule",
        lambda c: c.rc.answering_rules.create(RULE),
    ),
    Row(
        "readAnsweringRule",
        lambda c: c.rc.answering_rules.get(
            c.id_of("createAnsweringRule"), show_inactive_numbers=True
        ),
        expect=lambda c, r: (r.name, r.call_handling_action) == ("VIP", "ForwardCalls"),
    ),
    Row(
        "updateAnsweringRule",
        lambda c: c.rc.answering_rules.update(c.id_of("createAnsweringRule"), {"name": "VIP 2"}),
        expect=lambda c, r: (r.name, r.callers) == ("VIP 2", RULE.callers),
    ),
    Row(
        "createCustomUserGreeting",
        lambda c: c.rc.greetings.create(
            type="Voicemail", answering_rule_id=c.id_of("createAnsweringRule"), content=b"ID3 g"
        ),
    ),
    Row(
        "readCustomGreeting",
        lambda c: c.rc.greetings.get(c.id_of("createCustomUserGreeting")),
        expect=lambda c, r: r.id == c.id_of("createCustomUserGreeting"),
    ),
    Row(
        "deleteAnsweringRule",
        lambda c: c.rc.answering_rules.delete(c.id_of("createAnsweringRule")),
    ),
    Row(
        "createCompanyGreeting",
        lambda c: c.rc.greetings.create_company(type="Company", content=b"ID3 company"),
    ),
    Row(
        "createCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.create_company(COMPANY_RULE),
    ),
    Row(
        "readCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.get_company(c.id_of("createCompanyAnsweringRule")),
    ),
    Row(
        "updateCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.update_company(
            c.id_of("createCompanyAnsweringRule"), {"enabled": False}
        ),
        expect=lambda c, r: r.enabled is False,
    ),
    Row("listCompanyAnsweringRules", lambda c: c.rc.answering_rules.list_company(per_page=PAGE)),
    Row(
        "deleteCompanyAnsweringRule",
        lambda c: c.rc.answering_rules.delete_company(c.id_of("createCompanyAnsweringRule")),
    ),
    # Call recording settings, queues, departments, monitoring groups.
    Row("readCallRecordingSettings", lambda c: c.rc.call_recording.get_settings()),
    Row("listCallRecordingCustomGreetings", lambda c: c.rc.call_recording.list_custom_greetings()),
    Row("listCallRecordingExtensions", lambda c: c.rc.call_recording.list_extensions()),
    Row("listCallQueues", lambda c: c.rc.call_queues.list(per_page=PAGE), setup=call_queue),
    Row(
        "listCallQueueMembers",
        lambda c: c.rc.call_queues.list_members(c.ids["queue"], per_page=PAGE),
    ),
    Row(
        "assignMultipleCallQueueMembers",
        lambda c: c.rc.call_queues.assign_members(
            c.ids["queue"], CallQueueBulkAssign(removed_extension_ids=[c.ids["member"]])
        ),
        setup=queue_member,
    ),
    Row("assignMultipleDepartmentMembers", bulk_assign),
    Row("listCallMonitoringGroups", lambda c: c.rc.call_monitoring.list_groups(per_page=PAGE)),
    Row(
        "listCallMonitoringGroupMembers",
        lambda c: c.rc.call_monitoring.list_members(
            c.id_of("listCallMonitoringGroups"), per_page=PAGE
        ),
    ),
    # Webhook subscriptions (the receiver answers the Validation-Token handshake).
    Row(
        "createSubscription",
        lambda c: c.rc.subscriptions.create(
            [MESSAGES], address=c.hook, verification_token="vt-1", expires_in=3600
        ),
    ),
    Row(
        "listSubscriptions",
        lambda c: c.rc.subscriptions.list(),
        expect=lambda c, r: [s.id for s in r] == [c.id_of("createSubscription")],
    ),
    Row(
        "readSubscription",
        lambda c: c.rc.subscriptions.get(c.id_of("createSubscription")),
        expect=lambda c, r: (
            (r.id, r.event_filters) == (c.id_of("createSubscription"), expanded(c, MESSAGES))
        ),
    ),
    Row(
        "updateSubscription",
        lambda c: c.rc.subscriptions.update(
            c.id_of("createSubscription"), [MESSAGES, PRESENCE], expires_in=7200
        ),
        expect=lambda c, r: r.event_filters == expanded(c, MESSAGES, PRESENCE),
    ),
    Row("renewSubscription", lambda c: c.rc.subscriptions.renew(c.id_of("createSubscription"))),
    Row("deleteSubscription", lambda c: c.rc.subscriptions.delete(c.id_of("createSubscription"))),
)
