"""What a trainee reply *does*, by function, in en/sv/nl/pl: the generic speech acts.

`read_acts(text, customer_turns, language)` answers, for one reply: does it ask a question (open
or closed), reflect what the customer said or feels in its own words, acknowledge, apologise (and
is that apology a stock one with nothing done), explain or excuse, deflect ("send us a private
message", "call the number" after they already called), recite a stock script, take ownership
with a concrete next step or give a concrete fix / instructions, answer the customer's question,
or only greet or close; and which politeness strategies it uses (gratitude, deference, hedges,
bare imperatives, blame, sarcasm).

Phrases are data (`evaluation/cues/<language>.toml`, the groups below `# Acts`); this module
only combines them. It reads the reply and the customer's last two turns only (linear in the
length of a conversation), needs no model, and is cheap enough to run on every reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from evaluation.cues import NEVER, CueSet, load_cues
from evaluation.details import copied_coverage, is_feeling, same_word, sentences, tokens
from evaluation.policy import clauses, said_matches
from evaluation.reader.done import reports_done
from evaluation.reader.lexicon import Lexicon, load_lexicon
from scenarios.matching import normalise

ARROWS = re.compile(r"\S\s*(?:->|→|>|–|—|»)\s*\S.*\S\s*(?:->|→|>|–|—|»)\s*\S")
"""A menu path (`Settings > More settings > Reset`): instructions whatever the language."""
VALUE = re.compile(r"\d")
QUOTES = ('"', "\u201c", "\u201d")
"""Quotation marks: straight (toggles), opening and closing curly ones."""
CUT = ("-", "\u2013", "\u2014")
"""Dashes that mark speech cut off or picked up mid-phrase."""
CLAUSE_MARK = re.compile(r"[,;:–—]|-(?!\w)|(?<!\w)-")
"""Marks between the clauses of a sentence; a hyphen inside a word (`this-this`, `e-mail`)
joins, it does not part."""
CUSTOMER_RECENT = 2
"""How many of the customer's latest turns the reply is read against."""
NOT_REFLECTING = ("advice", "instruction", "deflect", "sorry", "canned_phrase", "closing",
                  "greeting", "thanks", "general_fact")
"""Sentences with these cues advise, apologise, greet or state general facts (`it can cause`,
`most people`): they do not say back what was said."""
FUNCTION_SHARE = 0.3
SUBSTANCE = ("instructions", "informs", "ownership", "next_step", "deflects", "apologises",
             "stock_script", "explains", "vague_promises", "reflects_feeling", "blame",
             "sarcasm")
"""Acts that make a reply more than a greeting or closing."""
LEAD = re.compile(r"^(?:\[[^\]]*\][\s,.]*|(?:yeah|yes|yep|okay|ok|oh|so|and|right|all right|"
                  r"alright|um|uh|mm|mm-hmm|hmm|uh-huh|well|i mean|you know(?=\s*,)|but|or|now|"
                  r"then|ja|nou|dus|"
                  r"okej|så|och|tak|więc|czyli)"
                  r"(?=[\s,.?!-]|$)[\s,.-]*)+")
LEAD_PL = re.compile(r"^(?:(?:tak|więc|czyli|i)(?=[\s,.?!-]|$)[\s,.-]*)+")
"""Backchannel and linking words, and bracketed asides (`[laughs]`), before the clause that
decides what a sentence does (Polish `i` only in Polish: `LEAD_PL`, after LEAD; English `I` is
no lead word)."""
FILLER = re.compile(r"\b(?:you know|you see|mind you|thank you|thanks you)\b")
"""Second-person words that are fillers or thanks, not about the other person."""
STATEMENT_WORDS = 4
"""A question in statement word order (`It came out of the blue?`) with at least this many
words checks what was said rather than asking something new."""
SHARED_WORDS = 2
"""A statement of 3 to LONG_SENTENCE content words taking up this many of the customer's own
content words (in other forms or as part of a new sentence) says back what they said."""
LONG_SENTENCE = 14
"""A sentence with more content words than this is information, unless it opens reflectively."""
"""A short reply with nothing else in it, whose words are at least this share greeting, closing
or thanks words and names, is a greeting or closing (`Good morning, Anna at Northwind.`)."""


