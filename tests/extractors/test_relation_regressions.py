"""Regression sentences for every relation type, positive and negative (written for issue 5, not from eval data).

Each case is (relation, sentence, subject, object, expected): ``expected`` says whether the fact must be found.
Symmetric relations count in either order; literal objects (OPEN_WEIGHTS, LICENSED_UNDER) are compared in lowercase.
"""

from __future__ import annotations

import pytest

from .conftest import facts, has_fact

CASES = [
    ("ACQUIRED", "Cisco bought Splunk for $28 billion.", "Cisco", "Splunk", True),
    ("ACQUIRED", "Databricks bought MosaicML in 2023.", "Databricks", "MosaicML", True),
    ("ACQUIRED", "MosaicML was acquired by Databricks for $1.3 billion.", "Databricks", "MosaicML", True),
    ("ACQUIRED", "Databricks' acquisition of MosaicML closed in July.", "Databricks", "MosaicML", True),
    ("ACQUIRED", "Databricks did not acquire MosaicML.", "Databricks", "MosaicML", False),
    ("ACQUIRED", "Databricks partnered with MosaicML on training.", "Databricks", "MosaicML", False),
    ("INVESTED_IN", "Sequoia Capital invested $50 million in Harvey.", "Sequoia Capital", "Harvey", True),
    ("INVESTED_IN", "Harvey raised $50 million from Sequoia Capital.", "Sequoia Capital", "Harvey", True),
    ("INVESTED_IN", "Sequoia Capital led a funding round and took a stake in Harvey.", "Sequoia Capital", "Harvey",
     True),
    ("INVESTED_IN", "Sequoia Capital-backed Harvey hired 40 lawyers.", "Sequoia Capital", "Harvey", True),
    ("INVESTED_IN", "Sequoia Capital's investment in Harvey doubled.", "Sequoia Capital", "Harvey", True),
    ("INVESTED_IN", "Sequoia Capital did not invest in Harvey.", "Sequoia Capital", "Harvey", False),
    ("PARTNERED_WITH", "Microsoft partnered with Mistral AI on Azure.", "Microsoft", "Mistral AI", True),
    ("PARTNERED_WITH", "Apple has partnered with OpenAI to bring ChatGPT to Siri.", "Apple", "OpenAI", True),
    ("PARTNERED_WITH", "Salesforce announced a partnership with Anthropic.", "Salesforce", "Anthropic", True),
    ("PARTNERED_WITH", "Salesforce is teaming up with Anthropic to sell agents.", "Salesforce", "Anthropic", True),
    ("PARTNERED_WITH", "Salesforce and Anthropic signed a multiyear agreement.", "Salesforce", "Anthropic", True),
    ("PARTNERED_WITH", "Salesforce competes with Anthropic in agents.", "Salesforce", "Anthropic", False),
    ("SUBSIDIARY_OF", "DeepMind, a unit of Alphabet, published a paper.", "DeepMind", "Alphabet", True),
    ("SUBSIDIARY_OF", "Alphabet's AI unit DeepMind published a paper.", "DeepMind", "Alphabet", True),
    ("SUBSIDIARY_OF", "Waymo is a subsidiary of Alphabet.", "Waymo", "Alphabet", True),
    ("SUBSIDIARY_OF", "Alphabet owns Waymo.", "Waymo", "Alphabet", True),
    ("SUBSIDIARY_OF", "Google's parent company Alphabet reported earnings.", "Google", "Alphabet", True),
    ("SUBSIDIARY_OF", "Waymo competes with Alphabet rivals.", "Waymo", "Alphabet", False),
    ("FOUNDED_BY", "Perplexity was founded by Aravind Srinivas in 2022.", "Perplexity", "Aravind Srinivas", True),
    ("FOUNDED_BY", "Aravind Srinivas founded Perplexity in 2022.", "Perplexity", "Aravind Srinivas", True),
    ("FOUNDED_BY", "Aravind Srinivas, the co-founder of Perplexity, spoke on Monday.", "Perplexity",
     "Aravind Srinivas", True),
    ("FOUNDED_BY", "Jensen Huang is a co-founder of Nvidia.", "Nvidia", "Jensen Huang", True),
    ("FOUNDED_BY", "Aravind Srinivas joined Perplexity as an engineer.", "Perplexity", "Aravind Srinivas", False),
    ("LEADS", "Nvidia CEO Jensen Huang gave the keynote.", "Jensen Huang", "Nvidia", True),
    ("LEADS", "Jensen Huang, the chief executive of Nvidia, gave the keynote.", "Jensen Huang", "Nvidia", True),
    ("LEADS", "Jensen Huang runs Nvidia.", "Jensen Huang", "Nvidia", True),
    ("LEADS", "Nvidia's president, Jensen Huang, gave the keynote.", "Jensen Huang", "Nvidia", True),
    ("LEADS", "Jensen Huang was named chairman of Nvidia.", "Jensen Huang", "Nvidia", True),
    ("LEADS", "Nvidia engineer Jensen Huang gave the keynote.", "Jensen Huang", "Nvidia", False),
    ("EMPLOYED_BY", "Andrej Karpathy joined Tesla in 2017.", "Andrej Karpathy", "Tesla", True),
    ("EMPLOYED_BY", "Tesla hired Andrej Karpathy in 2017.", "Andrej Karpathy", "Tesla", True),
    ("EMPLOYED_BY", "Andrej Karpathy, a researcher at Tesla, spoke on Friday.", "Andrej Karpathy", "Tesla", True),
    ("EMPLOYED_BY", "Andrej Karpathy left Tesla in 2022.", "Andrej Karpathy", "Tesla", True),
    ("EMPLOYED_BY", "Tesla's chief scientist, Andrej Karpathy, spoke on Friday.", "Andrej Karpathy", "Tesla", True),
    ("EMPLOYED_BY", "Andrej Karpathy works at Tesla.", "Andrej Karpathy", "Tesla", True),
    ("EMPLOYED_BY", "Andrej Karpathy did not join Tesla.", "Andrej Karpathy", "Tesla", False),
    ("DEVELOPED", "Mistral AI released Codestral on Wednesday.", "Mistral AI", "Codestral", True),
    ("DEVELOPED", "Codestral was developed by Mistral AI.", "Mistral AI", "Codestral", True),
    ("DEVELOPED", "Mistral AI's Codestral writes code in 80 languages.", "Mistral AI", "Codestral", True),
    ("DEVELOPED", "Mistral AI unveiled Codestral and Pixtral Large.", "Mistral AI", "Pixtral Large", True),
    ("DEVELOPED", "Mistral AI has trained Codestral on code.", "Mistral AI", "Codestral", True),
    ("DEVELOPED", "Mistral AI did not release Codestral.", "Mistral AI", "Codestral", False),
    ("COMPETES_WITH", "Perplexity competes with Google in search.", "Perplexity", "Google", True),
    ("COMPETES_WITH", "Perplexity is taking on Google in search.", "Perplexity", "Google", True),
    ("COMPETES_WITH", "Perplexity rivals Google in search.", "Perplexity", "Google", True),
    ("COMPETES_WITH", "Perplexity, a Google rival, raised money.", "Perplexity", "Google", True),
    ("COMPETES_WITH", "Perplexity challenges Google with a new engine.", "Perplexity", "Google", True),
    ("COMPETES_WITH", "Perplexity partnered with Google on ads.", "Perplexity", "Google", False),
    ("OUTPERFORMS", "Qwen2.5-72B outperforms Llama 3.1 405B on math.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("OUTPERFORMS", "Qwen2.5-72B beats Llama 3.1 405B on coding benchmarks.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("OUTPERFORMS", "Qwen2.5-72B surpasses Llama 3.1 405B on MMLU.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("OUTPERFORMS", "Qwen2.5-72B is better than Llama 3.1 405B at math.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("OUTPERFORMS", "Qwen2.5-72B tops Llama 3.1 405B on the leaderboard.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("OUTPERFORMS", "Qwen2.5-72B does not beat Llama 3.1 405B.", "Qwen2.5-72B", "Llama 3.1 405B", False),
    ("PARITY_WITH", "Qwen2.5-72B matches Llama 3.1 405B on MMLU.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("PARITY_WITH", "Qwen2.5-72B is comparable to Llama 3.1 405B.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("PARITY_WITH", "Qwen2.5-72B claims parity with Llama 3.1 405B.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("PARITY_WITH", "Qwen2.5-72B is competitive with Llama 3.1 405B.", "Qwen2.5-72B", "Llama 3.1 405B", True),
    ("PARITY_WITH", "Qwen2.5-72B is equivalent to Llama 3.1 405B on MMLU.", "Qwen2.5-72B", "Llama 3.1 405B",
     True),
    ("PARITY_WITH", "Qwen2.5-72B outperforms Llama 3.1 405B.", "Qwen2.5-72B", "Llama 3.1 405B", False),
    ("AVAILABLE_VIA", "Claude 3.5 Sonnet is available via Amazon Bedrock.", "Claude 3.5 Sonnet", "Amazon Bedrock",
     True),
    ("AVAILABLE_VIA", "Claude 3.5 Sonnet is offered through Amazon Bedrock.", "Claude 3.5 Sonnet",
     "Amazon Bedrock", True),
    ("AVAILABLE_VIA", "Amazon integrated Claude 3.5 Sonnet into Amazon Bedrock.", "Claude 3.5 Sonnet",
     "Amazon Bedrock", True),
    ("AVAILABLE_VIA", "Claude 3.5 Sonnet powers Amazon Bedrock agents.", "Claude 3.5 Sonnet", "Amazon Bedrock",
     True),
    ("AVAILABLE_VIA", "Customers can access Claude 3.5 Sonnet, which is available on Amazon Bedrock.",
     "Claude 3.5 Sonnet", "Amazon Bedrock", True),
    ("AVAILABLE_VIA", "Claude 3.5 Sonnet is unavailable in Europe.", "Claude 3.5 Sonnet", "Amazon Bedrock", False),
    ("BASED_ON", "Vicuna-13B is based on Llama 2.", "Vicuna-13B", "Llama 2", True),
    ("BASED_ON", "Vicuna-13B was built on Llama 2.", "Vicuna-13B", "Llama 2", True),
    ("BASED_ON", "Vicuna-13B was distilled from Llama 2.", "Vicuna-13B", "Llama 2", True),
    ("BASED_ON", "Vicuna-13B is derived from Llama 2.", "Vicuna-13B", "Llama 2", True),
    ("BASED_ON", "Vicuna-13B was trained on Llama 2 outputs.", "Vicuna-13B", "Llama 2", True),
    ("BASED_ON", "Vicuna-13B is not based on Llama 2.", "Vicuna-13B", "Llama 2", False),
    ("BASED_ON", "Vicuna-13B outperforms Llama 2.", "Vicuna-13B", "Llama 2", False),
    ("OPEN_WEIGHTS", "Mistral released the weights of Mixtral 8x22B.", "Mixtral 8x22B", "true", True),
    ("OPEN_WEIGHTS", "Mixtral 8x22B is an open-weight model.", "Mixtral 8x22B", "true", True),
    ("OPEN_WEIGHTS", "The open-source Mixtral 8x22B can be downloaded today.", "Mixtral 8x22B", "true", True),
    ("OPEN_WEIGHTS", "Mixtral 8x22B is a proprietary model.", "Mixtral 8x22B", "false", True),
    ("OPEN_WEIGHTS", "Mixtral 8x22B ships without open weights.", "Mixtral 8x22B", "false", True),
    ("OPEN_WEIGHTS", "Mixtral 8x22B runs in the cloud.", "Mixtral 8x22B", "true", False),
    ("LICENSED_UNDER", "Mixtral 8x22B is released under the Apache 2.0 license.", "Mixtral 8x22B", "Apache 2.0",
     True),
    ("LICENSED_UNDER", "Mixtral 8x22B is available under an MIT license.", "Mixtral 8x22B", "MIT", True),
    ("LICENSED_UNDER", "Gemma 2 ships under the Gemma License.", "Gemma 2", "Gemma License", True),
    ("LICENSED_UNDER", "Llama 3.1 405B is distributed under the Llama 3.1 Community License.", "Llama 3.1 405B",
     "Llama 3.1 Community License", True),
    ("LICENSED_UNDER", "Mixtral 8x22B is licensed under Apache License 2.0.", "Mixtral 8x22B", "Apache 2.0", True),
    ("LICENSED_UNDER", "MIT researchers tested Mixtral 8x22B.", "Mixtral 8x22B", "MIT", False),
]


def _found(nlp, relation: str, text: str, subject: str, obj: str) -> bool:
    found = facts(nlp, text)
    if relation in ("OPEN_WEIGHTS", "LICENSED_UNDER"):
        return any(s == subject and r == relation and o.lower() == obj.lower() for s, r, o in found)
    return has_fact(found, subject, relation, obj)


@pytest.mark.issue(5)
@pytest.mark.parametrize("relation, text, subject, obj, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in
                                                                              enumerate(CASES)])
def test_relation_regression(nlp, relation, text, subject, obj, expected):
    assert _found(nlp, relation, text, subject, obj) is expected


def test_relation_regressions_cover_every_relation_type():
    from ontology.loader import load_schema

    by_type: dict[str, set[bool]] = {}
    counts: dict[str, int] = {}
    for relation, *_rest, expected in CASES:
        by_type.setdefault(relation, set()).add(expected)
        counts[relation] = counts.get(relation, 0) + 1
    for relation in load_schema().relations:
        assert counts.get(relation, 0) >= 5, relation
        assert by_type[relation] == {True, False}, relation
