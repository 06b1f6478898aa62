import dataclasses
import sqlite3
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from seed_records import seed_records

from cite_export.export import keys as keys_module
from cite_export.export.keys import Paper, folded, free_key, issue_keys
from cite_export.export.keyspelling import LATIN_LETTERS, NOT_SLUG, ascii_slug, candidates
from cite_export.model import Entry, Origin, PartialDate, Person, Record
from cite_export.resolve.offline import record_from_note
from cite_export.store import connect

SEED_KEYS = [
    "wang2023incontext",
    "park2023what",
    "kirstain2023pickapic",
    "jefrankle2023",
    "bertsch2023unlimiformer",
    "kerbl20233d",
    "narayanan2023cheaply",
    "nijkamp2023codegen2",
    "liu2023branchnorm",
    "li2023can",
    "brody2023expressivity",
    "sun2023principledriven",
    "stoica2023zipit",
]


def note(line: int, link: str, title: str | None = None, authors: tuple[str, ...] = (), **fields) -> Record:
    entry = Entry(origin=Origin("notes/new.md", line), links=(link,), title=title, authors=tuple(authors), **fields)
    return record_from_note(entry)


def test_seed_keys_are_surname_year_and_first_title_word():
    records = seed_records()
    keys = issue_keys(records, None)
    assert [keys[record.identity] for record in records] == SEED_KEYS


def test_fallback_keys_for_records_without_authors():
    post = note(1, "https://x.com/karpathy/status/1652918238018260992")
    page = note(2, "https://www.openreview.net/forum?id=abc", title="The Forum Paper")
    bare_arxiv = note(3, "https://arxiv.org/abs/2401.01234v2")
    korean_author = note(4, "https://arxiv.org/abs/2401.04321", title="Attention", authors=("홍길동",))
    keys = issue_keys([post, page, bare_arxiv, korean_author], None)
    assert keys[post.identity] == "karpathy2023"
    assert keys[page.identity] == "openreview" + "forum"  # no date known: site name + first title word
    assert keys[bare_arxiv.identity] == "arxiv240101234"
    assert keys[korean_author.identity] == "arxiv2024attention"


def test_clashes_get_letters_and_the_earliest_paper_keeps_the_bare_key():
    later = note(1, "https://arxiv.org/abs/2306.00002", title="Scaling Laws", authors=("Ann Kim",))
    earlier = note(9, "https://arxiv.org/abs/2305.00001", title="Scaling Up", authors=("Bo Kim",))
    same_month = note(5, "https://arxiv.org/abs/2305.00007", title="Scaling Down", authors=("Cy Kim",))
    keys = issue_keys([later, earlier, same_month], None)
    assert keys[earlier.identity] == "kim2023scaling"
    assert keys[same_month.identity] == "kim2023scalinga"
    assert keys[later.identity] == "kim2023scalingb"


def test_issued_keys_are_pinned_in_the_database_and_never_renamed(tmp_path):
    first = note(1, "https://arxiv.org/abs/2306.00002", title="Scaling Laws", authors=("Ann Kim",))
    with connect(tmp_path) as connection:
        assert issue_keys([first], connection) == {first.identity: "kim2023scaling"}
    # A note added later about an earlier paper with the same key gets the suffix, not the issued key.
    earlier = note(2, "https://arxiv.org/abs/2301.00001", title="Scaling Up", authors=("Bo Kim",))
    with connect(tmp_path) as connection:
        keys = issue_keys([earlier, first], connection)
    assert keys == {first.identity: "kim2023scaling", earlier.identity: "kim2023scalinga"}
    # Metadata arriving later (arXiv's own author list) does not move a pinned key either.
    resolved = dataclasses.replace(first, authors=(Person("Annabel", "Lee"),), date=PartialDate(2023, 6, 1))
    with connect(tmp_path) as connection:
        assert issue_keys([resolved], connection)[first.identity] == "kim2023scaling"
        rows = connection.execute("SELECT identity, key FROM keys_issued ORDER BY key").fetchall()
    assert rows == [(first.identity, "kim2023scaling"), (earlier.identity, "kim2023scalinga")]