@dataclass(frozen=True)
class Acts:
    """The acts one reply performs (counts, 0 when absent) and a quote for each act found."""

    questions_open: int = 0
    """Open questions (what / how / tell me more...)."""
    questions_closed: int = 0
    """Closed (yes/no) questions."""
    reflects_content: int = 0
    """Sentences that say back what the customer said, in the agent's own words."""
    reflects_feeling: int = 0
    """Sentences that name or validate the customer's feeling."""
    acknowledges: int = 0
    """Acknowledgement words (`I see`, `duidelijk`, `rozumiem`)."""
    apologises: int = 0
    """Apologies."""
    stock_apology: int = 0
    """1 when the reply apologises (or recites a stock apology) and does nothing about it."""
    explains: int = 0
    """Sentences explaining or excusing how it happened."""
    deflects: int = 0
    """Sentences sending the customer elsewhere (private message, website, another department,
    call the number when they already called)."""
    stock_script: int = 0
    """Stock service phrases not tied to this customer."""
    ownership: int = 0
    """First-person commitments (`I'll...`, `let me...`) no negation cancels."""
    next_step: int = 0
    """Concrete next steps (what will happen: check, send, refund, by when)."""
    vague_promises: int = 0
    """Commitments with nothing to hold on to (`as soon as possible`, `we are looking into
    it`, `please be patient`) in sentences that give no time, step or information."""
    instructions: int = 0
    """Concrete fix or instructions the customer can follow (`go to Settings > ...`)."""
    asks_details: int = 0
    """Sentences asking for the customer's own details (phone number, name, account number,
    contact information), by question or request."""
    informs: int = 0
    """Sentences giving information the customer can use (when, how much, what happens)."""
    answers_question: int = 0
    """1 when the customer asked something and the reply takes it up (informs, instructs,
    commits) instead of deflecting."""
    customer_asked: int = 0
    """1 when the customer's last turn asked a question or made a request."""
    greeting: int = 0
    """Greeting words."""
    closing: int = 0
    """Closing words (`have a nice day`, `anything else?`, `you're welcome`)."""
    formality_only: int = 0
    """1 when the reply is only a greeting, thanks or closing: it is graded for what it is."""
    gratitude: int = 0
    """Thanks."""
    deference: int = 0
    """Appreciation of the other (`good point`)."""
    hedges: int = 0
    """Softeners (`perhaps`, `could you`, `I think`)."""
    bare_imperatives: int = 0
    """Sentences opening with a bare command."""
    please: int = 0
    """`please` and its equivalents."""
    blame: int = 0
    """Blame put on the customer."""
    sarcasm: int = 0
    """Sarcasm or condescension."""
    words: int = 0
    """Word count of the reply."""
    quotes: dict[str, str] = field(default_factory=dict)
    """Act name -> the first sentence of the reply that shows it."""

    @property
    def questions(self) -> int:
        """All questions."""
        return self.questions_open + self.questions_closed

    @property
    def reflects(self) -> int:
        """Reflections of content or feeling."""
        return self.reflects_content + self.reflects_feeling

    @property
    def fixes(self) -> int:
        """Concrete help: a fix, instructions, information, or ownership with a next step."""
        return self.instructions + self.informs + min(self.ownership, self.next_step)

    def as_features(self) -> dict[str, float]:
        """The acts as numbers (for fitting and benches)."""
        names = [f for f in self.__dataclass_fields__ if f != "quotes"]
        return {name: float(getattr(self, name)) for name in names}


@dataclass
class _Reading:
    """Working state while reading one reply."""

    text: str
    customer_turns: list[str]
    cues: CueSet
    counts: dict[str, int] = field(default_factory=dict)
    quotes: dict[str, str] = field(default_factory=dict)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The language's reading data (reflective-listening stems, fragment words)."""
        return load_lexicon(self.cues.language)

    @cached_property
    def sentences(self) -> list[str]:
        return sentences(self.text)

    @cached_property
    def plains(self) -> list[str]:
        return [normalise(s) for s in self.sentences]

    @cached_property
    def plain(self) -> str:
        return normalise(self.text)

    @cached_property
    def recent(self) -> list[str]:
        return self.customer_turns[-CUSTOMER_RECENT:]

    @cached_property
    def last(self) -> str:
        return self.customer_turns[-1] if self.customer_turns else ""

    @cached_property
    def said_nothing(self) -> bool:
        """True when the customer's last turn is only assent or backchannel (`Yeah.`, `Mm-hmm.`):
        it gives the agent nothing new of theirs to say back."""
        rest = normalise(self.last)
        for group in BACKCHANNEL:
            rest = self.cues.groups.get(group, NEVER).sub(" ", rest)
        return bool(self.customer_turns) and not any(self.content(t) for t in tokens(rest))

    @cached_property
    def customer_words(self) -> list[str]:
        """Content words of the customer's recent turns."""
        return [t for t in tokens(" ".join(self.recent)) if self.content(t)]

    @cached_property
    def by_start(self) -> dict[str, list[str]]:
        """The customer's content words by their first four letters (words that can be forms
        of one word share them)."""
        index: dict[str, list[str]] = {}
        for word in set(self.customer_words):
            index.setdefault(word[:4], []).append(word)
        return index

    def content(self, token: str) -> bool:
        return len(token) >= 4 and not token[0].isdigit() and token not in self.cues.stopwords

    def has(self, group: str, plain: str) -> bool:
        return self.cues.has(group, plain)

    def mark(self, act: str, hits: list[int]) -> None:
        """Record an act found in the sentences at the given positions."""
        if hits:
            self.counts[act] = self.counts.get(act, 0) + len(hits)
            self.quotes.setdefault(act, clip(self.sentences[hits[0]]))

    def where(self, group: str) -> list[int]:
        return [i for i, p in enumerate(self.plains) if self.has(group, p)]

    def opening(self, group: str) -> list[int]:
        pattern = self.cues.groups.get(group, NEVER)
        return [i for i, p in enumerate(self.plains) if pattern.match(p)]


