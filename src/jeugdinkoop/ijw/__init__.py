"""Speak iJw 3.2: read JW301/JW315 assignments and JW323 claims as XML, answer with JW325.

A municipal system hands a JW323 to :func:`answer_claim_message`, with the region, the
assignments and the ledger, and gets back a :class:`ClaimAnswer`: every finding with its
check level, message class and return code, the validation report, the updated ledger
and the JW325 as bytes. Messages are parsed safely (no DTD, no entities, at most 25 MB)
and checked at level 1 against the structure of the official schema; a message that
fails level 1 raises :class:`MessageRefused` and gets no answer.

A JW323 is parsed as a stream (:func:`read_claim_message`): each prestatie is checked
and read when its end tag has been parsed, and then emptied, so the parsed tree never
holds more than one prestatie's content; the rest of the message (header, declaration,
clients) is checked once the end is reached.
"""

from jeugdinkoop.ijw import rules as rules
from jeugdinkoop.ijw._safe import MAX_MESSAGE_BYTES, UnsafeMessage
from jeugdinkoop.ijw._schema import IJW_NS, NAMESPACES, SchemaProblem, structure_problems
from jeugdinkoop.ijw.answer import (
    XSD_VERSIONS,
    ClaimAnswer,
    RejectedLine,
    answer_claim_message,
    message_findings,
    previous_declaration_period,
    write_jw323,
)
from jeugdinkoop.ijw.files import (
    ClaimsOutcome,
    check_claims_file,
    is_xml,
    load_assignment_files,
    load_ledger_file,
    save_ledger_file,
)
from jeugdinkoop.ijw.messages import (
    AssignedProduct,
    ClaimMessage,
    ClientLines,
    Header,
    Message,
    MessageRefused,
    ServiceLine,
    assignments_from_message,
    claim_message_from,
    message_kind,
    read_assignments,
    read_claim_message,
    read_message,
)

__all__ = [
    "IJW_NS",
    "MAX_MESSAGE_BYTES",
    "NAMESPACES",
    "XSD_VERSIONS",
    "AssignedProduct",
    "ClaimAnswer",
    "ClaimMessage",
    "ClaimsOutcome",
    "ClientLines",
    "Header",
    "Message",
    "MessageRefused",
    "RejectedLine",
    "SchemaProblem",
    "ServiceLine",
    "UnsafeMessage",
    "answer_claim_message",
    "assignments_from_message",
    "check_claims_file",
    "claim_message_from",
    "is_xml",
    "load_assignment_files",
    "load_ledger_file",
    "message_findings",
    "message_kind",
    "previous_declaration_period",
    "read_assignments",
    "read_claim_message",
    "read_message",
    "save_ledger_file",
    "structure_problems",
    "write_jw323",
]
