import datetime
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cite_export.links import (
    ARXIV_HOSTS,
    ARXIV_PATH,
    POST_HOSTS,
    POST_PATH,
    ArxivRef,
    PostRef,
    arxiv_id_month,
    arxiv_ref,
    canonical_url,
    parse_arxiv_id,
    post_ref,
    split_link,
    web_page,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2305.01115", ArxivRef("2305.01115", None)),
        ("https://arxiv.org/abs/2305.01115v2", ArxivRef("2305.01115", 2)),
        ("http://arxiv.org/pdf/2305.01115", ArxivRef("2305.01115", None)),
        ("https://arxiv.org/pdf/2305.01115v3.pdf", ArxivRef("2305.01115", 3)),
        ("https://arxiv.org/html/2402.00001v1", ArxivRef("2402.00001", 1)),
        ("https://export.arxiv.org/abs/2305.01115", ArxivRef("2305.01115", None)),
        ("https://www.arxiv.org/abs/1706.03762/", ArxivRef("1706.03762", None)),
        ("https://arxiv.org/abs/hep-th/9901001", ArxivRef("hep-th/9901001", None)),
        ("https://arxiv.org/abs/cs/0112017v1", ArxivRef("cs/0112017", 1)),
        ("https://arxiv.org/abs/math.GT/0309136", ArxivRef("math.GT/0309136", None)),
        ("https://openreview.net/forum?id=abc", None),
        ("https://arxiv.org/list/cs.CL/recent", None),
        ("https://notarxiv.org/abs/2305.01115", None),
    ],
)
def test_arxiv_ref_reads_every_arxiv_link_form(url, expected):
    assert arxiv_ref(url) == expected


def test_parse_arxiv_id_rejects_what_is_not_an_id():
    assert parse_arxiv_id("2305.01115v12") == ArxivRef("2305.01115", 12)
    assert parse_arxiv_id("2305.011") is None
    assert parse_arxiv_id("hello/world") is None


def test_post_ref_and_the_date_in_its_status_id():
    post = post_ref("https://twitter.com/jefrankle/status/1652918238018260992?s=20")
    assert post == PostRef("jefrankle", 1652918238018260992)
    assert post.date == datetime.date(2023, 5, 1)
    assert post_ref("https://x.com/karpathy/status/1652918238018260992").handle == "karpathy"
    assert post_ref("https://twitter.com/jefrankle") is None


def test_a_status_number_longer_than_a_snowflake_has_no_date():
    # Two pasted ids run together: a number no snowflake reaches, which datetime cannot hold either.
    post = post_ref("https://x.com/a/status/16660000000000000001653400934330355712")
    assert post is not None and post.date is None


def test_canonical_url_drops_what_varies_between_shares():
    assert canonical_url("https://x.com/jefrankle/status/1652918238018260992?s=20") == (
        "https://twitter.com/jefrankle/status/1652918238018260992"
    )
    assert canonical_url("https://arxiv.org/pdf/2305.01115v2.pdf") == "https://arxiv.org/abs/2305.01115"
    assert canonical_url("https://GitHub.com/a/b#readme") == "https://github.com/a/b"


def test_only_other_web_pages_are_kept_canonical_for_the_run():
    # A vault's every paper is an arXiv link: their pages are spelled from the parse arxiv_ref keeps anyway.
    before = web_page.cache_info().currsize
    assert canonical_url("https://arxiv.org/abs/1911.00001v4") == "https://arxiv.org/abs/1911.00001"
    assert canonical_url("https://twitter.com/someone/status/1652918238018260993") == (
        "https://twitter.com/someone/status/1652918238018260993"
    )
    assert web_page.cache_info().currsize == before
    assert canonical_url("https://Example.org/cache-test?a=1#top") == "https://example.org/cache-test?a=1"
    assert web_page.cache_info().currsize == before + 1


def test_arxiv_id_month_for_new_and_old_ids():
    assert arxiv_id_month("2305.01115") == (2023, 5)
    assert arxiv_id_month("hep-th/9901001") == (1999, 1)
    assert arxiv_id_month("cs/0112017") == (2001, 12)