def clip(text: str, limit: int = 160) -> str:
    """A quote shortened at a word boundary."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


_LAST: list[tuple[tuple[str, tuple[str, ...], str | None], Acts]] = []
"""The last reading: the grader and the reader ask about the same reply in turn."""


def read_acts(text: str, customer_turns: list[str], language: str | None) -> Acts:
    """The acts a reply performs, read against the customer's latest turns."""
    key = (text, tuple(customer_turns[-CUSTOMER_RECENT:]), language)
    if _LAST and _LAST[0][0] == key:
        return _LAST[0][1]
    acts = _read_acts(text, customer_turns, language)
    _LAST[:] = [(key, acts)]
    return acts


def _read_acts(text: str, customer_turns: list[str], language: str | None) -> Acts:
    """`read_acts`, worked out."""
    cues = load_cues(language if language in ("en", "sv", "nl", "pl") else None)
    r = _Reading(text=text, customer_turns=list(customer_turns[-CUSTOMER_RECENT:]), cues=cues)
    r.counts["words"] = len(tokens(text))
    questions(r)
    reflections(r)
    for act, group in (("acknowledges", "acknowledge"), ("gratitude", "thanks"),
                       ("hedges", "hedge"), ("please", "please"), ("sarcasm", "sarcasm"),
                       ("greeting", "greeting"), ("closing", "closing")):
        r.mark(act, r.where(group))
    greeting = set(r.where("greeting"))
    r.mark("deference", [i for i in r.opening("praise") if i not in greeting])
    r.mark("bare_imperatives", [i for i in r.opening("imperative") if "?" not in r.sentences[i]])
    r.mark("blame", r.where("blame"))
    helping(r)
    deflections(r)
    r.mark("asks_details", [i for i, p in enumerate(r.plains) if r.has("personal_detail", p) and (
        "?" in r.sentences[i] or r.has("request", p) or r.has("please", p))])
    apologies(r)
    answered(r)
    formality(r)
    counts = r.counts
    return Acts(**{k: v for k, v in counts.items() if k in Acts.__dataclass_fields__},
                quotes=r.quotes)


