"""Record -> Zotero item JSON and child-note HTML."""

from __future__ import annotations

import datetime
import re

from cite_export.model import Entry, Kind, Origin, PartialDate, Person, Record, Week
from cite_export.zotero.collections import week_collection
from cite_export.zotero.items import (
    MAX_FIELD_BYTES,
    content_hash,
    item_data,
    note_html,
    object_key,
)


def arxiv_record(**changes) -> Record:
    entry = Entry(
        origin=Origin("digest.txt", 2),
        links=("https://arxiv.org/abs/2305.01115v2",),
        title="In-Context Learning Unlocked for Diffusion Models",
        authors=("Zhendong Wang",),
        commentary=("첫 문단 <script>alert(1)</script> & more", "둘째 문단"),
        english=("English version.",),
        tags=("few_shot", "ddpm"),
    )
    values = {
        "entry": entry,
        "kind": Kind.ARXIV,
        "title": entry.title,
        "authors": [Person("Zhendong", "Wang"), Person("", "Plato")],
        "date": PartialDate(2023, 5, 2),
        "arxiv_id": "2305.01115",
        "version": 2,
        "primary_class": "cs.CV",
        "abstract": "We present...",
    }
    return Record(**(values | changes))


def test_an_arxiv_paper_is_a_preprint_like_zoteros_own_import():
    data = item_data(arxiv_record(), "wang2023incontext")
    assert data["itemType"] == "preprint"
    assert data["creators"] == [
        {"creatorType": "author", "firstName": "Zhendong", "lastName": "Wang"},
        {"creatorType": "author", "name": "Plato"},
    ]
    assert data["date"] == "2023-05-02"
    assert data["repository"] == "arXiv"
    assert data["archiveID"] == "arXiv:2305.01115"
    assert data["DOI"] == "10.48550/arXiv.2305.01115"
    assert data["url"] == "https://arxiv.org/abs/2305.01115"
    assert data["extra"] == "arXiv:2305.01115 [cs.CV]"
    assert data["abstractNote"] == "We present..."
    assert data["citationKey"] == "wang2023incontext"
    assert data["tags"] == [{"tag": "few_shot"}, {"tag": "ddpm"}]


def test_an_old_style_id_has_no_category_in_extra_as_in_zoteros_import():
    record = arxiv_record(arxiv_id="hep-th/9901001", primary_class="hep-th")
    data = item_data(record, None)
    assert data["extra"] == "arXiv:hep-th/9901001"
    assert data["archiveID"] == "arXiv:hep-th/9901001"


def test_a_journal_doi_wins_over_the_arxiv_doi():
    assert item_data(arxiv_record(doi="10.1145/3592433"), None)["DOI"] == "10.1145/3592433"


def test_commentary_becomes_escaped_paragraphs_with_the_english_version_kept():
    html = note_html(arxiv_record().entry)
    assert html.startswith("<p>첫 문단 &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p><p>둘째 문단</p>")
    assert "<script>" not in html
    assert html.endswith("<p>English version.</p>")


def test_no_commentary_no_note():
    record = arxiv_record()
    record.entry.commentary, record.entry.english = [], []
    assert note_html(record.entry) is None


def test_a_post_is_a_forum_post_and_keeps_every_link():
    entry = Entry(
        origin=Origin("digest.txt", 15),
        links=(
            "https://twitter.com/jefrankle/status/1652918238018260992?s=20",
            "https://twitter.com/jefrankle/status/1653038984065433603?s=20",
        ),
    )
    record = Record(entry=entry, kind=Kind.POST, title=None, authors=(), date=PartialDate(2023, 5, 1))
    data = item_data(record, None)
    assert data["itemType"] == "forumPost"
    assert data["title"] == "Post by @jefrankle on 2023-05-01"
    assert data["creators"] == [{"creatorType": "author", "name": "@jefrankle"}]
    # The share-tracking "?s=20" is not part of the post's address.
    assert data["url"] == "https://twitter.com/jefrankle/status/1652918238018260992"
    assert data["extra"] == entry.links[1]


def test_a_link_only_page_is_a_webpage_titled_from_its_url():
    entry = Entry(origin=Origin("notes.md", 1), links=("https://example.org/blog/post/",))
    data = item_data(Record(entry=entry, kind=Kind.WEB, title=None, authors=(), date=None), None)
    assert data["itemType"] == "webpage"
    assert data["title"] == "example.org/blog/post"
    assert data["websiteTitle"] == "example.org"


def test_oversized_fields_are_clipped_to_the_servers_limit():
    data = item_data(arxiv_record(abstract="가" * 40_000), None)
    assert len(data["abstractNote"].encode()) <= MAX_FIELD_BYTES


def test_keys_are_stable_and_valid():
    key = object_key("arxiv:2305.01115")
    assert key == object_key("arxiv:2305.01115") != object_key("arxiv:2305.01116")
    assert re.fullmatch(r"[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}", key)


def test_the_content_hash_ignores_what_the_server_owns():
    data = item_data(arxiv_record(), None)
    served = {**data, "key": "ABCD2345", "version": 7, "dateModified": "x", "collections": ["C"], "relations": {}}
    served["tags"] = list(reversed(data["tags"]))
    served["place"] = ""
    assert content_hash(served) == content_hash(data)
    assert content_hash({**served, "title": "Edited"}) != content_hash(data)


def test_week_collections():
    digest = Entry(origin=Origin("d.txt", 1), week=Week(2023, 5, 1, "2023년 5월 1주차"))
    vault = Entry(origin=Origin("230418 UniMax.md", 1), date=datetime.date(2023, 4, 18))
    assert week_collection(digest) == "2023년 5월 1주차"
    assert week_collection(vault) == "2023-W16"
    assert week_collection(Entry(origin=Origin("x.md", 1))) is None


def test_an_untitled_web_page_is_named_like_its_bibtex_entry():
    entry = Entry(origin=Origin("digest.txt", 3), links=("https://openreview.net/forum?id=H1e5GJBtDr",))
    record = Record(entry=entry, kind=Kind.WEB, title=None, authors=(), date=PartialDate(2023, 5))
    data = item_data(record, None)
    assert data["itemType"] == "webpage"
    assert data["title"] == "openreview.net/forum?id=H1e5GJBtDr"
    assert data["websiteTitle"] == "openreview.net"
