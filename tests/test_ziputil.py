"""The in-memory zip reader must agree with zipfile, or step aside (None) so zipfile decides."""
from __future__ import annotations

import io
import zipfile

from roedtraad.workbook_templates import ziputil


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED, comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
        zf.comment = comment
    return buffer.getvalue()


MEMBERS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook>" + b"x" * 5000 + b"</workbook>",
           "xl/worksheets/sheet1.xml": "<t>æøå</t>".encode(), "docs/ÆØÅ.txt": b"unicode name"}


def test_reads_what_zipfile_reads_deflated_stored_and_with_a_comment():
    for compression in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        for comment in (b"", b"a comment"):
            data = _zip(MEMBERS, compression, comment)
            index = ziputil.index(data)
            assert index is not None and set(index) == set(zipfile.ZipFile(io.BytesIO(data)).namelist())
            for name, content in MEMBERS.items():
                assert ziputil.read(data, index[name]) == content


def test_steps_aside_for_damage_and_unusual_packages():
    data = _zip(MEMBERS)
    assert ziputil.index(b"") is None
    assert ziputil.index(b"PK\x05\x06") is None
    assert ziputil.index(b"junk before" + data) is None  # zipfile copes with prepended bytes: let it
    assert ziputil.index(data[:-30]) is None  # truncated
    index = ziputil.index(data)
    member = index["xl/workbook.xml"]
    start = data.index(b"xl/workbook.xml") + len("xl/workbook.xml")  # first copy: the local header's name
    damaged = data[:start + 10] + bytes([data[start + 10] ^ 0xFF]) + data[start + 11:]
    assert ziputil.read(damaged, member) is None  # bad CRC or bad deflate stream
    encrypted = member._replace(flags=member.flags | 0x1)
    assert ziputil.read(data, encrypted) is None