def questions(r: _Reading) -> None:
    """Open and closed questions (Polish `czy...` counts without a question mark)."""
    open_, closed, checks = [], [], []
    voiced = quoted_questions(r.sentences)
    for i, (sentence, plain) in enumerate(zip(r.sentences, r.plains, strict=True)):
        if i in voiced:
            checks.append(i)  # `You're thinking, "What's the problem?"`: their question voiced
            continue
        if "?" not in sentence and not (r.cues.language == "pl" and plain.startswith("czy ")):
            if any(starts(r, "invite", lead_of(r, part.strip())) for part in plain.split(",")
                   ) or r.lexicon.embedded_question.search(plain) or (
                    r.lexicon.inverted_question.match(lead_of(r, plain))):
                open_.append(i)  # `Tell me more about that.`, `...so I wonder how you'd...`
            elif r.lexicon.closed_inverted.match(lead_of(r, plain)) and not (
                    r.lexicon.consequence.search(plain)):  # `Is het niet gevonden, dan...`
                closed.append(i)  # `And do you have the kids with you full-time or-`
            continue
        if i and ("?" not in r.sentences[i - 1] or i - 1 in checks) and (
                r.lexicon.reflection_check.fullmatch(
                lead_of(r, plain).strip(" ?!.,"))):
            checks.append(i)  # `You've been on your own with it. Is that right?`
            continue
        tail = question_part(plain)
        suggests = r.lexicon.suggestion.match(lead_of(r, tail)) or (
            r.lexicon.suggestion.match(lead_of(r, plain)) and tail == plain.strip())
        if suggests and not r.has("invite", plain):  # `Why don't you tell me...?` invites
            continue  # `Why don't you try restarting it?`: a suggestion, no question
        tag = r.cues.groups.get("tag_question", NEVER).fullmatch(tail.rstrip("?!. ").strip())
        if r.lexicon.agreement_tag.fullmatch(tail.rstrip("?!. ").strip()) and (
                len(plain.split()) > len(tail.split())):
            continue  # `I'll call you at three, okay?`: checks agreement, says nothing back
        if tag and len(plain.split()) > len(tail.split()) + 2:
            lead = lead_of(r, plain)
            if not (starts(r, "first_person", lead) or starts(r, "plural_we", lead)):
                checks.append(i)  # `You stopped last week, is that right?`: a checked reflection
            continue  # `I'll call you at three, right?`: the agent's own plan, a check-in
        lead = lead_of(r, plain)
        said = lead.strip(" ?!.,-–—")
        if not said or (len(said.split()) == 1 and r.has("tag_question", said)):
            continue  # `Yeah?`, `Right?`, `Huh?`: a backchannel, not a question
        if r.cues.groups.get("check_in", NEVER).fullmatch(said):
            continue  # `Does that sound okay?`: checks agreement, asks nothing new
        if len(tail.split()) <= 2 and not r.has("open_question", tail):
            tail = lead  # `And what else bothers you about the flat - the heating?`
        opening = first_words(lead, 1).split("'")[0].split("’")[0]  # `what's` -> `what`
        asked = lead_of(r, tail)
        if r.lexicon.rhetorical.fullmatch(asked.strip(" ?!.,")):
            continue  # `..., and who cares why?`: asked for effect, nobody is to answer
        if tail != lead and r.lexicon.inverted_question.match(asked):
            open_.append(i)  # `You mentioned the kids, how are they coping?`
            continue
        if asked != lead and r.lexicon.clause_question.match(asked):
            open_.append(i)  # `That might work for him, but what would work for you?`
            continue
        if tail != lead and r.lexicon.closed_inverted.match(asked):
            closed.append(i)  # `You mentioned the kids, have they got heating?`
            continue
        if r.lexicon.asked_last.search(tail):
            open_.append(i)  # `So you've been with them how long?`: the question word comes last
            continue
        asking = r.has("open_question", opening) or r.has("closed_start", opening)
        if r.lexicon.cleft.match(lead) or (not asking and r.lexicon.reflect_phrase.search(lead)):
            checks.append(i)  # `So what you're saying is you've had a rough night?`
        elif r.said_nothing and (starts(r, "reflect_start", lead)
                                 or starts(r, "second_person", lead)):
            closed.append(i)  # `Yeah.` - `So you've still got the old router?`: nothing to say back
        elif starts(r, "reflect_start", lead):
            checks.append(i)  # `So you're careful with it?`: a reflection with a rising tone
        elif r.has("open_question", opening) or starts(r, "invite", lead):
            open_.append(i)  # `How would you like the bill, by post, or by email?`
        elif r.has("closed_start", opening):
            closed.append(i)  # `Did the engineer come on Monday, or on Tuesday?`
        elif starts(r, "second_person", lead):
            checks.append(i)
        elif starts(r, "statement_start", lead) and len(lead.split()) >= STATEMENT_WORDS:
            checks.append(i)  # `And it wasn't what you expected?`: a statement said back
        elif r.lexicon.summing_up.match(plain) and len(lead.split()) >= STATEMENT_WORDS and not (
                r.said_nothing or r.lexicon.clause_question.search(lead)
                or r.lexicon.details.search(plain)  # `So, for the refund, your card number?`
                or starts(r, "first_person", lead) or starts(r, "plural_we", lead)):
            checks.append(i)  # `So, the kids first, and the house after?`: a summary checked
        elif r.has("closed_start", first_words(tail)) and not r.has("open_question",
                                                                   first_words(tail, 1)) and (
                not starts(r, "second_person", lead_of(r, tail))):
            closed.append(i)
        elif starts(r, "second_person", lead_of(r, tail)) and len(lead.split()) >= (
                STATEMENT_WORDS):
            checks.append(i)  # `So, based on what they said, you were expecting more?`
        elif r.has("open_question", tail):
            open_.append(i)
        else:
            closed.append(i)
    r.mark("questions_open", open_)
    r.mark("questions_closed", closed)
    r.mark("reflects_content", checks)


