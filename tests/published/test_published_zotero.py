"""`zotero sync --published`: the same items change type to the venue's, nothing is created, no edit is lost."""

from collections import Counter

import pytest
from published_fixtures import TEST_DELAY, seed_servers
from servers.arxiv import SEED_PAPERS, ArxivServer
from servers.zotero import ZoteroServer
from zotero.zotero_helpers import API_KEY, USER_ID, notes, run_cli, top_items


@pytest.fixture
def servers():
    with ArxivServer(SEED_PAPERS) as arxiv, seed_servers() as (s2, dblp, crossref), ZoteroServer() as zotero:
        zotero.add_key(API_KEY, USER_ID)
        yield arxiv, s2, dblp, crossref, zotero


def sync(servers, cache_dir, *extra):
    arxiv, s2, dblp, crossref, zotero = servers
    options = ["--s2-api", s2.url, "--dblp-api", dblp.url, "--crossref-api", crossref.url]
    options += ["--s2-delay", str(TEST_DELAY), "--dblp-delay", str(TEST_DELAY), "--crossref-delay", str(TEST_DELAY)]
    result = run_cli(zotero.url, cache_dir, "sync", *options, *extra, arxiv_url=arxiv.url)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def by_arxiv_id(library) -> dict[str, dict]:
    return {
        item["extra"].split()[0].removeprefix("arXiv:"): item
        for item in top_items(library)
        if item.get("extra") and item["extra"].startswith("arXiv:")
    }


def test_sync_with_then_without_published_creates_nothing_and_keeps_every_user_edit(servers, tmp_path):
    zotero = servers[-1]
    sync(servers, tmp_path)
    library = zotero.library("users", USER_ID)
    keys_before = set(library.items)
    items = by_arxiv_id(library)
    # Edits made in Zotero: one paper that will turn out published, one that will not.
    zotero.user_edit(library, items["2305.00729"]["key"], language="en")
    zotero.user_edit(library, items["2305.02790"]["key"], language="de")

    published = sync(servers, tmp_path, "--published")
    assert "0 create" in published.stderr
    assert set(library.items) == keys_before
    items = by_arxiv_id(library)
    assert Counter(item["itemType"] for item in top_items(library)) == {
        "preprint": 7,
        "conferencePaper": 4,
        "journalArticle": 1,
        "forumPost": 1,
    }
    tog = items["2308.04079"]
    assert tog["itemType"] == "journalArticle" and tog["publicationTitle"] == "ACM Transactions on Graphics"
    assert (tog["volume"], tog["issue"], tog["pages"], tog["date"], tog["DOI"]) == (
        "42",
        "4",
        "1-14",
        "2023",
        "10.1145/3592433",
    )
    assert tog["extra"] == "arXiv:2308.04079 [cs.GR]" and tog["citationKey"] == "kerbl20233d"
    assert "archiveID" not in tog and "repository" not in tog
    neurips = items["2305.01569"]
    assert neurips["itemType"] == "conferencePaper" and neurips["proceedingsTitle"] == "NeurIPS"
    assert neurips["url"] == "https://arxiv.org/abs/2305.01569" and neurips["citationKey"] == "kirstain2023pickapic"
    # The edited paper is a conflict: it keeps the user's edit and stays as it was until --force.
    assert items["2305.00729"]["itemType"] == "preprint" and items["2305.00729"]["language"] == "en"
    assert items["2305.02790"]["language"] == "de"
    assert "conflict" in published.stderr

    zotero.user_edit(library, items["2305.01569"]["key"], language="fr")
    plain = sync(servers, tmp_path)
    assert "0 create" in plain.stderr
    assert set(library.items) == keys_before
    items = by_arxiv_id(library)
    assert items["2305.01569"]["itemType"] == "conferencePaper" and items["2305.01569"]["language"] == "fr"
    assert items["2308.04079"]["itemType"] == "preprint" and items["2308.04079"]["archiveID"] == "arXiv:2308.04079"
    assert (items["2305.00729"]["language"], items["2305.02790"]["language"]) == ("en", "de")
    assert len(notes(library)) == 12

    fresh = sync(servers, tmp_path / "fresh-machine", "--published")
    assert "0 create" in fresh.stderr
    assert set(library.items) == keys_before
