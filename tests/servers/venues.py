"""What the local Semantic Scholar, DBLP and Crossref servers know about the seed papers, faults included.

Published (and how each is found):
  2308.04079 3D Gaussian Splatting: arXiv's own DOI -> Crossref, ACM Transactions on Graphics 42(4)
  2305.00729 What Do Self-Supervised ViTs Learn?: S2 venue without DOI -> DBLP confirms ICLR 2023
  2305.02582 LayerNorm in attention: S2's DOI of record -> Crossref, Findings of ACL 2023
  2305.01569 Pick-a-Pic: S2 names NeurIPS with the arXiv DOI and year (refused) -> DBLP NeurIPS 2023
  2305.01625 Unlimiformer: S2 answers null (partial batch) -> DBLP NeurIPS 2023
  2305.01115 In-Context Learning Unlocked: S2 venue without DOI -> DBLP NeurIPS 2023
Traps that must leave a paper a preprint:
  2305.02790 BranchNorm: S2's DOI leads Crossref to another paper of the same title (no shared author)
  2305.02309 CodeGen2: S2 reports an OpenReview-style "Submitted to ICLR 2024"; DBLP only the CoRR copy
  the rest: S2 knows only the arXiv.org record
"""

from __future__ import annotations

from servers.arxiv import SEED_PAPERS
from servers.crossref import crossref_work
from servers.dblp import dblp_record
from servers.semantic_scholar import s2_paper

ARXIV = {paper.id: paper for paper in SEED_PAPERS}
NEURIPS = {"name": "Neural Information Processing Systems", "type": "conference"}
ICLR = {"name": "International Conference on Learning Representations", "type": "conference"}
ARXIV_VENUE = {"name": "arXiv.org", "type": None}

SEED_NULL_IDS = {"2305.01625"}


def arxiv_s2(arxiv_id: str, **fields) -> dict:
    paper = ARXIV[arxiv_id]
    year = int(paper.published[:4])
    defaults = {"venue": "arXiv.org", "publicationVenue": ARXIV_VENUE, "publicationTypes": None}
    return s2_paper(arxiv_id, paper.title, paper.authors, year, **(defaults | fields))


def corr(arxiv_id: str) -> dict:
    paper = ARXIV[arxiv_id]
    key = f"journals/corr/abs-{arxiv_id.replace('.', '-')}"
    return dblp_record(
        key,
        paper.title,
        paper.authors,
        int(paper.published[:4]),
        "CoRR",
        "informal",
        volume=f"abs/{arxiv_id}",
        ee=f"https://doi.org/10.48550/arXiv.{arxiv_id}",
    )


def dblp_conference(arxiv_id: str, key: str, venue: str, year: int, **fields) -> dict:
    paper = ARXIV[arxiv_id]
    return dblp_record(key, paper.title, paper.authors, year, venue, "proceedings", **fields)


SEED_S2 = [
    arxiv_s2(arxiv_id) for arxiv_id in ("2305.02440", "2305.03111", "2305.03047", "2305.03053", "2205.11726")
] + [
    # A merge error: the DOI of another paper with the same title (Crossref's record shares no author).
    arxiv_s2(
        "2305.02790",
        venue="IEEE Transactions on Neural Networks and Learning Systems",
        publicationVenue={"name": "IEEE Transactions on Neural Networks and Learning Systems", "type": "journal"},
        publicationTypes=["JournalArticle"],
        doi="10.1109/TNNLS.2024.3350001",
    ),
    arxiv_s2(
        "2308.04079",
        venue="ACM Transactions on Graphics",
        publicationVenue={"name": "ACM Transactions on Graphics", "type": "journal"},
        journal={"name": "ACM Transactions on Graphics", "volume": "42", "pages": "1 - 14"},
        publicationTypes=["JournalArticle"],
        doi="10.1145/3592433",
    ),
    arxiv_s2("2305.00729", venue="International Conference on Learning Representations", publicationVenue=ICLR),
    arxiv_s2(
        "2305.02582",
        venue="Annual Meeting of the Association for Computational Linguistics",
        publicationVenue={
            "name": "Annual Meeting of the Association for Computational Linguistics",
            "type": "conference",
        },
        publicationTypes=["JournalArticle", "Conference"],
        doi="10.18653/v1/2023.findings-acl.895",
    ),
    # The fault: a conference venue reported with the arXiv year and the arXiv DOI.
    arxiv_s2(
        "2305.01569",
        venue="Neural Information Processing Systems",
        publicationVenue=NEURIPS,
        publicationTypes=["Conference"],
        doi="10.48550/arXiv.2305.01569",
    ),
    arxiv_s2("2305.01625", venue="Neural Information Processing Systems", publicationVenue=NEURIPS),
    arxiv_s2("2305.01115", venue="Neural Information Processing Systems", publicationVenue=NEURIPS),
    arxiv_s2("2305.02309", venue="Submitted to ICLR 2024", publicationVenue=None, publicationTypes=["Conference"]),
]

SEED_DBLP = [corr(arxiv_id) for arxiv_id in ARXIV] + [
    dblp_conference("2305.00729", "conf/iclr/ParkKHKY23", "ICLR", 2023, ee="https://openreview.net/pdf?id=azCKuYyS74"),
    dblp_conference("2305.01569", "conf/nips/KirstainPSMPL23", "NeurIPS", 2023),
    dblp_conference("2305.01625", "conf/nips/BertschANG23", "NeurIPS", 2023),
    dblp_conference("2305.01115", "conf/nips/WangJLSHCWZ23", "NeurIPS", 2023),
    # Same title, another paper: no author in common.
    dblp_record(
        "journals/tnn/ChenLW24",
        ARXIV["2305.02790"].title,
        ["Wei Chen", "Jun Li", "Hao Wu"],
        2024,
        "IEEE Trans. Neural Networks Learn. Syst.",
        "journal",
        volume="35",
        number="2",
        pages="100-112",
    ),
]

SEED_CROSSREF = [
    crossref_work(
        "10.1145/3592433",
        "journal-article",
        "3D Gaussian Splatting for Real-Time Radiance Field Rendering",
        [("Bernhard", "Kerbl"), ("Georgios", "Kopanas"), ("Thomas", "Leimkuehler"), ("George", "Drettakis")],
        2023,
        container_title=["ACM Transactions on Graphics"],
        volume="42",
        issue="4",
        page="1-14",
        publisher="Association for Computing Machinery (ACM)",
    ),
    crossref_work(
        "10.1109/TNNLS.2024.3350001",
        "journal-article",
        "BranchNorm: Robustly Scaling Extremely Deep Transformers",
        [("Wei", "Chen"), ("Jun", "Li"), ("Hao", "Wu")],
        2024,
        container_title=["IEEE Transactions on Neural Networks and Learning Systems"],
        volume="35",
        issue="2",
        page="100-112",
        publisher="Institute of Electrical and Electronics Engineers (IEEE)",
    ),
    crossref_work(
        "10.18653/v1/2023.findings-acl.895",
        "proceedings-article",
        "On the Expressivity Role of LayerNorm in Transformers\u2019 Attention",
        [("Shaked", "Brody"), ("Uri", "Alon"), ("Eran", "Yahav")],
        2023,
        container_title=["Findings of the Association for Computational Linguistics: ACL 2023"],
        page="14211-14221",
        publisher="Association for Computational Linguistics",
    ),
]