def quoted_questions(sentences: list[str]) -> set[int]:
    """The sentences whose every question mark sits inside quotation marks (opened in that
    sentence or an earlier one): a question voiced for someone, not one asked of them."""
    voiced: set[int] = set()
    inside = False
    for i, sentence in enumerate(sentences):
        marks = []
        for char in sentence:
            if char in QUOTES:
                inside = not inside if char == '"' else char == "\u201c"
            elif char == "?":
                marks.append(inside)
        if marks and all(marks):
            voiced.add(i)
    return voiced


def lead_of(r: _Reading, plain: str) -> str:
    """The sentence without its backchannel and linking words (`Yeah, so ...`)."""
    lead = LEAD.sub("", plain)
    return LEAD_PL.sub("", lead) if r.cues.language == "pl" else lead


def starts(r: _Reading, group: str, plain: str) -> bool:
    """True when the text opens with a cue of the group."""
    return r.cues.groups.get(group, NEVER).match(plain) is not None


def question_part(plain: str) -> str:
    """The clause of a sentence that carries the question (after a lead-in such as `ok,`)."""
    parts = [p.strip() for p in CLAUSE_MARK.split(plain) if p.strip()]
    asking = [p for p in parts if "?" in p]
    return (asking[0] if asking else parts[-1] if parts else plain).strip()


def first_words(plain: str, n: int = 2) -> str:
    """The first n words of normalised text."""
    return " ".join(plain.split()[:n])


def reflections(r: _Reading) -> None:
    """Reflections: feeling named or validated; the customer's content said back in the agent's
    own words (a reflective opening, or the customer's content words in a statement that is not
    a copy of their sentence)."""
    plains = [r.lexicon.approval.sub(" ", r.lexicon.not_feeling.sub(" ", p))  # `if you feel...`
              for p in r.plains]  # `sounds like a good idea` affirms, it says nothing back
    feeling = [i for i, p in enumerate(plains) if r.has("feeling", p)]
    r.mark("reflects_feeling", feeling)
    source = " ".join(r.recent)
    content = []
    for i, (sentence, plain) in enumerate(zip(r.sentences, plains, strict=True)):
        if "?" in sentence or i in feeling:
            continue
        if source and copied_coverage(sentence, source) >= 0.6:
            continue  # handed back, not reflected
        if echo(r, i):
            content.append(i)  # `Not yet.` after `No, not yet.`: their last words said back
            continue
        mine = [t for t in tokens(plain) if r.content(t)]  # what approval or a condition left
        shared = sum(any(same_word(w, c) for c in r.by_start.get(w[:4], ())) for w in set(mine))
        said = r.cues.groups.get("not_advice", NEVER).sub(" ", plain)
        said = r.lexicon.not_advice.sub(" ", said)
        if r.lexicon.reflect_phrase.search(plain):
            content.append(i)  # `That must have been a shock.`, `I sense some sadness when...`
            continue
        if any(r.has(g, said) for g in NOT_REFLECTING) or r.lexicon.autonomy.search(plain):
            continue  # `so that you can...`, `you can see...` advise nothing
        if r.lexicon.open_condition.match(lead_of(r, r.plains[i])) and not (
                r.lexicon.hypothetical.search(r.plains[i])):
            continue  # `If you feel dizzy, ring us.`: what to do, not what they said
        if r.lexicon.reflect_frame.search(said):
            content.append(i)  # `It's been hard for you.`
            continue
        spoken = r.cues.groups.get("you_object", NEVER).sub(" ", FILLER.sub(" ", plain))
        their_things = not r.lexicon.addressee.search(spoken) and (  # `Your balance is £42.`:
            r.has("inform", spoken) or VALUE.search(ASIDE.sub(" ", sentence)))  # a fact
        about_them = r.has("second_person", spoken) and len(mine) <= LONG_SENTENCE and not (
            r.has("first_person", spoken) or r.has("plural_we", spoken) or their_things
            or r.has("news", spoken))  # `Your refund will arrive on Friday.` informs
        summing = starts(r, "summary_start", spoken) and len(mine) >= 2 and not (
            r.has("first_person", spoken) or r.has("plural_we", spoken)
            or r.has("inform", spoken)  # `So the refund reaches you by Friday.` informs
            or r.has("open_question", first_words(lead_of(r, spoken), 1)))  # `So what happened.`
        own_words = summing or (starts(r, "reflect_start", lead_of(r, spoken).strip())
                     or r.has("reflect_phrase", spoken) or r.has("reflect_phrase", said)
                     or about_them)  # `important to you`: `to you` is gone from `spoken`
        echoed = shared >= SHARED_WORDS and 3 <= len(mine) <= LONG_SENTENCE and not (
            r.has("first_person", spoken))  # `I've never heard of X`: the agent's own view
        opening = all(len(tokens(LEAD.sub("", p))) <= 1 for p in r.plains[:i])
        if own_words or echoed or (source and opening and fragment(r, sentence, plain)):
            content.append(i)
    summary = [i for i, p in enumerate(r.plains) if r.lexicon.summary.search(p)]
    content = sorted(set(content) | set(summary))  # `Let me see if I've got this.`
    r.mark("reflects_content", content)


