"""Which offers, promises, needs and facts a trainee reply makes or asks for, by meaning.

Each `may_offer` / `must_not_promise` item is known by its phrasings: its keywords (all of a
keyword's content words in one clause) and its `examples` (whole sentences; a clause that
shares enough of an example's weighted content words says the same thing). Words are compared
as keys (stems cut short, synonyms shared: see `lexicon.py`), so inflection, Dutch separable
verbs and paraphrase with the usual synonyms are heard. A word shared by many items of the
scenario weighs little; a word only one item uses weighs most.

A negation in the clause that is not part of the phrasing cancels it (`I can't promise it
today` promises nothing; `It won't happen again` is a promise, because the phrasing carries
its own `won't`). A forbidden promise is also not made when its sentence is conditional,
hedged (`might`, `hopefully`) or reported (`you were told...`).

Everything is computed once per scenario (an inverted index from key to phrasings) and is
linear in the reply: each clause looks up its own keys only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from evaluation.reader.lexicon import Lexicon, split_clauses, split_sentences
from scenarios.matching import normalise
from scenarios.model import Fact, Offer, Scenario

EXAMPLE_SHARE = 0.7
"""A clause says what an example says when it shares this share of the example's weight."""
RIVAL_SHARE = 0.8
"""In one clause, an item heard through its examples must score this share of the best item's
score (a keyword is always heard)."""
MIN_SHARED = 2
"""...and at least this many of its content keys (fewer only when the example has fewer)."""
FACT_SHARE = 0.6
"""A question asks for every fact scoring at least this share of the best fact's score."""
DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Phrasing:
    """One way of saying an item: a keyword (all keys needed) or an example (a share needed)."""

    item: int
    """Index of the item it belongs to."""
    keys: frozenset[str]
    """Its content keys."""
    sequence: tuple[str, ...]
    """A keyword's keys in order: they must stand together in the clause."""
    exact: bool
    """True for a keyword: every key must be in the clause."""
    negations: int
    """Negation cues inside the phrasing itself (`won't happen again`: 1)."""
    weight: float = 0.0
    """The summed weight of its keys (set once weights are known)."""


@dataclass
class ItemIndex:
    """Phrasings of a list of items, with an inverted index key → phrasings."""

    ids: list[str]
    synonyms: bool = True
    """True: phrasings and clauses are compared with synonyms; False: by their own words."""
    phrasings: list[Phrasing] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    weights: dict[str, float] = field(default_factory=dict)

    def add(self, item: int, text: str, exact: bool, lexicon: Lexicon) -> None:
        """Add one phrasing of item `item`: a keyword by all its own words (stemmed, small
        words included, so `no certificate needed` keeps its `no`), an example by its content
        words and their synonyms."""
        raw = lexicon.keys(text)
        if exact:
            raw = lexicon.word_keys(text)
            keys = frozenset(raw)
        elif self.synonyms:
            keys = frozenset(lexicon.content(raw))
        else:
            keys = frozenset(k for k in raw if k not in lexicon.stopwords)
        if keys:
            negations = len(lexicon.negation.findall(normalise(text)))
            sequence = tuple(raw) if exact else ()
            self.phrasings.append(Phrasing(item, keys, sequence, exact, negations))

    def finish(self) -> None:
        """Weigh keys by how few items use them, and build the inverted index."""
        items_with: dict[str, set[int]] = defaultdict(set)
        for p in self.phrasings:
            for k in p.keys:
                items_with[k].add(p.item)
        self.weights = {k: 1.0 / len(items) for k, items in items_with.items()}
        done = []
        for i, p in enumerate(self.phrasings):
            done.append(Phrasing(p.item, p.keys, p.sequence, p.exact, p.negations,
                                 sum(self.weights[k] for k in p.keys)))
            for k in p.keys:
                self.postings[k].append(i)
        self.phrasings = done

    def match(self, keys: Iterable[str], sequence: Sequence[str] = ()) -> dict[int, list[Phrasing]]:
        """The items a clause says, each with the phrasings that say it: `keys` are the
        clause's keys (with synonyms), `sequence` its keys in order (for keywords)."""
        hits = self.weights.keys() & keys
        if not hits:
            return {}
        shared_weight: dict[int, float] = {}
        shared_count: dict[int, int] = {}
        for k in hits:
            w = self.weights[k]
            for i in self.postings[k]:
                shared_weight[i] = shared_weight.get(i, 0.0) + w
                shared_count[i] = shared_count.get(i, 0) + 1
        exact: dict[int, list[Phrasing]] = defaultdict(list)
        scored: list[tuple[float, Phrasing]] = []
        for i, count in shared_count.items():
            p = self.phrasings[i]
            if p.exact:
                if count == len(p.keys) and together(p.sequence, sequence):
                    exact[p.item].append(p)
                continue
            if count < min(MIN_SHARED, len(p.keys)) or not p.weight:
                continue
            score = shared_weight[i] / p.weight
            if score >= EXAMPLE_SHARE:
                scored.append((score, p))
        best: dict[int, float] = {}
        for score, p in scored:
            best[p.item] = max(best.get(p.item, 0.0), score)
        top = max(best.values(), default=0.0)
        found = exact
        for _, p in scored:
            if best[p.item] >= RIVAL_SHARE * top:
                found[p.item].append(p)
        return dict(found)


