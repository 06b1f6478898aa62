"""Every test runs as a fresh user on a machine with no network.

The endpoints point at a closed loopback port, so a test that forgets `--offline` or a local
server fails fast instead of reaching (or resolving) arxiv.org or api.zotero.org; the cache and
config folders are the test's own, so no test reads or writes the developer's.
"""

import pytest

CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def isolated_user(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("CITE_EXPORT_ARXIV_API", f"{CLOSED_PORT}/api/query")
    monkeypatch.setenv("CITE_EXPORT_ZOTERO_API", CLOSED_PORT)
    for name in ("CITE_EXPORT_S2_API", "CITE_EXPORT_DBLP_API", "CITE_EXPORT_CROSSREF_API"):
        monkeypatch.setenv(name, CLOSED_PORT)
    for name in (
        "CITE_EXPORT_CACHE_DIR",
        "CITE_EXPORT_ARXIV_DELAY",
        "CITE_EXPORT_SERVICE_TIMEOUT",
        "ZOTERO_API_KEY",
        "S2_API_KEY",
        "CITE_EXPORT_MAILTO",
    ):
        monkeypatch.delenv(name, raising=False)
    return home
