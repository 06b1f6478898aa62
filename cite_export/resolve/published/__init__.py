"""arXiv records -> their version of record (``--published``): cached answers first, then each source in turn.

Sources are asked in order (Semantic Scholar, DBLP, Crossref), each about what the earlier ones
left open; every candidate is judged by ``matching`` and every decision keeps its reason. Records
are changed in place: ``record.version_of_record`` is set where a candidate was accepted.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, replace

from cite_export.model import Problem, Record, Resolution
from cite_export.resolve.published.cache import Decision, PublishedCache
from cite_export.resolve.published.crossref import Crossref
from cite_export.resolve.published.dblp import Dblp
from cite_export.resolve.published.http import QueryFailed, ServiceUnavailable
from cite_export.resolve.published.matching import (
    Candidate,
    Preprint,
    Verdict,
    choose,
    confirmed_by,
    is_arxiv_doi,
    judge,
    version_of_record,
)
from cite_export.resolve.published.semantic_scholar import SemanticScholar
from cite_export.resolve.published.settings import PublishedSettings
from cite_export.resolve.published.sources import Source

__all__ = ["PublishedReport", "PublishedSettings", "find_published"]

REFUSALS_SHOWN = 3


@dataclass
class PublishedReport:
    decisions: dict[str, Decision] = field(default_factory=dict)  # by arXiv id
    requests: dict[str, int] = field(default_factory=dict)  # by service name
    waited: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def request_total(self) -> int:
        return sum(self.requests.values())

    def summary(self, records: list[Record]) -> str:
        """``; 6 published (requests: Semantic Scholar 1, DBLP 9, Crossref 3)``, or ``(no requests)``."""
        published = sum(bool(record.version_of_record) for record in records)
        asked = ", ".join(f"{name} {count}" for name, count in self.requests.items())
        return f"; {published} published ({'requests: ' + asked if asked else 'no requests'})"


def find_published(
    records: list[Record], connection: sqlite3.Connection | None, settings: PublishedSettings
) -> PublishedReport:
    """Look up every arXiv record's version of record and set it on the record when one is accepted."""
    papers = {record.arxiv_id: preprint(record) for record in records if eligible(record)}
    origins = {record.arxiv_id: record.entry.origin for record in records if record.arxiv_id in papers}
    cache = PublishedCache(connection or sqlite3.connect(":memory:"))
    report = PublishedReport()
    cached = {} if settings.refresh and not settings.offline else cache.decisions(papers)
    report.decisions.update(cached)
    missing = [arxiv_id for arxiv_id in papers if arxiv_id not in cached]
    if settings.offline:
        report.decisions.update({arxiv_id: Decision(None, "not looked up (offline)") for arxiv_id in missing})
    elif missing:
        sources: list[Source] = [SemanticScholar(settings), Dblp(settings), Crossref(settings)]
        try:
            found, incomplete = ask(sources, {arxiv_id: papers[arxiv_id] for arxiv_id in missing}, report, origins)
        finally:
            for source in sources:
                report.requests[source.name] = source.service.requests_made
                report.waited += source.service.waited
                source.service.close()
        fresh = {arxiv_id: decide(papers[arxiv_id], found[arxiv_id], incomplete.get(arxiv_id)) for arxiv_id in missing}
        report.decisions.update(fresh)
        cache.store({arxiv_id: decision for arxiv_id, decision in fresh.items() if arxiv_id not in incomplete})
    for record in records:
        decision = report.decisions.get(record.arxiv_id or "")
        if decision and decision.version:
            record.version_of_record = decision.version
    return report


def eligible(record: Record) -> bool:
    """An arXiv record whose metadata came from arXiv: a note's own guess is nothing to match against."""
    return bool(record.arxiv_id) and record.resolution is not Resolution.NOTE


def preprint(record: Record) -> Preprint:
    return Preprint(
        arxiv_id=record.arxiv_id or "",
        title=record.title,
        surnames=tuple(person.family for person in record.authors),
        v1_year=record.date.year if record.date else None,
        doi=None if is_arxiv_doi(record.doi) else record.doi,
        journal_ref=record.journal_ref,
    )


