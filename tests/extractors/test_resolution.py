"""Entity resolution, acronyms, junk filtering and coreference."""

import pytest

from extractors.acronyms import is_acronym_of

from .conftest import facts, run


@pytest.mark.parametrize(
    "short, long, expected",
    [
        ("MSL", "Meta Superintelligence Labs", True),
        ("FAIR", "Fundamental AI Research", True),
        ("SBG", "SoftBank Group", True),
        ("AI", "Fundamental Research", False),
        ("X", "Xerox Labs", False),
    ],
)
def test_is_acronym_of(short, long, expected):
    assert is_acronym_of(short, long) is expected


def test_acronym_becomes_alias_of_its_long_form(nlp):
    text = "The Technology Innovation Institute (TII) released Falcon 180B. TII is based in Abu Dhabi."
    ex = run(nlp, text)
    named = [e for e in ex.entities if "TII" in e.aliases]
    assert len(named) == 1 and named[0].name == "Technology Innovation Institute"
    assert not any(e.name == "TII" for e in ex.entities)


def test_surname_and_possessive_merge_into_one_person(nlp):
    ex = run(nlp, "Jensen Huang spoke on Monday. Huang's keynote was long.")
    people = [e for e in ex.entities if e.type == "Person"]
    assert len(people) == 1 and people[0].name == "Jensen Huang" and "Huang" in people[0].aliases


def test_junk_is_not_an_entity(nlp):
    ex = run(nlp, "The CEO said AI and the API would help, according to the LLM team.")
    assert not {e.name for e in ex.entities} & {"CEO", "AI", "API", "LLM"}


def test_entity_ids_are_deterministic(nlp):
    ex = run(nlp, "Zorblax Dynamics hired engineers.")
    e = next(e for e in ex.entities if e.name == "Zorblax Dynamics")
    assert e.type == "Organization" and e.id == "org:zorblax-dynamics"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Anthropic builds models. The company released Claude 3.5 Sonnet in June.",
         ("Anthropic", "DEVELOPED", "Claude 3.5 Sonnet")),
        ("Mistral 7B was released last year. The model is available through Amazon Bedrock.",
         ("Mistral 7B", "AVAILABLE_VIA", "Amazon Bedrock")),
    ],
)
def test_definite_descriptions_refer_back(nlp, text, expected):
    assert expected in facts(nlp, text)