ASIDE = re.compile(r"\[[^\]]*\]")
"""A bracketed aside in a transcript (`[laughs]`)."""
ECHO_WORDS = 5
"""The longest repeat of the customer's closing words that is still an echo, not a copy."""
SOCIAL = ("thanks", "greeting", "closing", "sorry", "canned_phrase", "praise")
"""Cues of social ritual: repeating `Thank you.` or `Hello.` says nothing back."""


def echo(r: _Reading, i: int) -> bool:
    """A short sentence repeating, word for word, how the customer's last turn ends (`Not
    yet.` after `No, not yet.`): the simplest reflection, a repeat. Not a number, not a
    backchannel or a social ritual (`Thank you.`), not words cut from after a negation."""
    said = tokens(lead_of(r, r.plains[i]))
    if not 1 <= len(said) <= ECHO_WORDS or VALUE.search(r.sentences[i]):
        return False
    last = [t for s in sentences(ASIDE.sub(" ", r.last))[-1:] for t in tokens(normalise(s))]
    if last[-len(said):] != said or any(r.has(g, r.plains[i]) for g in SOCIAL):
        return False
    before = last[-len(said) - 1:-len(said)]
    if before and r.lexicon.negation.fullmatch(before[0]) and not (
            r.lexicon.negation.search(" ".join(said))):
        return False  # `Fixed.` after `...still not fixed.`: the negation left out
    rest = " ".join(said)
    for group in BACKCHANNEL:
        rest = r.cues.groups.get(group, NEVER).sub(" ", rest)
    return bool(tokens(rest))


def takes_no_action(plain: str, cues: CueSet) -> bool:
    """True for a sentence that does nothing for the customer whatever its words: imagining or
    hoping (`I can only imagine how you feel`, unless it also reports a fix made), the agent's
    own story (`I lost my mum and can't go to the places...`) or a stock line (`Accessibility
    is our top priority`)."""
    if cues.has("self_focus", plain) or cues.has("canned_phrase", plain):
        return True
    return cues.has("imagine", plain) and not reports_done(plain, cues)


def acting(r: _Reading, i: int) -> bool:
    """True when sentence `i` has someone do or set something in motion (`I'll`, `we`, `will`,
    `zostanie`, a fix reported done): a refund or a date named alone (`Het is vandaag
    wisseldag`, `how you're feeling right now`) is no step."""
    return r.has("acting", r.plains[i]) or reports_done(r.plains[i], r.cues)


