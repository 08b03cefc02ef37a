"""Lint rules for what the reader needs from a scenario (run by `lagom lint`).

Once a scenario gives example sentences for its policy (any `examples` at all), every
`may_offer` / `must_not_promise` item needs at least two, and each example must be heard by the
reader as that item (so the examples and the reader agree). An older scenario with no examples
still loads and plays: the reader then hears its offers and promises by keywords only.
`asked_by` words are lower-case.
"""

from __future__ import annotations

from collections.abc import Iterator

from scenarios.model import Scenario

MIN_EXAMPLES = 2
"""Example sentences needed per offer and forbidden promise."""


def example_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Yield (field, message) for missing or unrecognised examples and upper-case `asked_by`."""
    from evaluation.reader import read_scenario  # the reader imports scenarios: import late

    groups = (("may_offer", scenario.policy.may_offer, "offers"),
              ("must_not_promise", scenario.policy.must_not_promise, "promises"))
    uses_examples = any(item.examples for _, items, _ in groups for item in items)
    for name, items, heard_as in groups:
        for i, item in enumerate(items):
            examples = [e for e in item.examples if e.strip()]
            if uses_examples and len(examples) < MIN_EXAMPLES:
                yield (f"policy.{name}.{i}.examples",
                       f"'{item.id}' needs at least {MIN_EXAMPLES} example sentences "
                       f"(has {len(examples)}): whole sentences an agent would say")
            for j, example in enumerate(item.examples):
                if not example.strip():
                    yield f"policy.{name}.{i}.examples.{j}", "example is blank"
                    continue
                heard = getattr(read_scenario(example, scenario), heard_as)
                if item.id not in heard:
                    yield (f"policy.{name}.{i}.examples.{j}",
                           f"the reader does not hear this example as '{item.id}' "
                           "(reword it, or add a keyword)")
    for i, fact in enumerate(scenario.facts):
        for j, words in enumerate(fact.asked_by):
            if words != words.lower():
                yield f"facts.{i}.asked_by.{j}", f"'{words}' must be lower-case"
