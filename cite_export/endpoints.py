"""Where the web services live unless told otherwise.

A module of its own, importing nothing, so that ``--help`` can show the defaults without loading
the clients (arxiv and requests take ~0.2 s). Zotero's lives in zotero/settings.py, as light.
"""

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_S2_API = "https://api.semanticscholar.org/graph/v1"
DEFAULT_DBLP_API = "https://dblp.org/search/publ/api"
DEFAULT_CROSSREF_API = "https://api.crossref.org"
