"""LEADS, EMPLOYED_BY and FOUNDED_BY from titles, appositions, copulas and "as" phrases."""

import pytest

from .conftest import facts, relation


@pytest.mark.parametrize(
    "text, person, rel, org, role",
    [
        ("Nvidia CEO Jensen Huang spoke at the conference.", "Jensen Huang", "LEADS", "Nvidia", "CEO"),
        ("Satya Nadella, chief executive of Microsoft, spoke on Tuesday.", "Satya Nadella", "LEADS",
         "Microsoft", "chief executive"),
        ("Anthropic's president, Daniela Amodei, said the company would grow.", "Daniela Amodei", "LEADS",
         "Anthropic", "president"),
        ("OpenAI's chief scientist Jakub Pachocki presented the results.", "Jakub Pachocki", "EMPLOYED_BY",
         "OpenAI", "chief scientist"),
    ],
)
def test_role_found(nlp, text, person, rel, org, role):
    r = relation(nlp, text, person, rel, org)
    assert r is not None, facts(nlp, text)
    assert r.qualifiers.get("role") == role


def test_ceo_gets_leads_not_employed_by(nlp):
    found = facts(nlp, "Nvidia CEO Jensen Huang spoke at the conference.")
    assert ("Jensen Huang", "LEADS", "Nvidia") in found
    assert ("Jensen Huang", "EMPLOYED_BY", "Nvidia") not in found


def test_former_role_status(nlp):
    r = relation(nlp, "Mira Murati, the former CTO of OpenAI, started a new company.", "Mira Murati",
                 "EMPLOYED_BY", "OpenAI")
    assert r is not None and r.qualifiers.get("status") == "former"


@pytest.mark.parametrize(
    "text, org, people",
    [
        ("Anthropic was founded by Dario Amodei and Daniela Amodei in 2021.", "Anthropic",
         ["Dario Amodei", "Daniela Amodei"]),
        ("Mustafa Suleyman, a co-founder of DeepMind, joined Microsoft.", "DeepMind", ["Mustafa Suleyman"]),
    ],
)
def test_founded_by(nlp, text, org, people):
    found = facts(nlp, text)
    for person in people:
        assert (org, "FOUNDED_BY", person) in found


def test_joined_gives_employed_by(nlp):
    assert ("Mustafa Suleyman", "EMPLOYED_BY", "Microsoft") in facts(
        nlp, "Mustafa Suleyman, a co-founder of DeepMind, joined Microsoft."
    )


def test_surname_resolves_to_full_name(nlp):
    text = "Sundar Pichai spoke at the event. Later, Google named Pichai as its CEO."
    assert ("Sundar Pichai", "LEADS", "Google") in facts(nlp, text)
