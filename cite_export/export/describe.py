"""What every export format needs from a record, with stand-ins for what a link-only note lacks."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import unquote

from cite_export.links import arxiv_doi as registered_doi
from cite_export.links import canonical_url, post_ref, split_link
from cite_export.model import Entry, Person, Record

ET_AL = {"et al", "et al.", "others", "and others"}
LABEL_WORDS = 6
# Hosts whose first path segment names who wrote the page (github.com/openai/...).
OWNER_HOSTS = {"github.com", "gitlab.com", "huggingface.co"}
# Hosts whose subdomain names the blog (lilianweng.github.io).
BLOG_HOSTS = ("github.io", "substack.com", "medium.com", "notion.site", "tistory.com", "blogspot.com")
# A site speaks for itself under these paths (openai.com/blog/..., anthropic.com/news/...); elsewhere it may
# only host someone else's work (openreview.net/forum, youtube.com/watch).
OWN_WORDS = {"blog", "blogs", "news", "research", "posts", "post", "index"}


def title(record: Record) -> str:
    """The record's title; else one made from its link: ``Post by @jefrankle on 2023-05-01``, a page's address."""
    if record.title:
        return record.title
    if record.arxiv_id:
        return f"arXiv:{record.arxiv_id}"
    link = record.entry.links[0] if record.entry.links else ""
    post = post_ref(link)
    if post:
        day = f" on {post.date.isoformat()}" if post.date else ""
        return f"Post by @{post.handle}{day}"
    if link:
        return page_address(link)
    return f"Note at {record.entry.origin}"


def page_address(link: str, decoded: bool = True) -> str:
    """``openreview.net/forum?id=H1e5GJBtDr``: the link as a reader names the page, decoded (a Korean path is
    percent-encoded in the link) unless not ``decoded``, with its query, which is what tells one forum or
    video page from another."""
    parts = split_link(link)
    decode = unquote if decoded else str
    query = f"?{decode(parts.query)}" if parts.query else ""
    return (parts.netloc.removeprefix("www.") + decode(parts.path).rstrip("/") + query) or link


def post_handle(record: Record) -> str | None:
    """``@jefrankle`` for a record made from an x.com / twitter.com post with no author list."""
    if record.authors or record.arxiv_id or not record.entry.links:
        return None
    post = post_ref(record.entry.links[0])
    return f"@{post.handle}" if post else None


def organisation(record: Record) -> str | None:
    """Who stands behind an author-less link: a post's handle, a repository's owner, a blog's name, a site's
    own blog or news page; None for a page that may be anyone's (a forum, a video)."""
    if record.authors or record.arxiv_id or not record.entry.links:
        return None
    link = record.entry.links[0]
    post = post_ref(link)
    if post:
        return f"@{post.handle}"
    parts = split_link(link)
    host = (parts.hostname or "").removeprefix("www.")
    owner = parts.path.strip("/").split("/")[0]
    if host in OWNER_HOSTS and owner:
        return owner
    blog = next((host.removesuffix("." + suffix) for suffix in BLOG_HOSTS if host.endswith("." + suffix)), None)
    if blog:
        return blog
    return host if host.startswith("blog.") or owner.lower() in OWN_WORDS else None


def label(record: Record, full_title: str) -> str:
    """What a citation of an author-less record shows: its title up to a colon, else its first words; for an
    arXiv paper known only by its id, ``arXiv preprint`` (the id is printed once, as its title); for an
    untitled page, its site."""
    if not record.title and record.arxiv_id:
        return "arXiv preprint"
    if not record.title and record.entry.links:  # the site, not the whole address: a label is never a link
        return (split_link(record.entry.links[0]).hostname or "").removeprefix("www.") or full_title
    words = full_title.split(": ")[0].split()
    return " ".join(words[:LABEL_WORDS]) + (" ..." if len(words) > LABEL_WORDS else "")


def authors(record: Record) -> tuple[list[Person], bool]:
    """The authors, and whether the list is cut short (``et al.`` in the note)."""
    named = [person for person in record.authors if person.full.lower() not in ET_AL]
    return named, len(named) < len(record.authors)


def other_links(record: Record) -> list[str]:
    """Every note's links besides the one the export's ``url`` holds, so that no link is lost."""
    # An arXiv paper's url is already the page canonical_url gives each of its links; asking again would parse
    # that new string and keep its parse in the link cache for the rest of the run.
    primary = record.url if record.arxiv_id else canonical_url(record.url) if record.url else None
    return [link for page, link in record.pages.items() if page != primary]


def annotation(record: Record) -> list[str]:
    """Every note's words in note order: its commentary's paragraphs, then its English version, marked as such.

    When more than one note has words, each note's block opens with a paragraph naming it (``[2023년 5월 1주차,
    digest.txt]``, ``[2023-05-10, 230510 ICL.md]``) so that a reader can tell them apart; a paper noted once
    reads as before, with no marker. The links of the paper besides ``url`` (a project page, a second post)
    come last: no field for them is both valid everywhere and left unprinted.
    """
    blocks = [(note, words) for note in record.notes if (words := note_words(note))]
    links = other_links(record)
    link_paragraph = [f"Links: {' '.join(links)}"] if links else []
    if len(blocks) == 1:
        return blocks[0][1] + link_paragraph
    return [paragraph for note, words in blocks for paragraph in [f"[{note_label(note)}]", *words]] + link_paragraph


def note_words(note: Entry) -> list[str]:
    paragraphs = [paragraph for paragraph in note.commentary if paragraph.strip()]
    english = [paragraph for paragraph in note.english if paragraph.strip()]
    if english:
        english[0] = f"English: {english[0]}"
    return paragraphs + english


def note_label(note: Entry) -> str:
    """The note's week or day, and its file's name."""
    when = note.week.label if note.week else note.date.isoformat() if note.date else None
    return ", ".join(filter(None, [when, PurePath(note.origin.path).name]))


def arxiv_doi(record: Record) -> str | None:
    """The DOI arXiv gave (the journal's when there is one), else the DOI arXiv assigns every paper."""
    if record.doi:
        return record.doi
    return registered_doi(record.arxiv_id) if record.arxiv_id else None
