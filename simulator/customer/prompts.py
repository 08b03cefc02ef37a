"""Chat prompts for the customer model: a stable, append-only prefix, the direction last.

The transformers backend reuses its KV cache over the longest common token prefix of two
prompts, so everything up to the customer's last line must stay byte-identical from one turn
to the next: the system message (persona voice and scenario, never unrevealed hidden needs),
then the conversation as user (agent) / assistant (customer) messages. Only the final user
message changes: the trainee's new reply with the direction for this one line after it.
`stable_messages` is that unchanging part, which a backend may prefill while the trainee types.

A small model paraphrases far better than it role-plays, so the direction hands it the
authored line the director picked for this intent and mood and asks for it in the
customer's own words; the direction sits inside the last user message, not in a trailing
system message, so the model does not echo it as its own line.
"""

from __future__ import annotations

from personas.model import Persona
from personas.vocabulary import LANGUAGE_NAMES
from scenarios.matching import find_keywords
from scenarios.model import Fact, Scenario
from simulator.backends.base import ChatMessage
from simulator.customer.director.director import Decision
from simulator.records import TurnRecord

CALL_CONNECTS = "(The call connects. The customer speaks first.)"
"""The first user message: chat templates expect a user message before the assistant's."""

INTENT_GUIDE: dict[str, str] = {
    "state_problem": "explain your problem plainly",
    "add_detail": "add one detail about your situation that you have not mentioned yet",
    "reveal_need": "say what you really need",
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
    """The per-turn direction: the authored line to say in the customer's own words."""
    language = LANGUAGE_NAMES.get(scenario.language, scenario.language)
    name = scenario.customer.name.split()[0]
    parts = [
        f"({name} is {BAND_GUIDE.get(decision.band, decision.band)} and wants to "
        f"{INTENT_GUIDE.get(decision.intent, decision.intent)}."
    ]
    promised = [o.text for o in scenario.policy.must_not_promise if o.id in decision.caught]
    if promised:
        parts.append("The agent promised something you do not believe: " + "; ".join(promised))
    parts.append(
        f"Say this in your own words, as {name}, in {language}, in one or two short "
        f'sentences: "{example}")'
    )
    return " ".join(parts)


FREE_INTENT_GUIDE: dict[str, str] = {
    "answer": "answer the agent's question with the detail below",
    "not_known": "say you don't have that detail to hand (you really don't know it)",
    "on_file": "say the detail they ask for is on your account (never make up a number)",
    "add_detail": "mention the detail below, which you have not told them yet",
}
"""Intents a free-writing model needs told differently from INTENT_GUIDE."""


def free_direction(scenario: Scenario, decision: Decision, example: str, said: str) -> str:
    """The per-turn direction for a capable model that writes the line itself.

    It gets the mood, the intent, the one fact or need this line may use, the trainee's last
    words and the authored line as an example of tone only; the guard still checks the line.
    """
    language = LANGUAGE_NAMES.get(scenario.language, scenario.language)
    name = scenario.customer.name.split()[0]
    intent = FREE_INTENT_GUIDE.get(decision.intent) or INTENT_GUIDE.get(
        decision.intent, decision.intent
    )
    parts = [f"(Direction for {name}'s next line: {name} is "
             f"{BAND_GUIDE.get(decision.band, decision.band)} and wants to {intent}."]
    fact = next((f for f in scenario.facts if f.id == decision.fact), None)
    if fact is not None and decision.intent != "not_known":
        parts.append(f"The detail: {fact.text}")
        if decision.again:
            parts.append("You already told them this earlier in the call; say so, annoyed.")
    need = next((n for n in scenario.hidden_needs if n.id == decision.need), None)
    if need is not None:
        parts.append(f"What you really need: {need.description.strip()}")
    promised = [o.text for o in scenario.policy.must_not_promise if o.id in decision.caught]
    if promised:
        parts.append("The agent promised something you do not believe: " + "; ".join(promised))
    if said:
        parts.append(f'Answer what the agent just said: "{said[:300]}"')
    if not decision.thanks:
        parts.append("Do not thank the agent: they gave you nothing to thank them for.")
    parts.append(
        f"Write it yourself as {name}, the customer, in {language}: one or two short spoken "
        "sentences, first person, no quotes or labels. Use only numbers and names from your "
        "case. Never thank the agent for their patience, never offer help, never say "
        f'"you\'re welcome". An example of how {name} might put it (tone only, do not copy): '
        f'"{example}")'
    )
    return " ".join(parts)


def stable_messages(
    scenario: Scenario, persona: Persona, turns: list[TurnRecord]
) -> list[ChatMessage]:
    """The part of the next prompt that is already known: system message and conversation.

    Every later prompt starts with exactly these messages until the trainee speaks again
    (then the trainee's reply joins them), so a backend can compute them ahead of time.
    """
    return [
        ChatMessage(role="system", content=system_prompt(scenario, persona)),
        *history_messages(turns),
    ]


def build_messages(
    scenario: Scenario,
    persona: Persona,
    turns: list[TurnRecord],
    decision: Decision,
    example: str,
    free: bool = False,
) -> list[ChatMessage]:
    """The whole prompt for one customer line: the stable part, then the direction.

    `free`: a capable model writes the line itself (`free_direction`) instead of saying the
    authored line in its own words.

    The direction is appended to the last user message (the trainee's reply) when there is
    one, else added as a user message of its own, so the roles keep alternating.
    """
    messages = stable_messages(scenario, persona, turns)
    said = next((t.text for t in reversed(turns) if t.role == "trainee"), "")
    direction = (
        free_direction(scenario, decision, example, said)
        if free
        else stage_direction(scenario, decision, example)
    )
    last = messages[-1]
    if last["role"] == "user":
        messages[-1] = ChatMessage(role="user", content=f"{last['content']}\n\n{direction}")
    else:
        messages.append(ChatMessage(role="user", content=direction))
    return messages
