import click


@click.command()
def resolve() -> None:
    """Placeholder until the resolve command lands."""
