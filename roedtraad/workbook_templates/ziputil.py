"""Just enough of the zip format to find and inflate an xlsx's parts from bytes in memory.

zipfile.ZipFile builds a ZipInfo object per member and reads each part through
a file-like object: for a 25 KB submission that cost more than a third of
python-calamine's whole parse of it, and the reader needs the package twice
(sniffing, and looking for formulas without a cached value). These helpers
read the central directory with struct and inflate a part with zlib directly.

They handle the plain case only (one disk, no zip64, no encryption, stored or
deflated parts, checksums that match) and return None for anything else, so
callers fall back to zipfile and keep its behaviour and its errors.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Collection, Mapping
from typing import NamedTuple

_END = b"PK\x05\x06"
_END_SIZE = 22
_CENTRAL = b"PK\x01\x02"
_CENTRAL_FORMAT = struct.Struct("<4sHHHHHHIIIHHHHHII")  # 46 bytes
_LOCAL = b"PK\x03\x04"
_LOCAL_SIZE = 30
_STORED, _DEFLATED = 0, 8


class Member(NamedTuple):
    offset: int  # of the local header
    method: int
    flags: int
    crc: int
    packed_size: int
    size: int


def index(data: bytes) -> dict[str, Member] | None:
    """Member name -> where it is, from the central directory; None when the package is unusual."""
    try:
        return _index(data)
    except (struct.error, UnicodeDecodeError):
        return None


def _index(data: bytes) -> dict[str, Member] | None:
    directory = _directory(data)
    return None if directory is None else {name: member for name, member, _, _ in directory[0]}


def _directory(data: bytes) -> tuple[list[tuple[str, Member, int, int]], int] | None:
    """([(name, member, start, end of its central directory entry)], start of the end record)."""
    end = data.rfind(_END, max(0, len(data) - _END_SIZE - 0xFFFF))
    if end < 0 or len(data) < end + _END_SIZE:
        return None
    _, disk, start_disk, on_disk, total, size, offset, comment = struct.unpack_from("<4sHHHHIIH", data, end)
    if disk or start_disk or on_disk != total or end + _END_SIZE + comment != len(data):
        return None
    if offset + size != end or total == 0xFFFF or offset == 0xFFFFFFFF:
        return None  # zip64, or bytes prepended to the archive
    entries: list[tuple[str, Member, int, int]] = []
    unpack, new_member = _CENTRAL_FORMAT.unpack_from, tuple.__new__  # hot: 20-40 members per file
    at = offset
    for _ in range(total):
        if at + 46 > end:
            return None
        (signature, _, _, flags, method, _, _, crc, packed, unpacked, name_length, extra_length, comment_length,
         _, _, _, local) = unpack(data, at)
        if signature != _CENTRAL or 0xFFFFFFFF in (packed, unpacked, local):
            return None
        raw_name = data[at + 46:at + 46 + name_length]
        if flags & 0x800:
            name = raw_name.decode("utf-8")
        elif raw_name.isascii():
            name = raw_name.decode("ascii")  # what cp437 gives for ASCII, without a Python-level codec
        else:
            name = raw_name.decode("cp437")
        following = at + 46 + name_length + extra_length + comment_length
        # tuple.__new__ skips the NamedTuple's Python-level __new__ (a third of the loop).
        entries.append((name, new_member(Member, (local, method, flags, crc, packed, unpacked)), at, following))
        at = following
    return (entries, end) if at == end else None


def read(data: bytes, member: Member, verify: bool = True) -> bytes | None:
    """The member's bytes, checked against its CRC unless `verify` is false; None when zipfile should do it."""
    if member.flags & 0x1 or member.method not in (_STORED, _DEFLATED):
        return None
    start = member.offset
    if data[start:start + 4] != _LOCAL:
        return None
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + _LOCAL_SIZE + name_length + extra_length
    packed = data[begin:begin + member.packed_size]
    if len(packed) != member.packed_size:
        return None
    if member.method == _STORED:
        content = packed
    else:
        try:
            # Never past the declared size: a part that inflates further is a zip bomb (or damaged),
            # and zipfile then refuses it without inflating it all either.
            content = zlib.decompressobj(-15).decompress(packed, member.size + 1)
        except zlib.error:
            return None
        if len(content) > member.size:
            raise zipfile.BadZipFile("a part inflates beyond its declared size")
    if len(content) != member.size or (verify and zlib.crc32(content) != member.crc):
        return None
    return content


