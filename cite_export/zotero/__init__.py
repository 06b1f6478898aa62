"""Sync records into a Zotero library through the Web API (pyzotero), idempotently and without clobbering edits."""
