import pytest

from cite_export.model import Person
from cite_export.names import split_name


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Thomas Leimkühler", Person("Thomas", "Leimkühler")),
        ("Kevin C.C. Chang", Person("Kevin C.C.", "Chang")),
        ("Diederik P. Kingma", Person("Diederik P.", "Kingma")),
        ("Ludwig van Beethoven", Person("Ludwig", "van Beethoven")),
        ("Juan de la Cruz", Person("Juan", "de la Cruz")),
        ("Martin Luther King Jr.", Person("Martin Luther", "King Jr.")),
        ("Vaswani, Ashish", Person("Ashish", "Vaswani")),
        ("Plato", Person("", "Plato")),
        ("  Jack  W.   Rae ", Person("Jack W.", "Rae")),
    ],
)
def test_split_name(name, person):
    assert split_name(name) == person
