import click


@click.command()
def bib() -> None:
    """Placeholder until the bib command lands."""