def together(phrase: tuple[str, ...], keys: Sequence[str]) -> bool:
    """True when the phrase's keys stand in a row in `keys` (a one-key phrase always does:
    it may be a joined separable verb)."""
    n = len(phrase)
    if n <= 1:
        return True
    first = phrase[0]
    return any(keys[i] == first and tuple(keys[i : i + n]) == phrase
               for i in range(len(keys) - n + 1))


@dataclass
class ScenarioIndex:
    """Everything the reader needs from one scenario in one language, compiled once."""

    offers: ItemIndex
    promises: ItemIndex
    reveal: ItemIndex
    met: ItemIndex
    facts: ItemIndex
    fact_ids: list[str]
    fact_values: list[list[str]]
    """Per fact: its value keywords (numbers, names), which a question states, not asks."""


def build_index(scenario: Scenario, lexicon: Lexicon) -> ScenarioIndex:
    """Compile a scenario's offers, promises, needs and facts for the reader."""
    policy = scenario.policy
    offers = _items(policy.may_offer, lexicon)
    promises = _items(policy.must_not_promise, lexicon, core=True)
    # hidden needs' and facts' words name exact things: compared by their own words
    reveal = ItemIndex([n.id for n in scenario.hidden_needs], synonyms=False)
    met = ItemIndex([n.id for n in scenario.hidden_needs], synonyms=False)
    for i, need in enumerate(scenario.hidden_needs):
        for word in need.reveal_keywords:
            reveal.add(i, word, True, lexicon)
        for word in need.met_by:
            met.add(i, word, True, lexicon)
    facts = ItemIndex([f.id for f in scenario.facts], synonyms=False)
    for i, fact in enumerate(scenario.facts):
        for words in fact.asked_by:
            facts.add(i, words, True, lexicon)
    for index in (reveal, met, facts):
        index.finish()
    return ScenarioIndex(offers, promises, reveal, met, facts, facts.ids,
                         [_values(f) for f in scenario.facts])


def _items(items: Sequence[Offer], lexicon: Lexicon, core: bool = False) -> ItemIndex:
    """Index items by keywords and examples. `core`: an example's clauses that share none of
    the item's own keys are not heard on their own (for forbidden promises, where a clause
    such as `so you don't need to wait` or `daar hoeft u zich geen zorgen over te maken`
    would otherwise count as the promise wherever it is said)."""
    index = ItemIndex([o.id for o in items])
    for i, item in enumerate(items):
        for word in item.keywords:
            index.add(i, word, True, lexicon)
        own = core_keys(item, lexicon) if core else None
        for example in item.examples or [item.text]:
            for part in example_parts(example, lexicon, own):
                index.add(i, part, False, lexicon)
    index.finish()
    return index


def core_keys(item: Offer, lexicon: Lexicon) -> frozenset[str]:
    """The content keys (with synonyms) of an item's description and keywords: what any
    wording of the item talks about."""
    words = [item.text, *item.keywords]
    return frozenset(k for w in words for k in lexicon.content(lexicon.keys(w)))


def example_parts(example: str, lexicon: Lexicon, core: frozenset[str] | None = None
                  ) -> list[str]:
    """The clauses of an example that carry meaning on their own (two content keys or more),
    so a negation in one clause (`..., so you don't need to wait`) stays in that clause;
    the whole example when no clause does. With `core` (the item's own keys), a clause that
    shares none of them is only the example's setting, not the item (`...because it has
    dragged on`): it is not heard on its own."""
    parts = [c for s in split_sentences(example) for c in split_clauses(s, lexicon)]
    own = [c for c in parts if len(set(lexicon.content(lexicon.keys(c)))) >= MIN_SHARED]
    if core:
        own = [c for c in own if core & set(lexicon.content(lexicon.keys(c)))] or own
    return own or [example]


def _values(fact: Fact) -> list[str]:
    """The fact's keywords that are values (numbers, dates, references: with a digit). A
    question holding one states the detail (`JD-30915, is that the one?`); names are left
    out, since `When did Tom die?` still asks for the date."""
    return [normalise(word) for word in fact.keywords if DIGIT.search(word)]


@dataclass(frozen=True)
class Clause:
    """One clause of the reply, with what the reader needs to know about it."""

    text: str
    """The clause, normalised."""
    keys: list[str]
    """Its keys in order (then hyphen parts and joined separable verbs)."""
    ends: list[int]
    """Where in `text` the word of each key ends."""
    content: frozenset[str]
    """Its keys, all of them, and the synonym keys of its content words."""
    negations: list[int]
    """Where in `text` each negation cue starts."""
    sentence: int
    """The number of its sentence in the reply."""
    carried: int = 0
    """Negations carried over from a clause before it (`nie mogę obiecać, że...`)."""


