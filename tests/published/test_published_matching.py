"""Each wrong-match trap is refused; a true version of record is accepted, and the preferred one chosen."""

from dataclasses import replace

from cite_export.model import VenueType
from cite_export.resolve.published.matching import (
    Candidate,
    Kind,
    Preprint,
    choose,
    confirmed_by,
    judge,
    normalise_title,
    version_of_record,
)

VIT = Preprint(
    arxiv_id="2010.11929",
    title="An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
    surnames=("Dosovitskiy", "Beyer", "Kolesnikov"),
    v1_year=2020,
)
ICLR_2021 = Candidate(
    source="DBLP",
    title="An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale.",
    authors=("Alexey Dosovitskiy", "Lucas Beyer 0001", "Alexander Kolesnikov"),
    year=2021,
    venue="ICLR",
    kind=Kind.PROCEEDINGS,
    record_key="conf/iclr/DosovitskiyB0WZ21",
)


def refusal(candidate: Candidate, paper: Preprint = VIT) -> str:
    verdict = judge(paper, candidate)
    assert not verdict.accepted, verdict
    return verdict.reason


def test_the_true_version_of_record_is_accepted_with_its_reason():
    verdict = judge(VIT, ICLR_2021)
    assert verdict.accepted
    assert verdict.reason == "same title, shared author beyer, year 2021"


def test_same_title_with_no_shared_author_is_refused():
    other = replace(ICLR_2021, authors=("Wei Chen", "Jun Li"))
    assert refusal(other) == "no author surname in common"


def test_title_differing_only_in_a_number_is_refused():
    other = replace(ICLR_2021, title="An Image is Worth 32x32 Words: Transformers for Image Recognition at Scale")
    assert refusal(other).startswith("different title")


def test_corr_record_is_refused_however_it_is_labelled():
    corr = replace(ICLR_2021, venue="CoRR", kind=Kind.PREPRINT, record_key="journals/corr/abs-2010-11929")
    assert refusal(corr) == "an arXiv/CoRR record, not a version of record"
    # A CoRR key under a venue that looks like a journal, or an arXiv DOI with an arXiv venue, still is one.
    assert refusal(replace(corr, venue="Computing Research Repository", kind=Kind.JOURNAL)).startswith("an arXiv")
    arxiv_doi = replace(ICLR_2021, venue="arXiv.org", record_key=None, doi="10.48550/arXiv.2010.11929")
    assert refusal(arxiv_doi).startswith("an arXiv/CoRR record")


def test_rejected_or_withdrawn_openreview_venues_are_refused():
    for venue in ("Submitted to ICLR 2021", "ICLR 2021 Conference Withdrawn Submission", "Rejected by NeurIPS"):
        assert refusal(replace(ICLR_2021, venue=venue)).startswith("a withdrawn or rejected submission")


def test_missing_authors_on_either_side_fail_closed():
    assert refusal(replace(ICLR_2021, authors=())) == "authors missing, so no author can be checked"
    assert refusal(ICLR_2021, replace(VIT, surnames=())) == "authors missing, so no author can be checked"


def test_venue_year_before_the_arxiv_v1_is_refused():
    assert refusal(replace(ICLR_2021, year=2019)) == "year 2019 is before the arXiv v1 (2020)"
    assert refusal(replace(ICLR_2021, year=None)) == "no year to compare with the arXiv v1"


def test_semantic_scholar_venue_with_the_arxiv_doi_is_refused():
    s2 = replace(ICLR_2021, source="Semantic Scholar", year=2020, doi="10.48550/arXiv.2010.11929", record_key=None)
    assert "with the arXiv DOI" in refusal(s2)


def test_a_venue_claim_without_a_doi_of_record_needs_confirmation():
    s2 = replace(ICLR_2021, source="Semantic Scholar", record_key=None, needs_confirmation=True)
    assert "must confirm" in refusal(s2)


def test_unknown_venue_type_is_refused():
    assert refusal(replace(ICLR_2021, kind=Kind.UNKNOWN)) == "no venue of a known type"


def test_normalisation_drops_case_accents_punctuation_markup_and_tex_but_keeps_digits():
    assert normalise_title("On the Expressivity Role of LayerNorm in Transformers\u2019 Attention.") == normalise_title(
        "On the expressivity role of layernorm in transformers' attention"
    )
    assert normalise_title(r"Schr\"{o}dinger's <i>Cat</i>: $\alpha$-Nets") == normalise_title(
        "Schr\u00f6dinger's Cat: \u03b1-Nets"
    )
    assert normalise_title("16x16 words") != normalise_title("32x32 words")


def test_proceedings_or_journal_preferred_over_workshop_then_the_earliest():
    workshop = replace(ICLR_2021, venue="ICML Workshop on Vision", kind=Kind.WORKSHOP, year=2020)
    journal = replace(ICLR_2021, venue="TPAMI", kind=Kind.JOURNAL, year=2023)
    verdicts = [judge(VIT, candidate) for candidate in (workshop, journal, ICLR_2021)]
    assert all(verdict.accepted for verdict in verdicts)
    assert choose(verdicts).candidate is ICLR_2021
    assert choose([judge(VIT, workshop)]).candidate is workshop
    assert choose([judge(VIT, replace(ICLR_2021, year=2019))]) is None


def test_the_registry_record_completes_the_finder_and_becomes_the_version_of_record():
    finder = replace(ICLR_2021, source="Semantic Scholar", venue="Some Journal", kind=Kind.JOURNAL, doi="10.1/x")
    crossref = Candidate(
        "Crossref",
        ICLR_2021.title,
        ("Dosovitskiy, Alexey",),
        2021,
        "Journal of Vision",
        Kind.JOURNAL,
        doi="10.1/X",
        volume="7",
        number="2",
        pages="1-10",
        publisher="ACME",
    )
    merged = confirmed_by(finder, crossref)
    version = version_of_record(judge(VIT, merged))
    assert version.type is VenueType.JOURNAL
    assert (version.venue, version.volume, version.number, version.pages) == ("Journal of Vision", "7", "2", "1-10")
    assert (version.publisher, version.doi, version.source) == ("ACME", "10.1/X", "Semantic Scholar + Crossref")
