"""Issue 5, round 5: suppliers, model families, titles the parser misses (own sentences, positive and negative)."""

import pytest

from extractors.relation_rules import model_family

from .conftest import facts, has_fact


@pytest.mark.parametrize(
    "text, subject, rel, obj, expected",
    [
        # One organisation becoming another's provider, supplier or partner is a commercial relationship.
        ("Amazon Web Services will become Anthropic's primary cloud provider.", "Amazon Web Services",
         "PARTNERED_WITH", "Anthropic", True),
        ("Oracle is now xAI's main compute supplier.", "Oracle", "PARTNERED_WITH", "xAI", True),
        ("Oracle, xAI's compute supplier, raised its forecast.", "Oracle", "PARTNERED_WITH", "xAI", True),
        ("Oracle praised xAI's choice of cloud provider.", "Oracle", "PARTNERED_WITH", "xAI", False),
        ("Jane Doe became Anthropic's main contact at the agency.", "Jane Doe", "PARTNERED_WITH", "Anthropic",
         False),
        # Suppliers and their customers.
        ("Scale AI has carved out a niche servicing nearly every major AI developer, including Anthropic, OpenAI, "
         "and Microsoft.", "Scale AI", "PARTNERED_WITH", "OpenAI", True),
        ("Nvidia supplies chips to OpenAI and xAI.", "Nvidia", "PARTNERED_WITH", "xAI", True),
        ("Character.AI will provide Google with a non-exclusive license.", "Character.AI", "PARTNERED_WITH",
         "Google", True),
        ("High-Flyer, a hedge fund, supplied the Nvidia GPUs that DeepSeek used.", "High-Flyer", "PARTNERED_WITH",
         "Nvidia", False),
        ("Meta built a model like GPT-4.", "Meta", "DEVELOPED", "GPT-4", False),
        # A member of a model family is made by the family's maker, unless its name says otherwise.
        ("Google unveiled Gemini on Wednesday. Gemini Nano will run on phones.", "Google", "DEVELOPED",
         "Gemini Nano", True),
        ("Meta released Llama 3.1 405B. The smaller Llama 3.1 70B was also updated.", "Meta", "DEVELOPED",
         "Llama 3.1 70B", True),
        ("OpenAI released GPT-4 in March. GPT-3.5 remains cheaper.", "OpenAI", "DEVELOPED", "GPT-3.5", False),
        ("Microsoft released Mistral Medium on Azure. Mistral AI said Mistral Large is faster.", "Microsoft",
         "DEVELOPED", "Mistral Large", False),
        # Examples introduced by "like" are the arguments of the verb.
        ("While Mistral AI has developed some models, like Mixtral 8x7B, its main product is a chat app.",
         "Mistral AI", "DEVELOPED", "Mixtral 8x7B", True),
        ("Cohere said models like Llama 3 were popular.", "Cohere", "DEVELOPED", "Llama 3", False),
        # A model powering features on a product is available through it.
        ("Gemini Nano will be powering new features on Pixel 8 Pro smartphones.", "Gemini Nano", "AVAILABLE_VIA",
         "Pixel 8 Pro", True),
        ("Gemini Nano is powering new features, Google said.", "Gemini Nano", "AVAILABLE_VIA", "Google", False),
        # A feature inside a product: both carry the model.
        ("Gemini Nano will soon be available in Smart Reply in Gboard.", "Gemini Nano", "AVAILABLE_VIA", "Gboard",
         True),
        ("Gemini Nano is available in Smart Reply in Europe, Google said.", "Gemini Nano", "AVAILABLE_VIA", "Google",
         False),
        # Titles by their surface order, whatever the parser does with the name.
        ("Bill Dally, Nvidia's chief scientist, spoke at the event.", "Bill Dally", "EMPLOYED_BY", "Nvidia", True),
        ("Nvidia's chief scientist, Bill Dally, spoke at the event.", "Bill Dally", "EMPLOYED_BY", "Nvidia", True),
        ("Bill Dally, the chief scientist of Nvidia, spoke at the event.", "Bill Dally", "EMPLOYED_BY", "Nvidia",
         True),
        ("Bill Dally, Nvidia's rival, spoke at the event.", "Bill Dally", "EMPLOYED_BY", "Nvidia", False),
        # Conjoined titles share their organisations.
        ("OpenAI co-founder and CEO Sam Altman spoke.", "OpenAI", "FOUNDED_BY", "Sam Altman", True),
        ("OpenAI co-founder and CEO Sam Altman spoke.", "Sam Altman", "LEADS", "OpenAI", True),
        ("Facebook and Meta founder and chief executive officer Mark Zuckerberg spoke.", "Facebook", "FOUNDED_BY",
         "Mark Zuckerberg", True),
        ("Facebook and Meta founder and chief executive officer Mark Zuckerberg spoke.", "Mark Zuckerberg", "LEADS",
         "Meta", True),
        ("Microsoft CEO Satya Nadella and OpenAI co-founder and CEO Sam Altman spoke.", "Sam Altman", "LEADS",
         "Microsoft", False),
        ("Microsoft CEO Satya Nadella and OpenAI co-founder and CEO Sam Altman spoke.", "OpenAI", "FOUNDED_BY",
         "Satya Nadella", False),
    ],
)
def test_round5_relations(nlp, text, subject, rel, obj, expected):
    assert has_fact(facts(nlp, text), subject, rel, obj) is expected


@pytest.mark.parametrize(
    "name, family",
    [("Gemini Nano", "Gemini"), ("Llama 3.1 70B", "Llama 3.1"), ("Llama 2-chat", "Llama 2"),
     ("Mixtral 8x7B", "Mixtral"), ("GPT-4", "GPT-4"), ("Qwen3", "Qwen3"), ("Claude 3 Opus", "Claude 3")],
)
def test_model_family(name, family):
    assert model_family(name) == family