def helping(r: _Reading) -> None:
    """Ownership, next steps, instructions, information and explanations."""
    offering_more = {i for i in r.where("closing") if "?" in r.sentences[i]}  # `anything else?`
    imagining = {i for i, p in enumerate(r.plains) if takes_no_action(p, r.cues)}
    owning = [i for i, s in enumerate(r.sentences) if i not in offering_more | imagining
              and next(said_matches(s, r.cues.groups.get("ownership", NEVER), r.cues), None)]
    r.mark("ownership", owning)
    soothing = {i for i, p in enumerate(r.plains) if r.has("calm_down", p) or vague(r, i)}
    steps = [i for i, s in enumerate(r.sentences) if i not in imagining | soothing
             and acting(r, i)
             and next(said_matches(s, r.cues.groups.get("next_step", NEVER), r.cues), None)]
    r.mark("next_step", steps)
    told = [i for i, p in enumerate(r.plains)
            if "?" not in r.sentences[i] and i not in imagining
            and (r.has("instruction", p) or ARROWS.search(r.sentences[i]))]
    told = [i for i in told if not r.has("deflect", r.plains[i])
            and not r.has("calm_down", r.plains[i])]  # `Please try not to panic.` tells nothing
    r.mark("instructions", told)
    informing = [i for i, p in enumerate(r.plains)
                 if "?" not in r.sentences[i] and i not in told and i not in imagining
                 and not r.has("excuse", p) and not r.has("reaction", p)  # `Wat een pech!`
                 and (reports_done(p, r.cues) or (  # a fix reported done informs beside a
                     r.has("inform", p)            # contact word (`buyers can contact you`)
                     and not r.has("deflect", p) and not r.has("send_elsewhere", p)
                     and not (r.has("vague", p) and not VALUE.search(r.sentences[i]))))]
    if r.where("excuse") and not (owning or steps or told) and not any(
            reports_done(p, r.cues) for p in r.plains):
        informing = []  # `Results take 5-7 days` beside an excuse, nothing done: a brush-off
    r.mark("informs", informing)
    concrete = set(told) | set(informing)
    r.mark("vague_promises", [i for i in r.where("vague") if i not in concrete and vague(r, i)])
    explaining = set(r.where("explain")) | set(r.where("excuse"))
    r.mark("explains", sorted(i for i in explaining if i not in told))


def vague(r: _Reading, i: int) -> bool:
    """True when sentence `i` promises without a time or a value to hold on to (`we'll sort it
    out soon`, `I'll pass it on`; not `... and call you back tomorrow`, `... by the 24th`)."""
    return (r.has("vague", r.plains[i]) and not VALUE.search(r.sentences[i])
            and not r.has("time_word", r.plains[i]))


def deflections(r: _Reading) -> None:
    """Sending the customer elsewhere: always for a private message or another channel; `call
    the number` only once the customer says they already called or tried. An offer of more
    help later (`contact us again if anything else comes up`) is a closing, not a deflection,
    and sending someone to a doctor or emergency line (`call 111 about the palpitations`) is
    safety advice."""
    tried = any(r.has("already_done", normalise(t)) for t in r.recent) or any(
        w.startswith(("call", "phon", "ring", "rang", "rung", "dzwon", "bel", "rin"))
        for w in tokens(" ".join(r.recent)))
    hits = [i for i, p in enumerate(r.plains)
            if r.has("deflect", p) and not owned_contact(r, i) and not r.has("closing", p)]
    if tried:
        hits += [i for i, p in enumerate(r.plains) if r.has("send_elsewhere", p) and i not in hits]
    hits = [i for i in hits if not r.has("safety", r.plains[i])]  # `call your GP today` is care
    r.mark("deflects", sorted(hits))


def owned_contact(r: _Reading, i: int) -> bool:
    """True when the sentence has the agent do the contacting (`I'll contact the depot`; `vi
    kan be mottagarens bank att kontakta personen`: the agent asks the other bank, the customer
    is sent nowhere), not a request or an order to the customer."""
    plain = r.plains[i]
    if r.has("please", plain) or starts(r, "imperative", plain):
        return False
    if next(said_matches(r.sentences[i], r.cues.groups.get("ownership", NEVER), r.cues), None):
        return True
    pattern = r.cues.groups.get("deflect", NEVER)
    return any(
        (r.has("first_person", before) or r.has("plural_we", before))
        and not r.has("second_person", before)
        for clause in clauses(r.sentences[i]) for match in pattern.finditer(clause)
        for before in (clause[: match.start()],))


def apologies(r: _Reading) -> None:
    """Apologies; a stock apology is one (or a scripted one) with no fix, step or answer."""
    sorry = r.where("sorry")
    r.mark("apologises", sorry)
    closing = set(r.where("closing")) | set(r.where("greeting"))
    scripted = [i for i in r.where("canned_phrase") if i not in sorry and i not in closing]
    r.mark("stock_script", scripted)
    helped = r.counts.get("instructions", 0) + r.counts.get("informs", 0) + min(
        r.counts.get("ownership", 0), r.counts.get("next_step", 0))
    if sorry and not helped:
        r.mark("stock_apology", sorry[:1])


