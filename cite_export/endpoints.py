"""Where the web services live unless told otherwise.

A module of its own, importing nothing, so that ``--help`` can show the defaults without loading
the clients (arxiv, requests, pyzotero, httpx take ~0.3 s together).
"""

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
