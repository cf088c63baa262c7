"""Which museums a shard builds: rendezvous (highest random weight) hashing of their names.

Each museum goes to the shard whose hash with its name is highest. That depends on the
museum's name and the number of shards only, so adding or removing a museum moves no
other, and going from n to n + 1 shards moves only about one museum in n + 1."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from museumgen.messages import Message, _

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShardError(ValueError):
    """`--shard` written wrongly; its message is for staff."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def parse_shard(text: str) -> tuple[int, int]:
    """`i/n` as (i, n), 1 ≤ i ≤ n."""
    found = _SHARD.match(text)
    if not found:
        raise ShardError(_("`{value}` is not a shard: write `i/n`, e.g. `1/4` for the first of four", value=text))
    index, count = int(found[1]), int(found[2])
    if count < 1 or not 1 <= index <= count:
        raise ShardError(
            _(
                "`{value}`: shards are numbered from 1 to their number, e.g. `1/{count}` … `{count}/{count}`",
                value=text,
                count=max(count, 1),
            )
        )
    return index, count


def shard_of(name: str, count: int) -> int:
    """The shard (1 … count) that builds the museum `name`."""
    return max(range(1, count + 1), key=lambda shard: _weight(name, shard))


def share(names: Iterable[str], index: int, count: int) -> list[str]:
    """The names shard `index` of `count` builds, in their order."""
    return [name for name in names if shard_of(name, count) == index]


def _weight(name: str, shard: int) -> bytes:
    return hashlib.blake2b(f"{shard}\0{name}".encode(), digest_size=8).digest()
