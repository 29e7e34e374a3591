"""Safe parsing: hostile documents are refused with a clear error, before anything expands."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ijw_build import jw323, line

from jeugdinkoop.ijw import MAX_MESSAGE_BYTES, UnsafeMessage, read_claim_message, read_message
from jeugdinkoop.ijw._safe import parse_bytes, read_limited

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""


def quadratic_blowup() -> bytes:
    """One 100 kB entity referenced 100 000 times: 10 GB if expanded."""
    entity = b"x" * 100_000
    return (
        b'<?xml version="1.0"?><!DOCTYPE kaboom [<!ENTITY a "'
        + entity
        + b'">]><kaboom>'
        + b"&a;" * 100_000
        + b"</kaboom>"
    )


def external_file(target: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{target}">]><r>&xxe;</r>'
    ).encode()


EXTERNAL_URL = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>'
    b"<r>&xxe;</r>"
)
EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r/>'
PARAMETER_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><r/>'
)


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("billion laughs", BILLION_LAUGHS),
        ("external DTD by URL", EXTERNAL_DTD),
        ("parameter entity by URL", PARAMETER_ENTITY),
        ("external entity by URL", EXTERNAL_URL),
    ],
)
def test_hostile_documents_are_refused_with_a_clear_error(name: str, document: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(UnsafeMessage) as caught:
        read_message(document)
    assert time.perf_counter() - start < 1.0, "refused before anything was expanded or fetched"
    assert "DOCTYPE declaration is not allowed in an iJw message" in str(caught.value)


def test_quadratic_blowup_is_refused_fast() -> None:
    document = quadratic_blowup()
    start = time.perf_counter()
    with pytest.raises(UnsafeMessage, match="DOCTYPE declaration is not allowed"):
        read_message(document)
    assert time.perf_counter() - start < 1.0


def test_external_file_entity_is_refused_and_the_file_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM")
    with pytest.raises(UnsafeMessage) as caught:
        read_message(external_file(secret))
    assert "GEHEIM" not in str(caught.value)
    assert "no DTD, no entities, no external references" in str(caught.value)


def test_an_undeclared_entity_is_not_well_formed() -> None:
    with pytest.raises(UnsafeMessage, match="not well-formed XML: undefined entity"):
        parse_bytes(b"<r>&nbsp;</r>")


def test_a_message_above_25_mb_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    """OP179: 25 MB is the ceiling; one byte more is refused, naming the rule."""
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.write(b"<r>")
        handle.write(b" " * (MAX_MESSAGE_BYTES - 7))
        handle.write(b"</r>")
    assert MAX_MESSAGE_BYTES == big.stat().st_size
    assert MAX_MESSAGE_BYTES == len(read_limited(big)[0])
    with big.open("ab") as handle:
        handle.write(b" ")
    with pytest.raises(UnsafeMessage, match=r"larger than 26\.214\.400 bytes.*\(OP179\)"):
        read_message(big)


def test_a_smaller_limit_can_be_set() -> None:
    data = jw323([line()])
    with pytest.raises(UnsafeMessage, match="OP179"):
        read_message(data, limit=len(data) - 1)
    assert "JW323" == read_message(data, limit=len(data)).kind


def test_a_clean_message_reads_from_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "m.xml"
    path.write_bytes(jw323([line()]))
    with path.open("rb") as handle:
        message = read_claim_message(handle)
    assert "M-1" == message.header.identification