def test_pins_are_found_a_few_papers_at_a_time_and_the_keys_of_papers_not_noted_stay_reserved(tmp_path, monkeypatch):
    monkeypatch.setattr(keys_module, "PAPERS_PER_QUERY", 3)
    papers = [
        note(number, f"https://arxiv.org/abs/2306.{number:05d}", title=f"Scaling Laws {number}", authors=("Ann Kim",))
        for number in range(1, 9)
    ]
    with connect(tmp_path) as connection:
        first = issue_keys(papers, connection)
    assert first[papers[0].identity] == "kim2023scaling" and len(set(first.values())) == 8
    # The first paper's note is gone from this run: its key is still never given to another paper.
    newcomer = note(20, "https://arxiv.org/abs/2306.00020", title="Scaling Again", authors=("Ann Kim",))
    with connect(tmp_path) as connection:
        again = issue_keys([*papers[1:], newcomer], connection)
    assert {paper.identity: again[paper.identity] for paper in papers[1:]} == {
        paper.identity: first[paper.identity] for paper in papers[1:]
    }
    assert again[newcomer.identity] == "kim2023scalingh"


def test_keys_from_an_existing_file_win_and_reserve_hand_added_keys(tmp_path):
    paper = note(1, "https://arxiv.org/abs/2306.00002", title="Scaling Laws", authors=("Ann Kim",))
    other = note(2, "https://arxiv.org/abs/2306.00003", title="Scaling Laws Again", authors=("Ann Kim",))
    existing = {paper.identity: "KimScaling", "bib:kim2023scaling": "Kim2023Scaling"}
    connection = sqlite3.connect(tmp_path / "keys.sqlite3")
    keys = issue_keys([paper, other], connection, existing)
    assert keys == {paper.identity: "KimScaling", other.identity: "kim2023scalinga"}  # case-insensitive clash
    pinned = dict(connection.execute("SELECT identity, key FROM keys_issued"))
    assert pinned == {paper.identity: "KimScaling", other.identity: "kim2023scalinga"}
    # The key the file gives a paper replaces the one the database pinned for it.
    renamed = issue_keys([paper, other], connection, {paper.identity: "Kim2023Laws"})
    assert renamed[paper.identity] == "Kim2023Laws"
    assert dict(connection.execute("SELECT identity, key FROM keys_issued"))[paper.identity] == "Kim2023Laws"


def test_keys_do_not_depend_on_the_order_records_arrive_in():
    records = seed_records()
    assert issue_keys(records, None) == issue_keys(list(reversed(records)), None)


@given(st.text() | st.from_regex(r"[a-z]+[0-9]{4}[a-z]*", fullmatch=True))
def test_keys_are_compared_as_their_casefold(key):
    assert folded(key) == key.casefold()


@given(st.sampled_from(["smith2023", "Smith2023", "x"]), st.sets(st.sampled_from(["", "a", "b", "aa", "z"])))
def test_a_free_key_is_the_first_free_candidate_whether_or_not_its_base_is_taken(base, suffixes):
    taken = {folded(base + suffix) for suffix in suffixes}
    paper = Paper(record=None, identity="p", _base=base)
    assert free_key(paper, taken) == next(key for key in candidates(base) if folded(key) not in taken)


@given(st.text(st.sampled_from([*"aZ09 -_'.", "ü", "ß", "한", "Ⅻ"]), max_size=8))
def test_a_slug_is_the_texts_lowercase_ascii_letters_and_digits_whatever_path_makes_it(text):
    decomposed = text if text.isascii() else unicodedata.normalize("NFKD", text.translate(LATIN_LETTERS))
    assert ascii_slug(text) == NOT_SLUG.sub("", decomposed.lower())
