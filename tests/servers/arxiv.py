"""A local stand-in for export.arxiv.org/api/query, for the tests and the benchmark.

It answers ``id_list`` and ``search_query`` queries (with ``start`` and ``max_results``) with
the same Atom document arXiv sends (namespaces, opensearch totals, ``arxiv:primary_category``,
``arxiv:doi``, ``arxiv:journal_ref``, links, and the error entry for a malformed id), records
when each request arrived, and misbehaves on demand: an HTTP error status, a hang, a truncated
body, malformed XML, an empty page.

    with ArxivServer(SEED_PAPERS) as server:
        server.fail(503, times=2)
        ... client pointed at server.url ...
        assert server.request_count == 3
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from xml.sax.saxutils import escape, quoteattr

from servers.base import LocalServer, RequestSpacing

NEW_STYLE = re.compile(r"\d{4}\.\d{4,5}(v\d+)?")
OLD_STYLE = re.compile(r"[a-z][a-z\-]*(\.[A-Z]{2})?/\d{7}(v\d+)?")
SEARCH_TERM = re.compile(r'(?P<field>ti|au|abs|all|cat):(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s()]+))')


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    authors: list[str]
    published: str  # ISO timestamp of v1
    primary_class: str
    updated: str | None = None
    version: int = 1
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    abstract: str = "Placeholder abstract for the local arXiv test server."


def paper(arxiv_id, title, authors, published, primary, **extra) -> Paper:
    return Paper(arxiv_id, title, authors, f"{published}T17:59:58Z", primary, **extra)


# The seed digest's papers as arXiv lists them (full author lists; the notes shorten some).
SEED_PAPERS = [
    paper(
        "2305.01115",
        "In-Context Learning Unlocked for Diffusion Models",
        [
            "Zhendong Wang",
            "Yifan Jiang",
            "Yadong Lu",
            "Yelong Shen",
            "Pengcheng He",
            "Weizhu Chen",
            "Zhangyang Wang",
            "Mingyuan Zhou",
        ],
        "2023-05-01",
        "cs.CV",
        updated="2023-10-19T01:30:12Z",
        version=2,
    ),
    paper(
        "2305.00729",
        "What Do Self-Supervised Vision Transformers Learn?",
        ["Namuk Park", "Wonjae Kim", "Byeongho Heo", "Taekyung Kim", "Sangdoo Yun"],
        "2023-05-01",
        "cs.CV",
        comment="ICLR 2023",
    ),
    paper(
        "2305.01569",
        "Pick-a-Pic: An Open Dataset of User Preferences for Text-to-Image Generation",
        ["Yuval Kirstain", "Adam Polyak", "Uriel Singer", "Shahbuland Matiana", "Joe Penna", "Omer Levy"],
        "2023-05-02",
        "cs.CV",
    ),
    paper(
        "2305.01625",
        "Unlimiformer: Long-Range Transformers with Unlimited Length Input",
        ["Amanda Bertsch", "Uri Alon", "Graham Neubig", "Matthew R. Gormley"],
        "2023-05-02",
        "cs.CL",
    ),
    paper(
        "2308.04079",
        "3D Gaussian Splatting for Real-Time Radiance Field Rendering",
        ["Bernhard Kerbl", "Georgios Kopanas", "Thomas Leimkühler", "George Drettakis"],
        "2023-08-08",
        "cs.GR",
        categories=["cs.GR", "cs.CV"],
        doi="10.1145/3592433",
        journal_ref="ACM Transactions on Graphics, 42(4), July 2023",
    ),
    paper(
        "2305.02440",
        "Cheaply Evaluating Inference Efficiency Metrics for Autoregressive Transformer APIs",
        ["Deepak Narayanan", "Keshav Santhanam", "Peter Henderson", "Rishi Bommasani", "Tony Lee", "Percy Liang"],
        "2023-05-03",
        "cs.LG",
    ),
    paper(
        "2305.02309",
        "CodeGen2: Lessons for Training LLMs on Programming and Natural Languages",
        ["Erik Nijkamp", "Hiroaki Hayashi", "Caiming Xiong", "Silvio Savarese", "Yingbo Zhou"],
        "2023-05-03",
        "cs.LG",
    ),
    paper(
        "2305.02790",
        "BranchNorm: Robustly Scaling Extremely Deep Transformers",
        ["Yijin Liu", "Xianfeng Zeng", "Fandong Meng", "Jie Zhou"],
        "2023-05-04",
        "cs.CL",
    ),
    paper(
        "2305.03111",
        "Can LLM Already Serve as A Database Interface? A BIg Bench for Large-Scale Database Grounded Text-to-SQLs",
        [
            "Jinyang Li",
            "Binyuan Hui",
            "Ge Qu",
            "Jiaxi Yang",
            "Binhua Li",
            "Bowen Li",
            "Bailin Wang",
            "Bowen Qin",
            "Rongyu Cao",
            "Ruiying Geng",
            "Nan Huo",
            "Xuanhe Zhou",
            "Chenhao Ma",
            "Guoliang Li",
            "Kevin C. C. Chang",
            "Fei Huang",
            "Reynold Cheng",
            "Yongbin Li",
        ],
        "2023-05-04",
        "cs.CL",
    ),
    paper(
        "2305.02582",
        "On the Expressivity Role of LayerNorm in Transformers' Attention",
        ["Shaked Brody", "Uri Alon", "Eran Yahav"],
        "2023-05-04",
        "cs.LG",
    ),
    paper(
        "2305.03047",
        "Principle-Driven Self-Alignment of Language Models from Scratch with Minimal Human Supervision",
        [
            "Zhiqing Sun",
            "Yikang Shen",
            "Qinhong Zhou",
            "Hongxin Zhang",
            "Zhenfang Chen",
            "David Cox",
            "Yiming Yang",
            "Chuang Gan",
        ],
        "2023-05-04",
        "cs.LG",
    ),
    paper(
        "2305.03053",
        "ZipIt! Merging Models from Different Tasks without Training",
        ["George Stoica", "Daniel Bolya", "Jakob Bjorner", "Pratik Ramesh", "Taylor Hearn", "Judy Hoffman"],
        "2023-05-04",
        "cs.CV",
    ),
    # The related link inside CodeGen2's commentary, and a paper whose title is close to 3DGS's.
    paper(
        "2205.11726",
        "On the Role of Bidirectionality in Language Model Pre-Training",
        ["Mikel Artetxe", "Jingfei Du", "Naman Goyal", "Luke Zettlemoyer", "Ves Stoyanov"],
        "2022-05-24",
        "cs.CL",
    ),
    paper(
        "2310.08528",
        "4D Gaussian Splatting for Real-Time Dynamic Scene Rendering",
        [
            "Guanjun Wu",
            "Taoran Yi",
            "Jiemin Fang",
            "Lingxi Xie",
            "Xiaopeng Zhang",
            "Wei Wei",
            "Wenyu Liu",
            "Qi Tian",
            "Xinggang Wang",
        ],
        "2023-10-12",
        "cs.CV",
    ),
]


def synthetic_papers(count: int, prefix: str = "2401") -> list[Paper]:
    """``count`` made-up papers with ids ``2401.00000``, ``2401.00001``, ..."""
    return [
        paper(
            f"{prefix}.{number:05d}",
            f"Synthetic Study Number {number} of Scaling Behaviour",
            [f"Author{number} Family{number}", "Second Author"],
            f"20{prefix[:2]}-{prefix[2:]}-{1 + number % 28:02d}",
            "cs.LG",
        )
        for number in range(count)
    ]


@dataclass
class Fault:
    kind: str  # "status", "hang", "truncate", "malformed", "empty"
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Request:
    arrived: float  # time.monotonic()
    params: dict[str, str]
    user_agent: str = ""
    method: str = "GET"
    url_length: int = 0

    @property
    def ids(self) -> list[str]:
        return [item for item in self.params.get("id_list", "").split(",") if item]


def words(text: str) -> list[str]:
    """Lowercase words, accents kept, punctuation dropped: how the search index tokenises."""
    return re.sub(r"[\W_]+", " ", text.lower()).split()


def contains_phrase(haystack: list[str], phrase: list[str]) -> bool:
    width = len(phrase)
    return width > 0 and any(haystack[start : start + width] == phrase for start in range(len(haystack) - width + 1))


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def term_matches(item: Paper, field_name: str, value: str) -> bool:
    value_words = words(folded(value).replace("_", " "))
    if field_name == "ti":
        return contains_phrase(words(folded(item.title)), value_words)
    if field_name == "au":
        return any(contains_phrase(words(folded(name)), value_words) for name in item.authors)
    if field_name == "cat":
        return value in (item.categories or [item.primary_class])
    text = folded(f"{item.title} {item.abstract} {' '.join(item.authors)}")
    return contains_phrase(words(text), value_words)


def query_matches(item: Paper, query: str) -> bool:
    """``A AND B OR (C AND D)``: OR of AND groups, parentheses only grouping; enough for our clients."""
    for group in re.split(r"\s+OR\s+", query):
        terms = SEARCH_TERM.findall(group)
        if terms and all(term_matches(item, name, phrase or word) for name, phrase, word in terms):
            return True
    return False


class ArxivServer(RequestSpacing, LocalServer):
    """The server, on 127.0.0.1 and a free port, serving ``papers``.

    ``latency`` (seconds, or a function of the query parameters) delays each answer;
    ``min_interval`` is the rate policy: a request closer than that to the previous one is
    answered 503 ``Rate exceeded.`` and counted by ``violations()``. Queries come as GET (in the
    URL) or POST (a form body), as arXiv takes both; a request line longer than ``max_url_length``
    is answered 414, as arXiv's front end does (a GET of some 700 ids).
    """

    def __init__(
        self,
        papers: list[Paper],
        latency: float | Callable[[dict[str, str]], float] = 0.0,
        min_interval: float = 0.0,
        error_status: int = 400,
        reverse: bool = False,
        count_unknown_ids: bool = False,
        max_url_length: int = 8190,
    ):
        self.papers = {item.id: item for item in papers}
        # Answer id_list queries in reverse order, to show that clients map results by id, not position.
        self.reverse = reverse
        # Count unknown ids in totalResults, as arXiv has done (arxiv.py issue #82): clients then ask for more pages.
        self.count_unknown_ids = count_unknown_ids
        self.latency = latency
        self.min_interval = min_interval
        self.max_url_length = max_url_length
        # Misbehaviour by size or by id, for every matching request (not used up like ``faults``).
        self.too_many_ids: tuple[int, int] | None = None  # (most ids answered, status above that)
        self.most_entries: int | None = None  # a feed is cut to this many entries, totals and all
        self.poisoned: dict[str, Fault] = {}
        self.error_status = error_status
        self.requests: list[Request] = []
        self.faults: deque[Fault] = deque()
        self.lock = threading.Lock()
        super().__init__(make_handler(self))

    @property
    def url(self) -> str:
        return f"{self.origin}/api/query"

    # Fault injection: each queued fault is used by one request, in order.
    def fail(self, status: int = 503, times: int = 1, retry_after: str | None = None) -> None:
        self.faults.extend(Fault("status", status=status, retry_after=retry_after) for _ in range(times))

    def hang(self, seconds: float = 5.0, times: int = 1) -> None:
        self.faults.extend(Fault("hang", seconds=seconds) for _ in range(times))

    def stall(self, seconds: float = 5.0, times: int = 1) -> None:
        """Send the headers and half the body, then go quiet."""
        self.faults.extend(Fault("stall", seconds=seconds) for _ in range(times))

    def truncate(self, times: int = 1) -> None:
        self.faults.extend(Fault("truncate") for _ in range(times))

    def malformed(self, times: int = 1) -> None:
        self.faults.extend(Fault("malformed") for _ in range(times))

    def empty(self, times: int = 1) -> None:
        self.faults.extend(Fault("empty") for _ in range(times))

    def refuse_more_than(self, ids: int, status: int = 414) -> None:
        """Answer ``status`` to any id_list of more than ``ids`` ids."""
        self.too_many_ids = (ids, status)

    def cut_feeds_at(self, entries: int) -> None:
        """Answer at most ``entries`` entries, as if the rest did not exist (a short feed without reason)."""
        self.most_entries = entries

    def poison(self, arxiv_id: str, fault: str = "hang", status: int = 503, seconds: float = 60.0) -> None:
        """Every request whose id_list holds ``arxiv_id`` gets ``fault``: one bad id spoils its batch."""
        self.poisoned[arxiv_id] = Fault(fault, status=status, seconds=seconds)

    def requests_for(self, arxiv_id: str) -> int:
        return sum(arxiv_id in request.ids for request in self.requests)

    # Answers.
    def answer(self, params: dict[str, str]) -> tuple[int, str]:
        start = int(params.get("start", "0") or 0)
        max_results = int(params.get("max_results", "10") or 10)
        ids = [item for item in params.get("id_list", "").split(",") if item]
        bad = [item for item in ids if not (NEW_STYLE.fullmatch(item) or OLD_STYLE.fullmatch(item))]
        if bad:
            return self.error_status, error_feed(params, f"incorrect id format for {bad[0]}")
        if ids:
            found = [self.papers[base] for item in ids if (base := re.sub(r"v\d+$", "", item)) in self.papers]
            found = found[::-1] if self.reverse else found
        else:
            found = list(self.papers.values())
        query = params.get("search_query", "")
        if query:
            found = [item for item in found if query_matches(item, query)]
        elif not ids:
            found = []
        total = len(ids) if ids and self.count_unknown_ids and not query else len(found)
        page = found[start : start + max_results]
        if self.most_entries is not None and len(page) > self.most_entries:
            page, total = page[: self.most_entries], self.most_entries
        return 200, feed(params, page, total, start)

    def fault_for(self, request: Request) -> Fault | None:
        """The queued fault, else one of a poisoned id or of a batch too big."""
        fault = self.faults.popleft() if self.faults else None
        if fault is None:
            fault = next((self.poisoned[item] for item in request.ids if item in self.poisoned), None)
        if fault is None and self.too_many_ids and len(request.ids) > self.too_many_ids[0]:
            fault = Fault("status", status=self.too_many_ids[1])
        if fault is None and request.url_length > self.max_url_length:
            fault = Fault("status", status=414)
        return fault


def feed(params: dict[str, str], items: list[Paper], total: int, start: int) -> str:
    entries = "".join(entry_xml(item) for item in items)
    return feed_xml(params, entries, total, start, len(items))


def feed_xml(params: dict[str, str], entries: str, total: int, start: int, per_page: int) -> str:
    query = urllib.parse.urlencode(params)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/{abs(hash(query)) % 10**12}</id>
  <title>arXiv Query: {escape(query)}</title>
  <updated>{time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}</updated>
  <link href={quoteattr("https://arxiv.org/api/query?" + query)} type="application/atom+xml"/>
  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
{entries}</feed>
"""


