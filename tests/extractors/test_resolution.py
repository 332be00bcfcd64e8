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


def test_tier_on_its_own_joins_its_model(nlp):
    text = "Gemini comes in three sizes: Ultra, Pro and Nano. Gemini Nano runs on phones, and Nano is fast."
    ex = run(nlp, text)
    nano = [e for e in ex.entities if e.name == "Gemini Nano" or "Nano" in (e.name, *e.aliases)]
    assert len(nano) == 1 and nano[0].type == "AIModel" and "Nano" in nano[0].aliases


def test_a_shared_last_word_is_not_merged(nlp):
    # Two models end in "Pro": "Pro" alone belongs to neither.
    ex = run(nlp, "Gemini Pro and Nova Pro were compared. Pro users pay more.")
    assert not any("Pro" in e.aliases for e in ex.entities)


@pytest.mark.parametrize(
    "text, org, not_entity",
    [
        ("Jason Droege, formerly Scale’s Chief Strategy Officer, will serve as CEO.", "Scale",
         "Scale’s Chief Strategy Officer"),
        ("The board of Zeta Labs Chief Executive was not consulted.", "Zeta Labs", "Zeta Labs Chief Executive"),
    ],
)
def test_title_glued_to_an_organisation_is_cut(nlp, text, org, not_entity):
    names = {e.name for e in run(nlp, text).entities} | {a for e in run(nlp, text).entities for a in e.aliases}
    assert not_entity not in names
    assert org in names or any(n.startswith(org) for n in names)
