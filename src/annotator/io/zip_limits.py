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
from enum import StrEnum

from annotator.domain.error_wording import Plural
from annotator.domain.errors import InvalidInput, register_wording
from annotator.i18n import N_
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


class ZipRefusal(StrEnum):
    """Why an archive was refused (a reason code); sizes are as `megabytes` writes them."""

    MEMBER_TOO_LARGE = "zip_member_too_large"  # values: name, size, limit
    MEMBER_RATIO = "zip_member_ratio"  # values: name, ratio, limit
    ARCHIVE_TOO_LARGE = "zip_archive_too_large"  # values: limit
    HEADER_LIES = "zip_header_lies"  # values: name, size


#: How each refusal is worded (English, the catalogue's msgid; `describe` translates).
ZIP_WORDING: dict[str, str | Plural] = {
    ZipRefusal.MEMBER_TOO_LARGE: N_(
        "{name} expands to {size} (the limit is {limit} for one file in the archive)"),
    ZipRefusal.MEMBER_RATIO: N_("{name} expands {ratio} times its packed size (real documents stay under "
                                "{limit} times): a zip bomb?"),
    ZipRefusal.ARCHIVE_TOO_LARGE: N_("the archive expands to more than {limit} (the limit for all its files "
                                     "together)"),
    ZipRefusal.HEADER_LIES: N_("{name} expands past the size its header declares ({size}): a damaged archive "
                               "or a zip bomb"),
}
register_wording(ZIP_WORDING)


class ZipTooLarge(InvalidInput):
    """A member or an archive expands past its limits; the message is the reason (no path), its
    code a `ZipRefusal`."""


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
            raise ZipTooLarge(code=ZipRefusal.MEMBER_TOO_LARGE, name=name,
                              size=megabytes(size, round_up=True), limit=megabytes(limit))
        ratio = size / max(info.compress_size, 1)
        if size > self.limits.ratio_from and ratio > self.limits.ratio:
            raise ZipTooLarge(code=ZipRefusal.MEMBER_RATIO, name=name, ratio=int(ratio),
                              limit=self.limits.ratio)
        self.take(size)

    def take(self, size: int) -> None:
        """Count `size` bytes against the archive's total; refuse past it."""
        self.used += size
        if self.used > self.limits.total:
            raise ZipTooLarge(code=ZipRefusal.ARCHIVE_TOO_LARGE, limit=megabytes(self.limits.total))

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
                    raise ZipTooLarge(code=ZipRefusal.HEADER_LIES, name=name,
                                      size=megabytes(info.file_size))
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
