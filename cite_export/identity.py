"""A paper's identity: the one name under which its notes merge, its citation key is pinned, its .bib entry is
recognised and its Zotero item is found. ``arxiv:<id>``, else ``doi:<doi>``, else ``url:<canonical url>``.

Every place that names a paper (records, .bib fields, Zotero items, links in commentary) goes through
``paper_identity``, so that the same paper is spelled the same way everywhere.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from cite_export.links import arxiv_ref, canonical_url, parse_arxiv_id, split_link

# arXiv registers 10.48550/arXiv.<id> for every paper: that DOI names the arXiv paper, not another record.
ARXIV_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.(.+)", re.IGNORECASE)
DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)", re.IGNORECASE)
DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}


def paper_identity(arxiv_id: str | None = None, doi: str | None = None, url: str | None = None) -> str | None:
    """``arxiv:2305.01115``, else ``doi:10.1145/3442188.3445922`` (lowercase, as DOIs are case-blind), else
    ``url:<canonical url>``. An arXiv DOI or an arXiv / doi.org link counts as what it names. None if none."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if doi and (name := doi_identity(doi)):
        return name
    return link_identity(url) if url else None


def doi_identity(doi: str) -> str | None:
    """``arxiv:<id>`` for an arXiv DOI, ``doi:<lowercase doi>`` for another, None for text that is not a DOI."""
    doi = doi.strip()
    arxiv = ARXIV_DOI.fullmatch(doi)
    if arxiv and (ref := parse_arxiv_id(arxiv.group(1))):
        return f"arxiv:{ref.id}"
    match = DOI.fullmatch(doi)
    return f"doi:{match.group(1).lower()}" if match else None


def link_identity(url: str) -> str:
    """What a link names by itself: an arXiv paper, a DOI (a doi.org link), else the page's canonical URL."""
    ref = arxiv_ref(url)
    if ref:
        return f"arxiv:{ref.id}"
    parts = split_link(url.strip())
    if (parts.hostname or "") in DOI_HOSTS and (name := doi_identity(unquote(parts.path.lstrip("/")))):
        return name
    return f"url:{canonical_url(url)}"