def read_clauses(text: str, lexicon: Lexicon) -> tuple[list[Clause], list[str]]:
    """The reply's clauses (with their keys and negations) and its sentences."""
    sentences = split_sentences(text)
    clauses = []
    for s, sentence in enumerate(sentences):
        carried = 0
        for clause in split_clauses(sentence, lexicon):
            located = lexicon.located_keys(clause)
            keys = [k for k, _ in located]
            negations = [m.start() for m in lexicon.negation.finditer(clause)]
            clauses.append(Clause(clause, keys, [e for _, e in located],
                                  frozenset(keys).union(lexicon.content(keys)),
                                  negations, s, carried))
            # `I can't promise, that...` / `nie mogę obiecać, że...`: the negated promise
            # verb governs the clause after it
            carried = 1 if negations and lexicon.commit.search(clause) else 0
    return clauses, sentences


def negations_before(clause: Clause, phrasing: Phrasing, lexicon: Lexicon) -> int:
    """Negation cues in the clause up to the last word it shares with the phrasing:
    `I can't promise it won't happen again` has two before `again`; in `a credit for the
    callbacks you didn't get` the `didn't` comes after `credit` and negates nothing said."""
    if not clause.negations:
        return clause.carried
    end = 0
    for key, at in zip(clause.keys, clause.ends, strict=True):
        shared = lexicon.synonyms.get((key,), ())
        if key in phrasing.keys or any(s in phrasing.keys for s in shared):
            end = max(end, at)
    end = end or len(clause.text)
    return clause.carried + sum(1 for start in clause.negations if start < end)


def said(index: ItemIndex, clauses: list[Clause], lexicon: Lexicon,
         guarded: set[int] | None = None, allowed: ItemIndex | None = None) -> list[str]:
    """Ids of the items some clause says and no negation cancels, in the scenario's order.

    `guarded`: sentence numbers where nothing counts (conditional, hedged, reported).
    `allowed` (for forbidden promises: the offers): a clause that names an allowed offer by
    its own figure (a keyword with a number: `€ 50`) is that offer, not a forbidden promise
    that only resembles one of its examples (`voor de twee gemiste dagen stort ik € 50 terug`
    pays the allowed compensation, not the forbidden lost income); a forbidden keyword still
    counts.
    """
    found: set[int] = set()
    for clause in clauses:
        if guarded and clause.sentence in guarded:
            continue
        offered = allowed is not None and any(
            p.exact and any(DIGIT.search(k) for k in p.keys)
            for ps in allowed.match(clause.content, clause.keys).values() for p in ps)
        for item, phrasings in index.match(clause.content, clause.keys).items():
            if offered and not any(p.exact for p in phrasings):
                continue
            if any(negations_before(clause, p, lexicon) <= p.negations for p in phrasings):
                found.add(item)
    return [index.ids[i] for i in sorted(found)]


def touched(index: ItemIndex, clauses: list[Clause]) -> list[str]:
    """Ids of the items some clause mentions at all, negated or not."""
    found = {item for clause in clauses for item in index.match(clause.content, clause.keys)}
    return [index.ids[i] for i in sorted(found)]


def not_committed(sentences: list[str], lexicon: Lexicon) -> set[int]:
    """Sentences that commit to nothing: conditional, hedged or reported."""
    out = set()
    for i, sentence in enumerate(sentences):
        plain = normalise(sentence)
        if (lexicon.condition.search(plain) or lexicon.hedge.search(plain)
                or lexicon.reported.search(plain)):
            out.add(i)
    return out


def asking(sentence: str, lexicon: Lexicon) -> bool:
    """True when the sentence asks something: a question, or a request for information."""
    plain = normalise(sentence)
    return "?" in sentence or bool(lexicon.request.search(plain)) or (
        lexicon.language == "pl" and plain.startswith("czy ")
    )


def asked_facts(index: ScenarioIndex, sentences: list[str], lexicon: Lexicon) -> list[str]:
    """Fact ids the reply asks for: its questions and requests matched to facts' `asked_by`
    words, leaving out a fact whose value the sentence itself states (`JD-30915, is that it?`
    confirms the customer's own reference; it does not ask for it again)."""
    found: set[int] = set()
    for sentence in sentences:
        if not asking(sentence, lexicon):
            continue
        present = set(lexicon.keys(sentence))
        plain = normalise(sentence)
        scores: dict[int, float] = defaultdict(float)
        for phrasing in index.facts.phrasings:
            if phrasing.keys <= present:
                scores[phrasing.item] = max(scores[phrasing.item], phrasing.weight)
        if not scores:
            continue
        top = max(scores.values())
        for item, score in scores.items():
            states = any(v in plain for v in index.fact_values[item])
            if score >= FACT_SHARE * top and not states:
                found.add(item)
    return [index.fact_ids[i] for i in sorted(found)]
