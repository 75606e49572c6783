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


def test_rebuild_replaces_and_drops_parts_and_copies_the_rest_byte_for_byte():
    for compression in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        data = _zip(MEMBERS, compression, b"kept comment")
        new = ziputil.rebuild(data, {"xl/worksheets/sheet1.xml": "<t>ny værdi</t>".encode()}, {"docs/ÆØÅ.txt"})
        with zipfile.ZipFile(io.BytesIO(new)) as zf:
            assert zf.testzip() is None
            assert zf.namelist() == ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
            assert zf.read("xl/worksheets/sheet1.xml") == "<t>ny værdi</t>".encode()
            assert zf.read("xl/workbook.xml") == MEMBERS["xl/workbook.xml"]
            assert zf.comment == b"kept comment"
            assert zf.getinfo("xl/worksheets/sheet1.xml").compress_type == compression
        old_index, new_index = ziputil.index(data), ziputil.index(new)
        for name in ("[Content_Types].xml", "xl/workbook.xml"):  # untouched parts: the same compressed bytes
            before, after = old_index[name], new_index[name]
            assert data[before.offset:before.offset + 30 + before.packed_size + len(name)] == \
                new[after.offset:after.offset + 30 + after.packed_size + len(name)]


def test_rebuild_steps_aside_for_data_descriptors():
    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.chunks: list[bytes] = []

        def writable(self) -> bool:
            return True

        def write(self, b) -> int:
            self.chunks.append(bytes(b))
            return len(b)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:  # streaming: sizes go in data descriptors
        zf.writestr("a.xml", b"<a/>" * 100)
    data = b"".join(sink.chunks)
    assert ziputil.rebuild(data, {"a.xml": b"<b/>"}) is None
