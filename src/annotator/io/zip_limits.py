"""Reading members of zip archives from outside (Word files, REFI-QDA projects) in bounded time
and memory: a zip bomb is refused before it is inflated.

Each member is checked against its declared size (per member, for the whole archive, and its
compression ratio) before it is opened, then counted while it streams, so that a member whose
header understates its size is stopped too. The zip module never inflates a member past its
declared size (it reports a damaged archive instead), so memory stays within the limits.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from annotator.domain.errors import InvalidInput
from annotator.io.readers import megabytes

MIB = 1024 * 1024
CHUNK = MIB


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """How much one archive may expand to."""

    #: Largest size one member may expand to.
    member: int
    #: Largest size all the members read from one archive may expand to together.
    total: int
    #: Largest expanded / packed size of a member (real documents compress 2 to 20 times;
    #: a run of one repeated byte compresses about 1,000 times) ...
    ratio: int = 100
    #: ... checked for members that expand to more than this (tiny files compress anyhow).
    ratio_from: int = MIB


class ZipTooLarge(InvalidInput):
    """A member or an archive expands past its limits; the message is the reason (no path)."""


class ZipBudget:
    """What may still be read from one archive: `read` and `stream` check and count each member;
    `take` counts bytes read from elsewhere for the same archive (REFI-QDA sources beside it)."""

    def __init__(self, archive: zipfile.ZipFile, limits: ZipLimits) -> None:
        self.archive = archive
        self.limits = limits
        self.used = 0

    def check(self, info: zipfile.ZipInfo, member_limit: int | None = None) -> None:
        """Refuse `info` from its declared sizes, before anything is inflated."""
        limit = min(member_limit or self.limits.member, self.limits.member)
        name, size = info.filename, info.file_size
        if size > limit:
            raise ZipTooLarge(f"{name} expands to {megabytes(size, round_up=True)} "
                              f"(the limit is {megabytes(limit)} for one file in the archive)")
        ratio = size / max(info.compress_size, 1)
        if size > self.limits.ratio_from and ratio > self.limits.ratio:
            raise ZipTooLarge(f"{name} expands {int(ratio)} times its packed size (real "
                              f"documents stay under {self.limits.ratio} times): a zip bomb?")
        self.take(size)

    def take(self, size: int) -> None:
        """Count `size` bytes against the archive's total; refuse past it."""
        self.used += size
        if self.used > self.limits.total:
            raise ZipTooLarge(f"the archive expands to more than {megabytes(self.limits.total)} "
                              "(the limit for all its files together)")

    def stream(self, name: str, member_limit: int | None = None) -> Iterator[bytes]:
        """The member's bytes in chunks, its declared and its actual size checked."""
        info = self.archive.getinfo(name)
        self.check(info, member_limit)
        limit = min(member_limit or self.limits.member, self.limits.member, info.file_size)
        seen = 0
        with self.archive.open(info) as member:
            while chunk := member.read(CHUNK):
                seen += len(chunk)
                if seen > limit:  # more than declared: the header lies
                    raise ZipTooLarge(f"{name} expands past the size its header declares "
                                      f"({megabytes(info.file_size)}): a damaged archive or a "
                                      "zip bomb")
                yield chunk

    def read(self, name: str, member_limit: int | None = None) -> bytes:
        """The whole member, within the limits."""
        return b"".join(self.stream(name, member_limit))

    def check_all(self) -> None:
        """Check every member by its declared sizes, then inflate each (nothing kept) to see that
        it holds no more than declared: for archives a library will read in full."""
        infos = [info for info in self.archive.infolist() if not info.is_dir()]
        for info in infos:
            self.check(info)
        self.used = 0  # counted again while streaming
        for info in infos:
            for _ in self.stream(info.filename):
                pass
