"""Everything a detector may look at for one reply: the reply, what came before, the scenario."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from evaluation.cues import CueSet
from evaluation.details import Detail, customer_details, sentences, tokens
from evaluation.reader.acts import Acts, read_acts
from evaluation.reader.done import reports_done
from scenarios.matching import normalise
from scenarios.model import Scenario

SHOUT = re.compile(r"\b[A-ZÅÄÖĄĆĘŁŃÓŚŹŻ]{4,}\b")
BANGS = re.compile(r"[!?]{2,}")


WARM_GROUPS = ("acknowledge", "feeling", "sorry")
"""Cue groups of a reply that answers how the customer feels (and whose words a stuffer
repeats)."""
HEARD_GROUPS = (*WARM_GROUPS, "reaction", "exonerate", "owns_fault", "relief")
"""Warm groups plus a reaction (`oh no`), clearing the customer (`No, you did nothing wrong`
to `Did I do something wrong? I'm scared`), owning the fault or granting the grievance
(`Twelve days is far too long, and that's my fault`) or lifting the burden (`You don't need
to do anything else`): a reply with one of these took up what was said."""


@dataclass(frozen=True)
class Finding:
    """A criterion of the rubric met (or broken) by a reply, with the words that show it."""

    criterion: str
    """Id of the rubric criterion (`reflected_detail`, `blame`...)."""
    count: int = 1
    """How many times it occurred."""
    quote: str = ""
    """The trainee's or customer's words that show it; empty when it is about something missing."""


@dataclass
class ReplyContext:
    """One trainee reply in its conversation, with derived views computed once."""

    text: str
    """The reply, verbatim."""
    customer_turns: list[str]
    """Everything the customer said before this reply, in order."""
    earlier_replies: list[str]
    """The trainee's earlier replies, in order."""
    cues: CueSet
    """The cue set of the reply's language (empty when unsupported)."""
    scenario: Scenario | None = None
    """The scenario, when known."""
    found: dict[str, Finding] = field(default_factory=dict)
    """Findings so far, by criterion (later detectors may read earlier ones)."""

    @cached_property
    def plain(self) -> str:
        """The reply normalised for cue matching."""
        return normalise(self.text)

    @cached_property
    def words(self) -> list[str]:
        """The reply's word tokens."""
        return tokens(self.text)

    @cached_property
    def sentences(self) -> list[str]:
        """The reply's sentences."""
        return sentences(self.text)

    @cached_property
    def last_customer(self) -> str:
        """The customer's most recent line ('' when the reply opens the conversation)."""
        return self.customer_turns[-1] if self.customer_turns else ""

    @cached_property
    def customer_plain(self) -> str:
        """Everything the customer said, normalised."""
        return normalise(" ".join(self.customer_turns))

    @cached_property
    def details(self) -> list[Detail]:
        """The customer's details a reply could reflect."""
        return customer_details(" ".join(self.customer_turns), self.cues)

    @cached_property
    def said_before(self) -> frozenset[str]:
        """The trainee's earlier sentences, normalised (to spot a line said again)."""
        return frozenset(normalise(s) for reply in self.earlier_replies for s in sentences(reply))

    @cached_property
    def unanswered(self) -> list[str]:
        """The customer's recent lines whose feeling is still unanswered: the last two, or only
        the last once the trainee's previous reply named or acknowledged how they felt (a
        grieving customer giving a meter reading needs no second condolence)."""
        if self.earlier_replies and len(self.customer_turns) >= 2:
            before = normalise(self.earlier_replies[-1])
            if any(self.cues.has(g, before) for g in WARM_GROUPS):
                return self.customer_turns[-1:]
        return self.customer_turns[-2:]

    @cached_property
    def feeling(self) -> str | None:
        """The kind of feeling the customer voiced most recently and still unanswered, if any.
        Once a reply has answered their feelings, an event named again without a feeling word
        (`Is the death certificate enough?`) voices nothing new."""
        answered = any(self.cues.has(g, normalise(reply))
                       for reply in self.earlier_replies for g in WARM_GROUPS)
        for turn in reversed(self.unanswered):
            plain = normalise(turn)
            for kind, feeling in self.cues.feelings.items():
                if feeling.mirror.search(plain) or (
                        not answered and feeling.cues.search(plain)):
                    return kind
        return None

    @cached_property
    def acts(self) -> Acts:
        """What the reply does, by function (read once, shared by the detectors)."""
        return read_acts(self.text, self.customer_turns, self.cues.language)

    @cached_property
    def customer_upset(self) -> bool:
        """True when the customer's recent lines carry emotion (feeling words, shouting, !!),
        unless their newest line turns apologies down and asks for action instead."""
        if self.customer_turns and self.cues.has("sorry_rejected",
                                                  normalise(self.customer_turns[-1])):
            return False  # `Sorry doesn't help me, I need my money`: they asked for action
        recent = " ".join(self.unanswered)
        return bool(self.feeling or SHOUT.search(recent) or BANGS.search(recent))

    @cached_property
    def fixed_now(self) -> bool:
        """True when the reply reports a fix the agent has already made (`I've reactivated it
        now`): solving what upset them takes the upset up too (seed 003, the problem solved)."""
        return any(reports_done(normalise(s), self.cues) for s in self.sentences)

    @cached_property
    def calm(self) -> bool:
        """True when the customer's recent lines carry no feeling and no upset and their
        latest is a short thanks or assent with nothing to take up (`OK, thank you.`,
        `Dobrze. Dziękuję.`; not `I've already given you everything!`)."""
        last = normalise(self.last_customer)
        return (not self.customer_upset and self.feeling is None and "?" not in last
                and "!" not in last and len(last.split()) <= 8
                and any(self.cues.has(g, last) for g in ("thanks", "assent")))

    def quote(self, group: str) -> str:
        """The first reply sentence containing a cue of the group ('' when none)."""
        for sentence in self.sentences:
            if self.cues.has(group, normalise(sentence)):
                return clip(sentence)
        return ""

    def add(self, criterion: str, count: int = 1, quote: str = "") -> None:
        """Record a finding (count 0 records nothing)."""
        if count > 0:
            self.found[criterion] = Finding(criterion, count, quote)

    def has(self, *criteria: str) -> bool:
        """True when any of the criteria was found."""
        return any(c in self.found for c in criteria)


def clip(text: str, limit: int = 160) -> str:
    """Shorten a quote to a readable length at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
