"""Whether a source's record is the published version of an arXiv paper. Pure functions that fail closed.

A candidate is accepted only when its normalised title equals the arXiv title (digits included), it
shares an author surname, its year is not before the arXiv v1 year, it is not itself an arXiv/CoRR
record and not a withdrawn or rejected submission. Anything missing (authors, year, venue) refuses it.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, replace

from pylatexenc.latex2text import LatexNodes2Text

from cite_export.model import VenueType, VersionOfRecord
from cite_export.names import split_name

ARXIV_DOI_PREFIX = "10.48550/"
MARKUP = re.compile(r"<[^>]+>")  # Crossref titles carry JATS/MathML tags such as <i> and <mml:mi>
NON_WORD = re.compile(r"[\W_]+")
HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")  # DBLP tells namesakes apart as "Wei Wang 0001"
PREPRINT_VENUES = re.compile(r"^(corr|arxiv|arxiv org|arxiv preprint.*|biorxiv|medrxiv|ssrn|preprint)$")
NOT_ACCEPTED = re.compile(
    r"\b(withdrawn|rejected|desk rejected|submitted to|under review|blind submission|retracted)\b"
)


class Kind(enum.StrEnum):
    """What a candidate says it is; only proceedings and journals (workshops last) become versions of record."""

    PROCEEDINGS = "proceedings"
    JOURNAL = "journal"
    WORKSHOP = "workshop"
    PREPRINT = "preprint"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Candidate:
    """One source's record that might be the paper's version of record."""

    source: str
    title: str | None
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    kind: Kind
    doi: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    publisher: str | None = None
    record_key: str | None = None  # the source's own id for the record, e.g. DBLP's conf/iclr/ParkKHKY23
    # A venue claim that another source (DBLP, Crossref) must back before it is used.
    needs_confirmation: bool = False

    @property
    def label(self) -> str:
        return f"{self.source}: {self.venue or 'no venue'} {self.year or ''}".rstrip()


@dataclass(frozen=True)
class Preprint:
    """What the candidates are compared with: the arXiv record."""

    arxiv_id: str
    title: str | None
    surnames: tuple[str, ...]  # in author order
    v1_year: int | None
    doi: str | None = None  # the journal's DOI when arXiv has one
    journal_ref: str | None = None


@dataclass(frozen=True)
class Verdict:
    candidate: Candidate
    accepted: bool
    reason: str

    def __str__(self) -> str:
        return f"{self.candidate.label}: {'accepted' if self.accepted else 'refused'} ({self.reason})"


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def normalise_title(title: str) -> str:
    """Case, accents, punctuation, markup and TeX dropped; words and digits kept (``16x16`` stays ``16x16``)."""
    text = MARKUP.sub(" ", title)
    if "\\" in text or "$" in text:
        text = LatexNodes2Text(math_mode="text").latex_to_text(text)
    return " ".join(NON_WORD.sub(" ", folded(text)).split())


def surname_key(surname: str) -> str:
    return NON_WORD.sub("", folded(surname))


def surnames_of(names: tuple[str, ...] | list[str]) -> set[str]:
    keys = {surname_key(split_name(HOMONYM_NUMBER.sub("", name)).family) for name in names if name.strip()}
    return keys - {""}


def is_arxiv_doi(doi: str | None) -> bool:
    return bool(doi) and doi.lower().startswith(ARXIV_DOI_PREFIX)


def is_preprint_record(candidate: Candidate) -> bool:
    venue = normalise_title(candidate.venue or "")
    return (
        candidate.kind is Kind.PREPRINT
        or bool(PREPRINT_VENUES.match(venue))
        or is_arxiv_doi(candidate.doi)
        or (candidate.record_key or "").startswith("journals/corr/")
    )


def judge(paper: Preprint, candidate: Candidate) -> Verdict:
    """Accept or refuse ``candidate``, with the first rule it breaks (or why it passed)."""

    def refuse(reason: str) -> Verdict:
        return Verdict(candidate, False, reason)

    if is_arxiv_doi(candidate.doi) and candidate.venue and not PREPRINT_VENUES.match(normalise_title(candidate.venue)):
        return refuse(f"names {candidate.venue} with the arXiv DOI, so its year and DOI are the preprint's")
    if is_preprint_record(candidate):
        return refuse("an arXiv/CoRR record, not a version of record")
    if candidate.venue and NOT_ACCEPTED.search(folded(candidate.venue)):
        return refuse(f"a withdrawn or rejected submission ({candidate.venue})")
    if not candidate.venue or candidate.kind is Kind.UNKNOWN:
        return refuse("no venue of a known type")
    if not paper.title or not candidate.title:
        return refuse("no title to compare")
    if normalise_title(candidate.title) != normalise_title(paper.title):
        return refuse(f"different title ({candidate.title})")
    theirs, ours = surnames_of(candidate.authors), set(filter(None, map(surname_key, paper.surnames)))
    if not theirs or not ours:
        return refuse("authors missing, so no author can be checked")
    shared = sorted(theirs & ours)
    if not shared:
        return refuse("no author surname in common")
    if candidate.year is None or paper.v1_year is None:
        return refuse("no year to compare with the arXiv v1")
    if candidate.year < paper.v1_year:
        return refuse(f"year {candidate.year} is before the arXiv v1 ({paper.v1_year})")
    if candidate.needs_confirmation:
        return refuse("no DOI of record, so its year may be the preprint's; DBLP or Crossref must confirm it")
    return Verdict(candidate, True, f"same title, shared author {shared[0]}, year {candidate.year}")


def preference(verdict: Verdict) -> tuple[bool, int]:
    """Proceedings and journals before workshops, then the earliest."""
    return verdict.candidate.kind is Kind.WORKSHOP, verdict.candidate.year or 0


def choose(verdicts: list[Verdict]) -> Verdict | None:
    """The preferred accepted verdict; ties keep the order the sources were asked in."""
    accepted = [verdict for verdict in verdicts if verdict.accepted]
    return min(accepted, key=preference) if accepted else None


def confirmed_by(finder: Candidate, authority: Candidate) -> Candidate:
    """``finder``'s record with the DOI registry's fields where it has them (Crossref knows pages, publisher)."""
    merged = {
        name: getattr(authority, name) or getattr(finder, name)
        for name in ("title", "year", "venue", "volume", "number", "pages", "publisher", "doi")
    }
    kind = finder.kind if authority.kind is Kind.UNKNOWN else authority.kind
    if finder.kind is Kind.WORKSHOP:
        kind = Kind.WORKSHOP
    return replace(
        finder,
        **merged,
        kind=kind,
        authors=authority.authors or finder.authors,
        source=f"{finder.source} + {authority.source}" if finder.source != authority.source else finder.source,
    )


def version_of_record(verdict: Verdict) -> VersionOfRecord:
    candidate = verdict.candidate
    return VersionOfRecord(
        venue=candidate.venue or "",
        type=VenueType.JOURNAL if candidate.kind is Kind.JOURNAL else VenueType.PROCEEDINGS,
        year=candidate.year or 0,
        volume=candidate.volume,
        number=candidate.number,
        pages=candidate.pages,
        publisher=candidate.publisher,
        doi=None if is_arxiv_doi(candidate.doi) else candidate.doi,
        source=candidate.source,
        reason=verdict.reason,
    )


def workshop_aware(kind: Kind, venue: str | None) -> Kind:
    """A paper in a workshop's proceedings is a workshop paper, whatever the source files it under."""
    if kind in (Kind.PROCEEDINGS, Kind.JOURNAL) and venue and "workshop" in folded(venue):
        return Kind.WORKSHOP
    return kind
