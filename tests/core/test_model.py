from cite_export.model import Entry, Kind, Origin, Record


def record(links, arxiv_id=None):
    return Record(Entry(Origin("notes.md", 3), links=tuple(links)), Kind.WEB, None, (), None, arxiv_id=arxiv_id)


def test_url_is_the_abs_page_for_arxiv_papers_and_the_clean_primary_link_otherwise():
    assert record(["https://arxiv.org/pdf/2305.01115v2"], "2305.01115").url == "https://arxiv.org/abs/2305.01115"
    post = record(["https://twitter.com/jefrankle/status/1652918238018260992?s=20", "https://x.com/a/status/1"])
    assert post.url == "https://twitter.com/jefrankle/status/1652918238018260992"
    assert record([]).url is None


def test_identity_names_the_same_paper_the_same_way_however_it_was_linked():
    assert record(["https://arxiv.org/abs/2305.01115"], "2305.01115").identity == "arxiv:2305.01115"
    assert (
        record(["https://x.com/jefrankle/status/1652918238018260992?s=20"]).identity
        == record(["https://twitter.com/jefrankle/status/1652918238018260992"]).identity
    )
    assert record([]).identity == "note:notes.md:3"