def ask(sources: list[Source], papers: dict[str, Preprint], report: PublishedReport, origins: dict) -> tuple:
    """Candidates per arXiv id, and the ids a failed source left undecided (with why)."""
    found: dict[str, list[Candidate]] = {arxiv_id: [] for arxiv_id in papers}
    incomplete: dict[str, str] = {}
    for source in sources:
        by_key: dict[str, list[str]] = defaultdict(list)
        for arxiv_id, paper in papers.items():
            for key in source.keys(paper, found[arxiv_id]):
                by_key[key].append(arxiv_id)
        keys = list(by_key)
        failures: list[str] = []
        gave_up: str | None = None
        for start in range(0, len(keys), source.batch_size):
            batch = keys[start : start + source.batch_size]
            try:
                answers = source.fetch(batch)
            except (ServiceUnavailable, QueryFailed) as error:
                failures.append(str(error))
                gave_up = str(error) if isinstance(error, ServiceUnavailable) else gave_up
                for arxiv_id in {arxiv_id for key in batch for arxiv_id in by_key[key]}:
                    incomplete.setdefault(arxiv_id, f"{source.name}: {error}")
                continue
            for key, candidates in answers.items():
                for arxiv_id in by_key[key]:
                    found[arxiv_id].extend(candidates)
        if failures:
            first_id = next(arxiv_id for arxiv_id in papers if arxiv_id in incomplete)
            report.problems.append(Problem(origins[first_id], failure_message(source.name, failures, gave_up)))
    return found, incomplete


def failure_message(name: str, failures: list[str], gave_up: str | None) -> str:
    """One line per source and run: why it was given up on, or how many of its queries failed."""
    if gave_up:
        return f"{gave_up} (continuing without {name}: the papers it would place stay preprints this run)"
    plural = "query" if len(failures) == 1 else "queries"
    return f"{name}: {len(failures)} {plural} failed ({failures[-1]}); those papers stay preprints this run"


def decide(paper: Preprint, found: list[Candidate], failure: str | None) -> Decision:
    verdicts = judge_all(paper, found)
    chosen = choose(verdicts)
    refused = list(dict.fromkeys(str(verdict) for verdict in verdicts if not verdict.accepted))
    listed = "; ".join(refused[:REFUSALS_SHOWN])
    if len(refused) > REFUSALS_SHOWN:
        listed += f"; {len(refused) - REFUSALS_SHOWN} more refused"
    if chosen:
        version = version_of_record(chosen)
        reason = f"{version.venue}, {version.year}, via {version.source}: {chosen.reason}"
        return Decision(version, reason + (f"; also found: {listed}" if listed else ""))
    if failure:
        return Decision(None, f"not known this run ({failure})")
    reason = listed or "no source has a record of it"
    if paper.journal_ref:
        reason += f" (arXiv journal_ref: {paper.journal_ref})"
    return Decision(None, "not published: " + reason)


def judge_all(paper: Preprint, found: list[Candidate]) -> list[Verdict]:
    """Every candidate judged; one whose DOI Crossref knows is judged with Crossref's record, which must pass too."""
    registry = {item.doi.lower(): item for item in found if item.source == Crossref.name and item.doi}
    finders = [item for item in found if item.source != Crossref.name]
    if paper.doi and paper.doi.lower() in registry:  # arXiv's own DOI is the first source
        finders.insert(0, replace(registry[paper.doi.lower()], source="arXiv DOI"))
    verdicts = []
    for item in finders:
        authority = registry.get((item.doi or "").lower())
        if authority is not None:
            backing = judge(paper, authority)
            if not backing.accepted:
                verdicts.append(Verdict(item, False, f"Crossref's record of its DOI is refused: {backing.reason}"))
                continue
            item = confirmed_by(replace(item, needs_confirmation=False), authority)
        verdicts.append(judge(paper, item))
    return verdicts