def answered(r: _Reading) -> None:
    """Whether the customer asked something, and whether the reply takes it up."""
    last = r.last
    plain = normalise(last)
    asked = "?" in last or r.has("request", plain) or (
        r.cues.language == "pl" and plain.startswith("czy "))
    if not asked:
        return
    r.counts["customer_asked"] = 1
    helped = r.counts.get("instructions", 0) + r.counts.get("informs", 0) + min(
        r.counts.get("ownership", 0), r.counts.get("next_step", 0))
    if helped and r.counts.get("deflects", 0) < len(r.sentences):
        first = next((k for k in ("instructions", "informs", "next_step") if k in r.quotes), None)
        r.counts["answers_question"] = 1
        if first:
            r.quotes.setdefault("answers_question", r.quotes[first])
    elif (reply := direct_answer(r)) is not None and not r.counts.get("deflects"):
        r.counts["answers_question"] = 1  # `Do I have to pay for it?` - `No, ...`
        r.quotes.setdefault("answers_question", clip(r.sentences[reply]))


def direct_answer(r: _Reading) -> int | None:
    """The sentence that answers a yes/no question of the customer's with yes or no (after
    any greeting), or None."""
    questions = [normalise(s) for s in sentences(r.last) if "?" in s]
    if not questions or not r.has("closed_start", first_words(lead_of(r, questions[-1]), 1)):
        return None
    greeting = set(r.where("greeting"))
    first = next((i for i in range(len(r.plains)) if i not in greeting), None)
    if first is None or "?" in r.sentences[first]:
        return None
    return first if starts(r, "answer_start", r.plains[first]) else None


def formality(r: _Reading) -> None:
    """A reply that is only a greeting, thanks or closing (nothing else to grade it on)."""
    total = r.counts["words"]
    if not total or total > 25:
        return
    cue_words = sum(
        len(tokens(hit)) for g in ("greeting", "closing", "thanks", "acknowledge")
        for hit in r.cues.find(g, r.plain)
    )
    names = len(re.findall(r"\b[A-ZÅÄÖĄĆĘŁŃÓŚŹŻ][\w-]+", r.text)[1:])
    greeting = set(r.where("greeting")) | set(r.where("closing"))
    asking = [i for i, s in enumerate(r.sentences) if "?" in s and i not in greeting]
    substantive = len(asking) + sum(r.counts.get(act, 0) for act in SUBSTANCE)
    if (r.counts.get("greeting") or r.counts.get("closing")) and not substantive and (
            cue_words + names) / total >= FUNCTION_SHARE:
        r.counts["formality_only"] = 1



FRAGMENT_SKIP = ("praise", "thanks", "greeting", "closing", "inform", "instruction",
                 "next_step", "personal_detail", "first_person", "plural_we")
"""A short phrase with one of these cues praises, greets, informs or speaks for the agent."""
BACKCHANNEL = ("acknowledge", "answer_start", "tag_question", "check_in")
"""Cues that carry no content of the other person's (`I see`, `yes`, `right`)."""


def fragment(r: _Reading, sentence: str, plain: str) -> bool:
    """A verbless phrase that names what the person said or feels (`A fresh start, then.`,
    `Very tiring.`): a reflection that continues their sentence. Not a cut-off phrase (`-`),
    not one with a number, an assent, praise, greeting or information, and it must keep a
    content word once backchannel words are gone. A bare command or a list of details to give
    (a slot: date, number, address) is a curt request, not a reflection."""
    lexicon = r.lexicon
    words = tokens(sentence)
    if not 2 <= len(words) <= lexicon.fragment_words:
        return False
    if sentence.strip().startswith(CUT) or sentence.strip().endswith(CUT) or (
            "[" in sentence or VALUE.search(sentence)):
        return False
    if any(w in lexicon.finite or w.endswith(lexicon.finite_endings) for w in words):
        return False  # a clause, not a fragment
    if lexicon.evaluative.search(plain) or any(r.has(g, plain) for g in FRAGMENT_SKIP):
        return False
    if r.has("open_question", first_words(lead_of(r, plain), 1)):
        return False  # `So what happened next.`: a question without its mark
    if starts(r, "imperative", lead_of(r, plain)) or lexicon.details.search(plain) or any(
            slot.search(plain) for slot in r.cues.slots.values()):
        return False  # `Wait for it.`, `Name and date of birth.`: a curt order or request
    rest = plain
    for group in BACKCHANNEL:
        rest = r.cues.groups.get(group, NEVER).sub(" ", rest)
    named = [t for t in tokens(rest) if r.content(t)]
    # one bare noun (`Okay, the router.`) names the topic; a reflection says something of it
    return len(named) >= 2 or any(is_feeling(t, r.cues) for t in named) or (
        len(named) == 1 and bool(lexicon.intensifier.search(rest)))  # `Very dull.`
