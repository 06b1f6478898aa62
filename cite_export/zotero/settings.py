"""What names a Zotero library and how it is reached, checked before any request: the API root, the
library, the API key. Pure."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_ZOTERO_API = "https://api.zotero.org"
API_KEY_SHAPE = re.compile(r"[A-Za-z0-9]{24}")  # as zotero.org issues them


class ZoteroError(Exception):
    """A failure worth one clear line to the user."""


class ZoteroUnreachable(ZoteroError):
    """Zotero gave no answer within the run's budget: a plan can still be made from the local copy."""


def is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def check_endpoint(endpoint: str) -> str:
    """The API root without a trailing slash; plain http only for this machine's own test servers."""
    parts = urlsplit(endpoint)
    if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback(parts.hostname)):
        raise ZoteroError(f"refusing {endpoint}: the Zotero API must be reached over https (http only on loopback)")
    return endpoint.rstrip("/")


def check_api_key(key: str) -> str:
    """The key without the blanks a copy and paste brings along; refused at once, before any request,
    unless it has the shape of a Zotero key (24 letters and digits). The message never shows the key."""
    key = key.strip()
    if not API_KEY_SHAPE.fullmatch(key):
        odd = sorted({odd_character(char) for char in key if not (char.isascii() and char.isalnum())})
        detail = f", and it holds {', '.join(odd)}" if odd else ""
        raise ZoteroError(
            "that is not a Zotero API key: a key is 24 letters and digits (A-Z, a-z, 0-9), "
            f"this one has {len(key)} characters{detail}; copy it again from https://www.zotero.org/settings/keys"
        )
    return key


def odd_character(char: str) -> str:
    """How a character that has no place in a key is named (never the key itself)."""
    if char.isspace():
        return "spaces"
    return repr(char) if char.isascii() else "letters outside ASCII"


@dataclass(frozen=True)
class Library:
    """A library on one server: what names it in messages, in relation URIs and in the local state."""

    endpoint: str
    type: str
    id: str

    def __post_init__(self) -> None:
        if not self.id.isdigit():
            raise ZoteroError(f"the library id must be a number, not {self.id!r}")

    @property
    def path(self) -> str:
        """``users/<id>`` or ``groups/<id>``."""
        return f"{self.type}s/{self.id}"

    @property
    def uri(self) -> str:
        """The base of item URIs in relations (the same for every endpoint, as Zotero writes them)."""
        return f"http://zotero.org/{self.path}"

    @property
    def state_name(self) -> str:
        """The library's name in the local state: the same library id on another server is another library."""
        return f"{self.endpoint}/{self.path}"
