"""Local servers that speak the real arXiv and Zotero protocols, for the tests and benchmarks."""
