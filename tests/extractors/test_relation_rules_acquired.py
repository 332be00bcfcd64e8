"""ACQUIRED: verbs, passives, nominalisations, lists, amounts, status and negation."""

import pytest

from .conftest import facts, relation


@pytest.mark.parametrize(
    "text, subject, obj",
    [
        ("Oracle acquired Cerner last year.", "Oracle", "Cerner"),
        ("Activision Blizzard was acquired by Microsoft in 2023.", "Microsoft", "Activision Blizzard"),
        ("Salesforce's acquisition of Slack closed in July.", "Salesforce", "Slack"),
        ("Adobe agreed to buy Figma for $20 billion.", "Adobe", "Figma"),
    ],
)
def test_acquired_found(nlp, text, subject, obj):
    assert (subject, "ACQUIRED", obj) in facts(nlp, text)


def test_acquired_list_gives_one_fact_per_item(nlp):
    text = "Last year, Cisco acquired Splunk, Accedian and Armorblox."
    found = facts(nlp, text)
    for target in ("Splunk", "Accedian", "Armorblox"):
        assert ("Cisco", "ACQUIRED", target) in found


def test_acquired_amount_and_announced_status(nlp):
    r = relation(nlp, "Adobe agreed to buy Figma for $20 billion.", "Adobe", "ACQUIRED", "Figma")
    assert r is not None
    assert r.qualifiers.get("amount") == "$20 billion"
    assert r.qualifiers.get("status") == "announced"


def test_acquired_hedged(nlp):
    r = relation(nlp, "Oracle reportedly acquired Cerner for $28 billion.", "Oracle", "ACQUIRED", "Cerner")
    assert r is not None and r.qualifiers.get("hedged") is True


@pytest.mark.parametrize(
    "text",
    [
        "Oracle did not acquire Cerner.",
        "Oracle never acquired Cerner.",
        "Cerner joined Oracle in a licensing deal that is not an acquisition.",
    ],
)
def test_acquired_negated_or_denied(nlp, text):
    assert not any(rel == "ACQUIRED" for _, rel, _ in facts(nlp, text))
