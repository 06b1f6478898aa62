import pytest
from hypothesis import given
from hypothesis import strategies as st

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
        ("Ashish\u00a0Vaswani", Person("Ashish", "Vaswani")),
        ("Ashish Vaswani ", Person("Ashish", "Vaswani")),
        ("Vaswani, A", Person("A", "Vaswani")),
        ("Jr. Smith", Person("Jr.", "Smith")),
        ("van Gogh", Person("van", "Gogh")),
    ],
)
def test_split_name(name, person):
    assert split_name(name) == person


@pytest.mark.parametrize(
    ("given", "family", "full"),
    [
        ("Ashish", "Vaswani", "Ashish Vaswani"),
        ("Martin Luther", "King Jr.", "Martin Luther King Jr."),
        ("", "Kimi Team", "Kimi Team"),
        ("Plato", "", "Plato"),
        ("", "", ""),
    ],
)
def test_person_gives_back_its_parts(given, family, full):
    person = Person(given, family)
    assert (person.given, person.family, person.full) == (given, family, full)
    assert person == Person(given, family) and hash(person) == hash(Person(given, family))
    assert repr(person) == f"Person(given={given!r}, family={family!r})"


def test_persons_differ_where_their_family_names_start():
    assert Person("Ludwig van", "Beethoven") != Person("Ludwig", "van Beethoven")
    assert Person("", "Plato") != Person("Plato", "")


def test_split_name_keeps_the_name_it_was_given():
    name = "Ludwig van Beethoven"
    person = split_name(name)
    assert (person.given, person.family) == ("Ludwig", "van Beethoven")
    assert person.full is name  # one string for the note's name and its record's author


WORDS = st.text(st.characters(blacklist_categories=["Zs", "Zl", "Zp", "Cc"], blacklist_characters=","), min_size=1)


@given(WORDS, WORDS, st.sampled_from([" ", "  ", "\t", "\u3000"]))
def test_two_words_are_given_then_family_however_spaced(first, last, space):
    person = split_name(f"{first}{space}{last}")
    assert (person.given, person.family, person.full) == (first, last, f"{first} {last}")
