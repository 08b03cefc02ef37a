"""Chat prompts for the customer model: a stable, append-only prefix, stage direction last.

The transformers backend reuses its KV cache over the longest common token prefix of two
prompts, so everything before the stage direction must stay byte-identical from one turn to
the next: the system message (persona voice and scenario, never unrevealed hidden needs),
then the conversation as user (agent) / assistant (customer) messages. Only the final
message, the stage direction for this one line, changes.
"""

from __future__ import annotations

from personas.model import Persona
from personas.vocabulary import LANGUAGE_NAMES
from scenarios.matching import find_keywords
from scenarios.model import Fact, Scenario
from simulator.backends.base import ChatMessage
from simulator.director.director import Decision
from simulator.records import TurnRecord

CALL_CONNECTS = "(The call connects. The customer speaks first.)"
"""The first user message: chat templates expect a user message before the assistant's."""

INTENT_GUIDE: dict[str, str] = {
    "state_problem": "explain your problem plainly",
    "add_detail": "add one detail about your situation that you have not mentioned yet",
    "reveal_need": "open up about what you really need (below)",
    "push_back": "push back: what the agent just said does not solve your problem",
    "repeat_complaint": "repeat your complaint; you feel the agent is not listening",
    "calm_down": "calm down a little; you feel heard, but it is not solved yet",
    "accept": "accept what the agent offered and say it works for you",
    "reject_overpromise": "say you do not believe the agent's promise; you have heard that before",
    "ask_manager": "ask to speak to a manager or someone more senior",
    "end": "end the call",
}
"""What each intent asks of the line, in words a small model follows."""

BAND_GUIDE: dict[str, str] = {
    "low": "fairly calm now",
    "mid": "upset",
    "high": "very upset, at the end of your rope",
}
"""How the customer feels in each band."""


def open_facts(scenario: Scenario) -> list[Fact]:
    """The facts the customer may mention from the start: none that give a hidden need away."""
    reveal = [k for need in scenario.hidden_needs for k in need.reveal_keywords]
    return [
        fact
        for fact in scenario.facts
        if not find_keywords(" ".join([fact.text, *fact.keywords]), reveal)
    ]


def system_prompt(scenario: Scenario, persona: Persona) -> str:
    """The fixed first message: who the customer is and what they know and want."""
    customer = scenario.customer
    language = LANGUAGE_NAMES.get(scenario.language, scenario.language)
    lines = [
        persona.style.voice.strip(),
        "",
        f"You are {customer.name}, {customer.age}, on the phone with a customer service agent.",
        customer.situation.strip(),
        "What you have already told them or know:",
        *(f"- {said}" for said in scenario.customer_said),
        "Details of your case:",
        *(f"- {fact.text}" for fact in open_facts(scenario)),
        f"What you want: {scenario.wants}",
    ]
    if persona.style.traits:
        lines.append("How you come across: " + ", ".join(persona.style.traits) + ".")
    lines.append(
        f"Always answer as {customer.name}, the customer, in {language}: one short spoken line, "
        "no name or role label, no quotes, no stage directions. Never act as the agent."
    )
    return "\n".join(lines)


def history_messages(turns: list[TurnRecord]) -> list[ChatMessage]:
    """The conversation so far: the agent as user, the customer as assistant.

    Consecutive turns by the same speaker (a reply re-sent after a cancel) are merged, so
    the roles still alternate.
    """
    messages: list[ChatMessage] = [ChatMessage(role="user", content=CALL_CONNECTS)]
    for turn in turns:
        role = "assistant" if turn.role == "customer" else "user"
        if messages[-1]["role"] == role:
            merged = f"{messages[-1]['content']}\n{turn.text}"
            messages[-1] = ChatMessage(role=role, content=merged)
        else:
            messages.append(ChatMessage(role=role, content=turn.text))
    return messages


def stage_direction(scenario: Scenario, decision: Decision, example: str) -> str:
    """The per-turn instruction: intent, mood, length, language, what to reveal, an example."""
    language = LANGUAGE_NAMES.get(scenario.language, scenario.language)
    guide = INTENT_GUIDE.get(decision.intent, decision.intent)
    parts = [
        f"(Direction for your next line only: {guide}.",
        f"You are {BAND_GUIDE.get(decision.band, decision.band)}.",
        f"At most {decision.max_words} words, in {language}.",
    ]
    need = next((n for n in scenario.hidden_needs if n.id == decision.need), None)
    if need is not None:
        parts.append(f"Reveal now: {need.description}")
    promised = [o.text for o in scenario.policy.must_not_promise if o.id in decision.caught]
    if promised:
        parts.append("The agent promised something you do not believe: " + "; ".join(promised))
    parts.append(f'A line like this fits: "{example}"')
    parts.append(f"Write only what {scenario.customer.name.split()[0]} says.)")
    return " ".join(parts)


def build_messages(
    scenario: Scenario,
    persona: Persona,
    turns: list[TurnRecord],
    decision: Decision,
    example: str,
) -> list[ChatMessage]:
    """The whole prompt for one customer line: stable prefix, then the stage direction."""
    return [
        ChatMessage(role="system", content=system_prompt(scenario, persona)),
        *history_messages(turns),
        ChatMessage(role="system", content=stage_direction(scenario, decision, example)),
    ]
