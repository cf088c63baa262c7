"""Video platforms, each declared once: the addresses of its videos, and the address of its
player when the platform lets other sites embed it.

A video on a platform is shown as its poster and a link. Where the platform has a player
for other sites, a small script puts the player in the page when the visitor taps, and
not before: until then the page asks nothing of the platform (no cookies, no tracking,
nothing to load on a weak signal). The embedded address is made from the video's id alone,
matched by a pattern that takes only the characters ids have, so nothing a volunteer
writes can reach the page as an address of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Platform:
    name: str  # in interface texts: `platform_<name>`
    hosts: tuple[str, ...]  # and their subdomains
    pattern: str | None = None  # of the address's path and query, with the id as the group `id`
    player: str | None = None  # the embedded player's address, from `{id}`; None: links only


PLATFORMS = (
    Platform("bilibili", ("bilibili.com",), r"/video/(?P<id>BV[0-9A-Za-z]{10})(?:[/?#]|$)", "https://player.bilibili.com/player.html?bvid={id}&autoplay=1"),
    Platform("bilibili", ("b23.tv",), r"/[0-9A-Za-z]+$"),  # a short link: its video is not in the address
    Platform("tencent", ("v.qq.com",), r"/x/(?:page|cover/[0-9A-Za-z]+)/(?P<id>[0-9A-Za-z]{11})\.html", "https://v.qq.com/txp/iframe/player.html?vid={id}"),
    Platform("wechat", ("channels.weixin.qq.com",), r"/"),  # plays only inside WeChat
    Platform("youtube", ("youtube.com",), r"/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)(?P<id>[0-9A-Za-z_-]{11})(?:[&?#/]|$)", "https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
    Platform("youtube", ("youtu.be",), r"/(?P<id>[0-9A-Za-z_-]{11})(?:[?#]|$)", "https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
    Platform("youku", ("youku.com",), r"/v_show/id_(?P<id>[0-9A-Za-z=]+)\.html", "https://player.youku.com/embed/{id}"),
    Platform("douyin", ("douyin.com",), r"/video/(?P<id>\d{10,25})(?:[/?#]|$)", "https://open.douyin.com/player/video?vid={id}&autoplay=1"),
    Platform("ixigua", ("ixigua.com",), r"/\d+"),
    Platform("vimeo", ("vimeo.com",), r"/(?P<id>\d{5,12})(?:[/?#]|$)", "https://player.vimeo.com/video/{id}?autoplay=1"),
)
UNKNOWN = "web"  # a page on another site: a link card


@dataclass(frozen=True)
class Found:
    platform: str  # a `Platform.name`, or `UNKNOWN`
    player: str | None  # the embedded player's address, when there is one
    known: bool  # whether the address is one of a video on a platform museumgen knows


def find(address: str) -> Found:
    """Which platform a video's address is on, and its player there."""
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    hosted = [p for p in PLATFORMS if any(host == h or host.endswith("." + h) for h in p.hosts)]
    for platform in hosted:
        match = re.match(platform.pattern, rest) if platform.pattern else None
        if match is not None:
            video = match.groupdict().get("id")
            player = platform.player.format(id=video) if platform.player and video else None
            return Found(platform.name, player, True)
    return Found(hosted[0].name if hosted else UNKNOWN, None, False)


def hosts() -> list[str]:
    """The platforms' hosts, for messages."""
    return list(dict.fromkeys(host for platform in PLATFORMS for host in platform.hosts))
