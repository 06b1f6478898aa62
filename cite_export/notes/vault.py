"""Vault notes: one Markdown file per note, named ``YYMMDD Short title.md`` after the day it was written."""

from __future__ import annotations

import datetime
import functools
import os.path
import re

FILE_DATE = re.compile(r"(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})(?!\d)")


def date_from_name(path: str) -> datetime.date | None:
    """``230418 UniMax.md`` -> 2023-04-18; a name that does not start with a valid YYMMDD -> None."""
    match = FILE_DATE.match(os.path.basename(path))
    return day(match.group()) if match else None


@functools.cache
def day(yymmdd: str) -> datetime.date | None:
    """One date object per day, shared by the day's notes (and by their entries sent from a reader process
    together): a vault holds some thirty notes a day at 100k notes over eight years."""
    try:
        return datetime.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return None


def title_from_name(path: str) -> str | None:
    """``190620 XLNet.md`` -> ``XLNet``: a vault note's name after its date; None for a name without a date."""
    name = os.path.splitext(os.path.basename(path))[0]
    match = FILE_DATE.match(name)
    if not match or date_from_name(path) is None:
        return None
    return name[match.end() :].strip() or None