def entry_xml(item: Paper) -> str:
    versioned = f"{item.id}v{item.version}"
    authors = "".join(f"    <author>\n      <name>{escape(name)}</name>\n    </author>\n" for name in item.authors)
    categories = "".join(
        f'    <category term={quoteattr(term)} scheme="http://arxiv.org/schemas/atom"/>\n'
        for term in item.categories or [item.primary_class]
    )
    optional = ""
    if item.doi:
        optional += f"    <arxiv:doi>{escape(item.doi)}</arxiv:doi>\n"
        optional += f'    <link title="doi" href={quoteattr("https://doi.org/" + item.doi)} rel="related"/>\n'
    if item.journal_ref:
        optional += f"    <arxiv:journal_ref>{escape(item.journal_ref)}</arxiv:journal_ref>\n"
    if item.comment:
        optional += f"    <arxiv:comment>{escape(item.comment)}</arxiv:comment>\n"
    return f"""  <entry>
    <id>http://arxiv.org/abs/{versioned}</id>
    <title>{escape(item.title)}</title>
    <updated>{item.updated or item.published}</updated>
    <link href="https://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{versioned}" rel="related" type="application/pdf" title="pdf"/>
    <summary>{escape(item.abstract)}</summary>
{categories}    <published>{item.published}</published>
    <arxiv:primary_category term={quoteattr(item.primary_class)}/>
{optional}{authors}  </entry>
"""


