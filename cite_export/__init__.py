"""cite-export: paper-reading notes to BibTeX, BibLaTeX, CSL-JSON and Zotero."""

__version__ = "0.1.0"
