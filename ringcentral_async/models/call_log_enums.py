"""Models: call log enums."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CallAction",
    "CallDirection",
    "CallInternalType",
    "CallLegType",
    "CallResult",
    "CallResultReason",
    "CallTransport",
    "CallType",
    "DelegationType",
    "RecordingType",
]


class CallTransport(StrEnum):
    """CallTransport values (unknown values are kept as plain strings)."""

    PSTN = "PSTN"
    VO_IP = "VoIP"


class CallType(StrEnum):
    """CallType values (unknown values are kept as plain strings)."""

    VOICE = "Voice"
    FAX = "Fax"


class CallDirection(StrEnum):
    """CallDirection values (unknown values are kept as plain strings)."""

    INBOUND = "Inbound"
    OUTBOUND = "Outbound"


class DelegationType(StrEnum):
    """DelegationType values (unknown values are kept as plain strings)."""

    COWORKER = "Coworker"
    QUEUE_FORWARDING = "QueueForwarding"
    UNKNOWN = "Unknown"


class CallAction(StrEnum):
    """CallAction values (unknown values are kept as plain strings)."""

    ACCEPT_CALL = "Accept Call"
    BARGE_IN_CALL = "Barge In Call"
    CALL_PARK = "Call Park"
    CALL_RETURN = "Call Return"
    CALL_OUT_CALL_ME = "CallOut-CallMe"
    CALLING_CARD = "Calling Card"
    CONFERENCE_CALL = "Conference Call"
    E911_UPDATE = "E911 Update"
    EMERGENCY = "Emergency"
    EXTERNAL_APPLICATION = "External Application"
    FIND_ME = "FindMe"
    FOLLOW_ME = "FollowMe"
    FREE_SPDL = "FreeSPDL"
    HUNTING = "Hunting"
    INCOMING_FAX = "Incoming Fax"
    MONITORING = "Monitoring"
    MOVE = "Move"
    OUTGOING_FAX = "Outgoing Fax"
    PAGING = "Paging"
    PARK_LOCATION = "Park Location"
    PHONE_CALL = "Phone Call"
    PHONE_LOGIN = "Phone Login"
    PICKUP = "Pickup"
    RC_MEETINGS = "RC Meetings"
    RING_DIRECTLY = "Ring Directly"
    RING_ME = "RingMe"
    RING_OUT_MOBILE = "RingOut Mobile"
    RING_OUT_PC = "RingOut PC"
    RING_OUT_WEB = "RingOut Web"
    SIP_FORWARDING = "Sip Forwarding"
    SUPPORT = "Support"
    TEXT_RELAY = "Text Relay"
    TRANSFER = "Transfer"
    UNKNOWN = "Unknown"
    VO_IP_CALL = "VoIP Call"
    VOICE_CHAT_CALL = "VoiceChat Call"


class CallResult(StrEnum):
    """CallResult values (unknown values are kept as plain strings)."""

    V_911 = "911"
    V_933 = "933"
    ABANDONED = "Abandoned"
    ACCEPTED = "Accepted"
    ANSWERED_NOT_ACCEPTED = "Answered Not Accepted"
    BLOCKED = "Blocked"
    BUSY = "Busy"
    CALL_FAILED = "Call Failed"
    CALL_FAILURE = "Call Failure"
    CALL_CONNECTED = "Call connected"
    CARRIER_IS_NOT_ACTIVE = "Carrier is not active"
    DECLINED = "Declined"
    EDGE_TRUNK_MISCONFIGURED = "EDGE trunk misconfigured"
    FAX_NOT_SENT = "Fax Not Sent"
    FAX_PARTIALLY_SENT = "Fax Partially Sent"
    FAX_POOR_LINE = "Fax Poor Line"
    FAX_RECEIPT_ERROR = "Fax Receipt Error"
    FAX_ON_DEMAND = "Fax on Demand"
    HANG_UP = "Hang Up"
    IP_PHONE_OFFLINE = "IP Phone Offline"
    IN_PROGRESS = "In Progress"
    INTERNAL_ERROR = "Internal Error"
    INTERNATIONAL_DISABLED = "International Disabled"
    INTERNATIONAL_RESTRICTED = "International Restricted"
    MISSED = "Missed"
    NO_ANSWER = "No Answer"
    NO_CALLING_CREDIT = "No Calling Credit"
    NOT_ALLOWED = "Not Allowed"
    PARTIAL_RECEIVE = "Partial Receive"
    PHONE_LOGIN = "Phone Login"
    RECEIVE_ERROR = "Receive Error"
    RECEIVED = "Received"
    REJECTED = "Rejected"
    REPLY = "Reply"
    RESTRICTED_NUMBER = "Restricted Number"
    SEND_ERROR = "Send Error"
    SENT = "Sent"
    SENT_TO_VOICEMAIL = "Sent to Voicemail"
    STOPPED = "Stopped"
    SUSPENDED_ACCOUNT = "Suspended account"
    UNKNOWN = "Unknown"
    VOICEMAIL = "Voicemail"
    WRONG_NUMBER = "Wrong Number"
    ANSWERED_ELSEWHERE = "Answered Elsewhere"
    CALLBACK_REQUESTED = "Callback requested"


class CallResultReason(StrEnum):
    """CallResultReason values (unknown values are kept as plain strings)."""

    ACCEPTED = "Accepted"
    BAD_NUMBER = "Bad Number"
    CALL_LOOP = "Call Loop"
    CALLS_NOT_ACCEPTED = "Calls Not Accepted"
    CARRIER_IS_NOT_ACTIVE = "Carrier is not active"
    CONNECTED = "Connected"
    CUSTOMER_611_RESTRICTED = "Customer 611 Restricted"
    EDGE_TRUNK_MISCONFIGURED = "EDGE trunk misconfigured"
    EMERGENCY_ADDRESS_NOT_DEFINED = "Emergency Address not defined"
    FAILED_TRY_AGAIN = "Failed Try Again"
    FAX_NOT_RECEIVED = "Fax Not Received"
    FAX_NOT_SENT = "Fax Not Sent"
    FAX_PARTIALLY_SENT = "Fax Partially Sent"
    FAX_POOR_LINE = "Fax Poor Line"
    FAX_PREPARE_ERROR = "Fax Prepare Error"
    FAX_SAVE_ERROR = "Fax Save Error"
    FAX_SEND_ERROR = "Fax Send Error"
    HANG_UP = "Hang Up"
    INFO_411_RESTRICTED = "Info 411 Restricted"
    INTERNAL_CALL_ERROR = "Internal Call Error"
    INTERNAL_ERROR = "Internal Error"
    INTERNATIONAL_DISABLED = "International Disabled"
    INTERNATIONAL_RESTRICTED = "International Restricted"
    LINE_BUSY = "Line Busy"
    MAX_CALL_LIMIT = "Max Call Limit"
    NO_ANSWER = "No Answer"
    NO_CREDIT = "No Credit"
    NO_DIGITAL_LINE = "No Digital Line"
    NOT_ANSWERED = "Not Answered"
    NUMBER_BLOCKED = "Number Blocked"
    NUMBER_DISABLED = "Number Disabled"
    NUMBER_NOT_ALLOWED = "Number Not Allowed"
    RECEIVE_ERROR = "Receive Error"
    RESOURCE_ERROR = "Resource Error"
    RESTRICTED_NUMBER = "Restricted Number"
    STOPPED = "Stopped"
    TOO_MANY_CALLS = "Too Many Calls"
    UNKNOWN = "Unknown"
    WRONG_NUMBER = "Wrong Number"


class RecordingType(StrEnum):
    """RecordingType values (unknown values are kept as plain strings)."""

    AUTOMATIC = "Automatic"
    ON_DEMAND = "OnDemand"


class CallInternalType(StrEnum):
    """CallInternalType values (unknown values are kept as plain strings)."""

    LOCAL = "Local"
    LONG_DISTANCE = "LongDistance"
    INTERNATIONAL = "International"
    SIP = "Sip"
    RING_ME = "RingMe"
    RING_OUT = "RingOut"
    USUAL = "Usual"
    TOLL_FREE_NUMBER = "TollFreeNumber"
    VERIFICATION_NUMBER = "VerificationNumber"
    VMA = "Vma"
    LOCAL_NUMBER = "LocalNumber"
    IMS_OUTGOING = "ImsOutgoing"
    IMS_INCOMING = "ImsIncoming"
    UNKNOWN = "Unknown"


class CallLegType(StrEnum):
    """CallLegType values (unknown values are kept as plain strings)."""

    SIP_FORWARDING = "SipForwarding"
    SERVICE_MINUS2 = "ServiceMinus2"
    SERVICE_MINUS3 = "ServiceMinus3"
    PSTN_TO_SIP = "PstnToSip"
    ACCEPT = "Accept"
    FIND_ME = "FindMe"
    FOLLOW_ME = "FollowMe"
    TEST_CALL = "TestCall"
    FAX_SENT = "FaxSent"
    CALL_BACK = "CallBack"
    CALLING_CARD = "CallingCard"
    RING_DIRECTLY = "RingDirectly"
    RING_OUT_WEB_TO_SUBSCRIBER = "RingOutWebToSubscriber"
    RING_OUT_WEB_TO_CALLER = "RingOutWebToCaller"
    SIP_TO_PSTN_METERED = "SipToPstnMetered"
    RING_OUT_CLIENT_TO_SUBSCRIBER = "RingOutClientToSubscriber"
    RING_OUT_CLIENT_TO_CALLER = "RingOutClientToCaller"
    RING_ME = "RingMe"
    TRANSFER_CALL = "TransferCall"
    SIP_TO_PSTN_UNMETERED = "SipToPstnUnmetered"
    RING_OUT_DEVICE_TO_SUBSCRIBER = "RingOutDeviceToSubscriber"
    RING_OUT_DEVICE_TO_CALLER = "RingOutDeviceToCaller"
    RING_OUT_ONE_LEG_TO_CALLER = "RingOutOneLegToCaller"
    EXTENSION_TO_EXTENSION = "ExtensionToExtension"
    CALL_PARK = "CallPark"
    PAGING_SERVER = "PagingServer"
    HUNTING = "Hunting"
    OUTGOING_FREE_SP_DL = "OutgoingFreeSpDl"
    PARK_LOCATION = "ParkLocation"
    CALL_ME_CALL_OUT = "CallMeCallOut"
    CONFERENCE_CALL = "ConferenceCall"
    MOBILE_APP = "MobileApp"
    MOVE_TO_CONFERENCE = "MoveToConference"
    UNKNOWN = "Unknown"
    MEETINGS_CALL = "MeetingsCall"
    SILENT_MONITORING = "SilentMonitoring"
    MONITORING = "Monitoring"
    PICKUP = "Pickup"
    IMS_CALL = "ImsCall"
    JOIN_CALL = "JoinCall"
    TEXT_RELAY = "TextRelay"
    IVA_CALL = "IvaCall"
    VOICE_CHAT = "VoiceChat"
