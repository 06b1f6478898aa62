"""A line is read once (kinds.read_line) for its kind, its links, its title given with a link, and every URL in it;
the splitter and the reader of an entry's text take these from the reading instead of reading the line again. These
tests check the reading against the line read again in full, as each used to do."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from note_fuzz import PIECES

from cite_export.notes import body, kinds, splitting
from cite_export.notes.kinds import LineKind, read_line
from cite_export.notes.line_kinds import (
    HANGUL,
    MARKDOWN_LINK,
    TRAILING_PUNCTUATION,
    URL,
    WIKI_LINK,
    as_link,
    clean_url,
    hashtags,
    link_line,
    only_wiki_links,
    shown_link,
    split_trailing_tags,
    starts_with_link,
    url_matches,
    urls_in,
)
from cite_export.notes.title_lines import (
    EMPHASIS,
    HEADING_MARK,
    LINK_LABELS,
    LIST_MARKER,
    TitleLine,
    emphasised,
    has_hangul,
    looks_like_title,
    title_without_authors,
    titled_link,
    unwrap_emphasis,
)

WORDS = [
    "https://arxiv.org/abs/2305.01115",
    "HTTPS://Arxiv.org/pdf/2305.01115",
    "http://a.example/x.",
    "https://",
    "https://.",
    "ftp://x",
    "xhttps://a.example",
    "arxiv.org/abs/2305.01115",
    "(https://a.example/page)",
    "<https://a.example>",
    "https://a.example/가",
    "[t](https://a.example/c)",
    "[Title](https://a.example/c)",
    "[arXiv](https://arxiv.org/abs/2307.02486)",
    "[https://a.example/](https://b.example/?x=1)",
    "Title",
    "Paper:",
    "- ",
    "1.",
    "##",
    "#tag",
    "#a#b",
    ">",
    "의",
    "(",
    ")",
    ".",
    "!",
    "*",
    "[[note]]",
    "```",
]
gaps = st.sampled_from([" ", " ", "", "  ", "\t", "\xa0", "\u3000"])
made_lines = st.lists(st.tuples(st.sampled_from(WORDS), gaps), max_size=6).map(lambda ws: "".join(w + g for w, g in ws))
lines = st.one_of(made_lines, made_lines, st.sampled_from(PIECES), st.text(alphabet="h:/tps.a( )[]#>x가", max_size=20))


def leading_links_read_again(line: str) -> tuple[list[str], str] | None:
    """The links that start a line, its first word tried as a URL by itself."""
    if "://" not in line or not URL.fullmatch(line.split(None, 1)[0]):
        return None
    words = line.split()
    links = []
    for word in words:
        if not URL.fullmatch(word):
            break
        links.append(clean_url(word))
    if not links or len(links) == len(words):
        return None
    return links, line.strip().split(None, len(links))[-1]


def titled_link_read_again(line: str) -> TitleLine | None:
    """A title with its link, the line searched for a URL again and split around it."""
    if "://" not in line:
        return None
    text = line.strip()
    markdown = MARKDOWN_LINK.fullmatch(HEADING_MARK.sub("", text))
    if markdown:
        title = markdown.group("text").strip()
        if not looks_like_title(title) or title.lower() in LINK_LABELS or URL.fullmatch(title):
            return None
        return TitleLine(title, [], clean_url(markdown.group("url")), parenthesized=True)
    match = next(url_matches(text), None)
    if not match or match.start() == 0:
        return None
    before, after = text[: match.start()], text[match.end() :]
    link = clean_url(match.group())
    if before.endswith("(") and after.startswith(")"):
        title, rest = before[:-1].strip(), after[1:].strip()
        if not title_without_authors(title):
            return None
        return TitleLine(unwrap_emphasis(title), [], link, rest, parenthesized=True)
    if after.strip(TRAILING_PUNCTUATION + " "):
        return None
    title = LIST_MARKER.sub("", before).rstrip(":-\u2013 ").strip()
    if not looks_like_title(title):
        return None
    return TitleLine(unwrap_emphasis(title), [], link)


def link_line_read_again(line: str) -> list[str] | None:
    """The links of a line of links, every line tried for Markdown links."""
    if "/" not in line or not starts_with_link(line):
        return None
    words = [as_link(word) for word in MARKDOWN_LINK.sub(shown_link, line).split()]
    return None if None in words else words or None


@settings(max_examples=1500, deadline=None, database=None)
@given(lines)
@example("Title (https://a.example/page).")
@example("Title https://a.example/page.!")
@example("## [Introducing X](https://openai.com/index/x/)")
@example("https://arxiv.org/abs/2305.01115 의 사례")
@example("```[t](https://a.example/c)(Anonymous authors)")
def test_a_line_is_read_once_as_reading_it_again_finds_it(line):
    reading = read_line(line)
    stripped = line.strip()
    assert (reading.kind is LineKind.LINKS) == bool(link_line(line)) == bool(link_line_read_again(line))
    if reading.kind is LineKind.LINKS:
        assert list(reading.links) == link_line(line) == link_line_read_again(line)
    assert titled_link(line) == titled_link_read_again(line)
    if reading.kind in (LineKind.TITLED_LINK, LineKind.LINK_HEADING):
        assert reading.title == titled_link_read_again(line)
    if reading.kind is LineKind.LEADING_LINKS:
        assert (list(reading.links), reading.commentary) == leading_links_read_again(line)
    if reading.kind in (LineKind.PROSE, LineKind.QUOTE, LineKind.TITLED_LINK, LineKind.LEADING_LINKS):
        # What the reader of an entry's text took the URLs of: the line without its hashtags, or the quoted text.
        assert list(reading.urls) == urls_in(split_trailing_tags(stripped)[0]) == urls_in(stripped.lstrip(">"))
        assert leading_links_read_again(line) is None or reading.kind is not LineKind.PROSE
    if reading.kind is LineKind.FENCE:
        assert list(reading.urls) == urls_in(stripped)
    if reading.kind is LineKind.TAGS:
        assert list(reading.tags) == hashtags(stripped)


def test_a_line_starting_with_links_is_read_as_its_links_and_the_commentary_after_them():
    reading = read_line("  https://arxiv.org/abs/2305.01115 https://a.example/x. 흥미로운 결과 (see https://b.example)")
    assert reading.kind is LineKind.LEADING_LINKS
    assert reading.links == ("https://arxiv.org/abs/2305.01115", "https://a.example/x")
    assert reading.commentary == "흥미로운 결과 (see https://b.example)"
    assert reading.urls == ("https://arxiv.org/abs/2305.01115", "https://a.example/x", "https://b.example")


def test_markdown_links_are_read_only_where_their_brackets_meet():
    assert link_line("[t](https://a.example/c) https://b.example") == ["https://a.example/c", "https://b.example"]
    assert link_line("[t] (https://a.example/c)") is None


def test_each_kind_is_also_the_name_of_the_kinds_module_it_is_compared_by():
    assert all(getattr(kinds, kind.name) is kind for kind in LineKind)


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet="*_ aZ가\n", max_size=10))
def test_only_a_text_that_can_be_emphasised_or_hold_korean_is_searched_for_it(text):
    assert bool(emphasised(text)) == bool(EMPHASIS.fullmatch(text))
    assert has_hangul(text) == bool(HANGUL.search(text))


def test_each_section_of_an_entry_text_is_also_the_name_it_is_compared_by():
    assert list(body.Section) == [body.IN_TEXT, body.IN_LINKS, body.IN_FENCE]


def test_each_state_of_the_splitter_is_also_the_name_it_is_compared_by():
    names = [splitting.OUTSIDE, splitting.OPEN, splitting.CLOSED, splitting.IN_LINKS_SECTION, splitting.IN_FENCE]
    assert list(splitting.State) == names


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(["[[", "]]", "[", "]", "a", " ", ",", "|", "#", "-"]), max_size=12).map("".join))
def test_a_line_of_only_wiki_links_is_told_as_the_search_for_them_tells_it(line):
    found = bool(WIKI_LINK.search(line)) and not WIKI_LINK.sub("", line).strip(" ,-*")
    assert only_wiki_links(line) == found