class Package:
    """An xlsx's parts, read from bytes in memory: the fast path above for the plain case,
    zipfile (opened only if needed) for anything else, with zipfile's errors. Reading the
    file once and indexing it once serves sniffing, the formula check and calamine alike."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.members = index(data)
        self._zip: zipfile.ZipFile | None = None
        self._unverified: dict[str, bytes] = {}  # parts read without their checksum, read once
        self.derived: dict[str, object] = {}  # what a caller worked out from the parts (e.g. the sheet map), once

    def names(self) -> Collection[str]:
        return self.members.keys() if self.members is not None else set(self._zipfile().namelist())

    def read(self, name: str, verify: bool = True) -> bytes:
        """The part's bytes; KeyError when it is missing. Without `verify` (the caller, e.g. the size
        limits and then the formula check, leaves the checksum to calamine) the part is kept."""
        if not verify and name in self._unverified:
            return self._unverified[name]
        if not verify and self.members is not None and name in self.members:
            content = read(self.data, self.members[name], verify)
            if content is not None:
                self._unverified[name] = content
                return content
        if self.members is not None:
            content = read(self.data, self.members[name], verify)
            if content is not None:
                return content
        zf = self._zipfile()
        size = zf.getinfo(name).file_size
        with zf.open(name) as part:
            # ZipFile.read would inflate up to 2 GB at once whatever the part declares: ask for its size.
            content = part.read(size)
            if part.read(1):
                raise zipfile.BadZipFile("a part inflates beyond its declared size")
        return content

    def read_head(self, name: str, limit: int) -> bytes:
        """At most the first `limit` bytes of the part, inflating no more than that."""
        member = self.members.get(name) if self.members is not None else None
        if member is not None and not member.flags & 0x1 and member.method in (_STORED, _DEFLATED) \
                and self.data[member.offset:member.offset + 4] == _LOCAL:
            name_length, extra_length = struct.unpack_from("<HH", self.data, member.offset + 26)
            begin = member.offset + _LOCAL_SIZE + name_length + extra_length
            packed = self.data[begin:begin + member.packed_size]
            if member.method == _STORED:
                return packed[:limit]
            try:
                return zlib.decompressobj(-15).decompress(packed, limit)
            except zlib.error:
                return b""
        with self._zipfile().open(name) as part:
            return part.read(limit)

    def _zipfile(self) -> zipfile.ZipFile:
        if self._zip is None:
            self._zip = zipfile.ZipFile(io.BytesIO(self.data))
        return self._zip

    def close(self) -> None:
        self._unverified.clear()
        if self._zip is not None:
            self._zip.close()


def rebuild(data: bytes, replace: Mapping[str, bytes], drop: Collection[str] = ()) -> bytes | None:
    """The package with some parts replaced and some dropped; every other part's bytes
    (local header, compressed data) and directory entry are copied as they are, so
    nothing is inflated and deflated again. None when zipfile should do it (unusual
    package, data descriptors, a replaced part that is neither stored nor deflated).
    """
    try:
        found = _directory(data)
    except (struct.error, UnicodeDecodeError):
        return None
    if found is None:
        return None
    entries, end = found
    out = bytearray()
    directory = bytearray()
    count = 0
    for name, member, start, stop in entries:
        if name in drop:
            continue
        if member.flags & 0x8 or data[member.offset:member.offset + 4] != _LOCAL:
            return None  # sizes in a data descriptor after the data: leave it to zipfile
        name_length, extra_length = struct.unpack_from("<HH", data, member.offset + 26)
        header_end = member.offset + _LOCAL_SIZE + name_length + extra_length
        central = bytearray(data[start:stop])
        struct.pack_into("<I", central, 42, len(out))  # where the local header now is
        if name in replace:
            content = replace[name]
            if member.method == _DEFLATED:
                compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
                packed = compressor.compress(content) + compressor.flush()
            elif member.method == _STORED:
                packed = content
            else:
                return None
            crc = zlib.crc32(content)
            header = bytearray(data[member.offset:header_end])
            struct.pack_into("<III", header, 14, crc, len(packed), len(content))
            struct.pack_into("<III", central, 16, crc, len(packed), len(content))
            out += header
            out += packed
        else:
            out += data[member.offset:header_end + member.packed_size]
        directory += central
        count += 1
    comment = data[end + _END_SIZE:]
    out_offset = len(out)
    out += directory
    out += struct.pack("<4sHHHHIIH", _END, 0, 0, count, count, len(directory), out_offset, len(comment))
    out += comment
    return bytes(out)