@pytest.mark.parametrize("link", ["https://a\uff03b.com/x", "http://[2001:db8::1/paper", "https://x\u2100y.org/"])
def test_a_link_urlsplit_refuses_is_a_page_with_no_host(link):
    # A full-width '#' (or a sign NFKC turns into 'a/c') in a host, an unclosed IPv6 bracket: pasted, not typed.
    assert split_link(link).hostname is None and split_link(link).path == link
    assert arxiv_ref(link) is None and post_ref(link) is None
    assert canonical_url(link) == link


PATH_PIECES = st.lists(
    st.sampled_from(
        ["abs/", "2305.01115v2", "/", "?", "#", "=", ":", "@", "-", ".", "%20", "[", "]", "논문", "é", "Z"]
    ),
    max_size=6,
).map("".join)
LINKS = st.tuples(
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", " https://", "https:/", ""]),
    st.sampled_from(["arxiv.org", "x.com", "Www.Example.com", "a-b.c9", "host:8080", "user@host", "[::1]", ""]),
    st.sampled_from(["/", ""]),
    PATH_PIECES,
    # At most one character urlsplit drops, stops at or refuses in a host.
    st.sampled_from(["", "", "", " ", "\t", "\n", "\x00", "\x7f", "\u3000", "\uff03"]),
    PATH_PIECES,
).map("".join)


@settings(max_examples=300)
@given(LINKS)
@example("https://arxiv.org/abs/2305.01115")
@example("https://arxiv.org")
@example("https://arxiv.org/abs/2305.01115?context=cs#s2")
@example("https://arxiv.org/abs/2305.01115\x00")
@example("http://example.com/논문/a b")
@example("https://github.com/lab/repo\n")
def test_split_link_parts_are_urlsplit_parts(link):
    # split_link reads the usual link itself: it must agree with urlsplit wherever urlsplit gives an answer.
    try:
        expected = urlsplit(link)
    except ValueError:
        return
    assert split_link(link) == expected


@settings(max_examples=300)
@given(LINKS)
@example("https://github.com/lab/repo")
@example("https://github.com")
@example(" https://github.com/lab/repo/ ")
def test_a_web_page_is_the_link_put_back_together_without_its_fragment(link):
    parts = split_link(link.strip())
    assert web_page(link) == urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))


def parsed_arxiv_ref(link):
    parts = split_link(link.strip())
    match = ARXIV_PATH.match(parts.path) if parts.hostname in ARXIV_HOSTS else None
    return parse_arxiv_id(match.group("rest")) if match else None


def parsed_post_ref(link):
    parts = split_link(link.strip())
    match = POST_PATH.match(parts.path) if parts.hostname in POST_HOSTS else None
    return PostRef(match.group("handle"), int(match.group("status"))) if match else None


HOSTED_LINKS = st.tuples(
    st.sampled_from(["https://", "http://", "HTTP://", " https://", "https://user@"]),
    st.sampled_from(sorted(ARXIV_HOSTS | POST_HOSTS | {"arxiv.org.evil.com", "notx.com", "example.org"})).flatmap(
        # Any spelling of the host's case: the host name is compared lower-cased.
        lambda host: st.tuples(*(st.sampled_from([c.lower(), c.upper()]) for c in host)).map("".join)
    ),
    st.sampled_from(["", ":443"]),
    st.sampled_from(
        [
            *("/abs/2305.01115v2", "/pdf/hep-th/9901001", "/jefrankle/status/1652918238018260992", "/x"),
            *("/pdf/2305.01115v03.pdf", "/html/2402.00001/", "/ps/1706.03762.pdf/", "/format/1706.0376"),
            *("/abs/1706.037620", "/abs/2305.01115v", "/abs/2305.01115.pdf.pdf", "/Abs/2305.01115"),
            *("/abs/2305.01115//", "/abs/2305.01115v2\n"),
        ]
    ),
    st.sampled_from(["", "?s=20", "#top", " "]),
).map("".join)


@settings(max_examples=300)
@given(st.one_of(HOSTED_LINKS, LINKS))
@example("https://ARXIV.ORG/abs/2305.01115")
@example("https://Mobile.Twitter.com/a/status/1652918238018260992")
@example("https://WWW.X.COM/jefrankle/status/1652918238018260992")
def test_the_quick_look_for_a_host_never_misses_a_paper_or_a_post(link):
    # arxiv_ref and post_ref skip a link whose text lacks their host names; splitting it must find none either.
    assert arxiv_ref(link) == parsed_arxiv_ref(link)
    assert post_ref(link) == parsed_post_ref(link)
