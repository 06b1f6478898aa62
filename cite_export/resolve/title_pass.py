"""The title pass of a run: notes that link a project page or a post, looked up by title and first author."""

from __future__ import annotations

from collections import defaultdict

from cite_export.model import Kind, Resolution
from cite_export.resolve import titles
from cite_export.resolve.cache import TitleSearch
from cite_export.resolve.merge import record_from_arxiv
from cite_export.resolve.paper import ArxivPaper


def chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


class TitleSearching:
    """Part of ``Resolver`` (which holds the records, cache, API and turns): the searches by title."""

    def _resolve_titles(self) -> None:
        """Non-arXiv entries with a title and authors: the cached search outcome, else one query per few titles."""
        by_key: dict[str, list[int]] = defaultdict(list)
        for index, record in enumerate(self.records):
            if record.kind is not Kind.ARXIV and titles.searchable(record.entry):
                by_key[titles.search_key(record.entry)].append(index)

        unsearched = self._apply_cached_searches(list(by_key), by_key)
        if not self.api:
            self.unsearched.update(index for key in unsearched for index in by_key[key])
            return
        # Here, as in Resolver: only a run that asks arXiv loads its client (arxiv, requests).
        from cite_export.resolve.client import ArxivUnavailable, RequestFailed
        from cite_export.resolve.turns import TurnNotGiven

        for keys in chunks(unsearched, self.settings.titles_per_search):
            try:
                with self.turns.turn():
                    # Another run may have searched these while this one waited for its turn.
                    keys = self._apply_cached_searches(keys, by_key)
                    if keys:
                        self._search(keys, by_key)
            except (ArxivUnavailable, RequestFailed, TurnNotGiven) as error:
                failed = [index for key in keys for index in by_key[key]]
                self.unsearched.update(failed)
                self._failed(failed, error if not isinstance(error, TurnNotGiven) else ArxivUnavailable(str(error)))

    def _apply_cached_searches(self, keys: list[str], by_key: dict[str, list[int]]) -> list[str]:
        """Use the cached outcomes of ``keys``; the keys still to search."""
        cached = {} if self._refreshing else self.cache.title_searches(keys)
        papers = self.cache.papers({search.arxiv_id for search in cached.values() if search.arxiv_id})
        unsearched = []
        for key in keys:
            search = cached.get(key)
            paper = papers.get(search.arxiv_id) if search and search.arxiv_id else None
            if search is None or (search.arxiv_id and paper is None):
                unsearched.append(key)  # never searched, or it names a paper the cache no longer holds
            else:
                self._apply_title_search(by_key[key], search, "title search (cached)", paper)
        return unsearched

    def _search(self, keys: list[str], by_key: dict[str, list[int]]) -> None:
        entries = [self.entries[by_key[key][0]] for key in keys]
        candidates = self.api.search(titles.search_query(entries), titles.RESULTS_PER_TITLE * len(keys))
        outcomes, matched = {}, []
        for key, entry in zip(keys, entries, strict=True):
            paper, how = titles.best_match(entry, candidates) or (None, "no close match")
            outcomes[key] = TitleSearch(paper.id if paper else None, how)
            matched += [paper] if paper else []
            self._apply_title_search(by_key[key], outcomes[key], "title search", paper)
        # Papers first, so that a cached search never names a paper the cache lacks.
        self.cache.store_papers(matched)
        self.cache.store_title_searches(outcomes)

    def _apply_title_search(self, indices: list[int], search: TitleSearch, source: str, paper: ArxivPaper | None):
        for index in indices:
            if paper:
                note = self.records[index]
                self.records[index] = record_from_arxiv(self.entries[index], paper, Resolution.TITLE_SEARCH, note)
                self.details[index] = f"{source}: {search.how}"
            else:
                self.details[index] = f"note only ({source}: {search.how})"
