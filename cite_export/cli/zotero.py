import click


@click.group()
def zotero() -> None:
    """Placeholder until the zotero commands land."""