def error_feed(params: dict[str, str], message: str) -> str:
    anchor = "http://arxiv.org/api/errors#" + message.replace(" ", "_")
    entry = f"""  <entry>
    <id>{escape(anchor)}</id>
    <title>Error</title>
    <summary>{escape(message)}</summary>
    <updated>{time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}</updated>
    <link href={quoteattr(anchor)} rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
"""
    return feed_xml(params, entry, 1, 0, 1)


def make_handler(server: ArxivServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: tests read the request log instead
            pass

        def do_GET(self) -> None:
            self.answer_query(urllib.parse.urlsplit(self.path).query)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
                self.send(400, "a POST query must be a form (application/x-www-form-urlencoded)", "text/plain")
                return
            self.answer_query(body)

        def answer_query(self, query: str) -> None:
            arrived = time.monotonic()
            parts = urllib.parse.urlsplit(self.path)
            params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
            request = Request(arrived, params, self.headers.get("User-Agent", ""), self.command, len(self.requestline))
            with server.lock:
                server.requests.append(request)
                fault = server.fault_for(request)
            if parts.path != "/api/query":
                self.send(404, "not found", "text/plain")
                return
            latency = server.latency(params) if callable(server.latency) else server.latency
            if latency:
                server.closing.wait(latency)
            if fault is None and server.too_soon(arrived):
                self.send(503, "Rate exceeded.", "text/plain", {"Retry-After": str(server.min_interval)})
            elif fault is None:
                status, body = server.answer(params)
                self.send(status, body)
            elif fault.kind == "status":
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                text = "Rate exceeded." if fault.status == 429 else "Service Unavailable"
                self.send(fault.status, text, "text/plain", headers)
            elif fault.kind == "hang":
                server.closing.wait(fault.seconds)
                self.close_connection = True
            elif fault.kind in ("truncate", "stall"):
                status, body = server.answer(params)
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                server.closing.wait(fault.seconds)
                self.close_connection = True
            elif fault.kind == "malformed":
                status, body = server.answer(params)
                self.send(200, body[: len(body) // 2])
            elif fault.kind == "empty":
                self.send(200, feed(params, [], 0, 0))

        def send(self, status: int, body: str, content_type: str = "application/atom+xml; charset=utf-8", headers=None):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
