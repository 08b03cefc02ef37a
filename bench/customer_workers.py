"""Worker processes for `customer_bench.py`: each measures one engine in a fresh process.

Run as `python bench/customer_workers.py KIND [options]`; prints one JSON object. A separate
process per engine keeps cold starts honest and peak memory (RSS high-water mark) per engine.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

SCENARIO = "en_telecom_broadband_outage_homeworker"
"""The shipped scenario the bench session plays (a worn-out homeworker without broadband)."""

TRAINEE_LINES = [
    "Hello, you're through to Northlink support, my name is Sam. How can I help?",
    "I'm sorry to hear that. Can I take your account number or the fault reference?",
    "Thanks. Have you tried restarting the router?",
    "I understand. I can see the fault on the line; the engineer slot is Friday morning.",
    "That sounds exhausting, working from home with a new baby and no connection.",
    "Let me look at what I can do before Friday. One moment please.",
    "I can send a 4G router by courier tomorrow so you can work until the line is fixed.",
    "I'll also add compensation for every day without service to your next bill.",
    "I've put you on the cancellation list, so if an earlier slot opens you get it.",
    "You'll get a text with the courier tracking tonight, and I'll call you Thursday.",
    "Is there anything else I can do for you today?",
]
"""What the trainee says before customer turns 2..12 (an agent doing a decent job)."""

INTENTS = [
    ("state_problem", "high"), ("add_detail", "high"), ("push_back", "high"),
    ("repeat_complaint", "mid"), ("add_detail", "mid"), ("push_back", "mid"),
    ("add_detail", "mid"), ("accept", "mid"), ("reject_overpromise", "low"),
    ("accept", "low"), ("add_detail", "low"), ("accept", "low"),
]
"""The director's (intent, band) for each customer turn."""


def session_prompts() -> tuple[Callable[[list[Any], int], list[dict[str, str]]], Any, Any]:
    """Prompt builders from the realizer's own `simulator.customer.prompts`, and TurnRecord.

    Returns the whole prompt for a turn, the TurnRecord class, and the stable start of the
    next prompt (what the UI prefills while the trainee types).
    """
    from scenarios.library import shipped_personas_dir, shipped_scenarios_dir
    from scenarios.loader import load_persona, load_scenario
    from simulator.customer.director.director import Decision
    from simulator.customer.prompts import build_messages, stable_messages
    from simulator.records import CustomerState, TurnRecord

    scenario = load_scenario(shipped_scenarios_dir() / f"{SCENARIO}.toml")
    persona = load_persona(shipped_personas_dir() / f"{scenario.archetype}.toml")

    def build(turns: list[Any], index: int) -> list[dict[str, str]]:
        intent, band = INTENTS[index % len(INTENTS)]
        state = CustomerState(distress=6, trust=4, patience=5, band=band)
        decision = Decision(intent=intent, band=band, state=state, max_words=30)
        example = scenario.lines[intent][band][0]
        return [dict(m) for m in build_messages(scenario, persona, turns, decision, example)]

    def stable(turns: list[Any]) -> list[dict[str, str]]:
        return [dict(m) for m in stable_messages(scenario, persona, turns)]

    return build, TurnRecord, stable


def run_session(
    stream: Callable[[list[dict[str, str]], Any], Iterator[str]],
    computed: Callable[[], tuple[float, float]],
    turns: int,
    options: Any,
    prefill: Callable[[list[dict[str, str]]], None] | None = None,
) -> list[dict[str, Any]]:
    """Play one session of `turns` customer lines; return per-turn figures and text.

    With `prefill`, the stable start of the next prompt is prefilled before each turn's
    trainee line arrives, as the UI does while the trainee types (its time is not counted).
    """
    build, turn_record, stable = session_prompts()
    history: list[Any] = []
    figures = []
    for index in range(turns):
        prefill_s = 0.0
        if prefill is not None:
            started = time.perf_counter()
            prefill(stable(history))
            prefill_s = time.perf_counter() - started
        if index:
            line = TRAINEE_LINES[(index - 1) % len(TRAINEE_LINES)]
            history.append(turn_record(index=len(history), role="trainee", text=line))
        messages = build(history, index)
        started = time.perf_counter()
        first, pieces = None, []
        for piece in stream(messages, options):
            first = first or time.perf_counter()
            pieces.append(piece)
        ended = time.perf_counter()
        text = "".join(pieces).strip() or "..."
        prompt, fresh = computed()
        tokens = len(pieces)
        first = first or ended
        figures.append({
            "ttft_s": first - started,
            "tokens_per_s": (tokens - 1) / (ended - first) if tokens > 1 and ended > first else 0,
            "prompt_tokens": prompt, "computed": fresh, "tokens": tokens, "text": text,
            "prefill_s": prefill_s,
        })
        history.append(turn_record(index=len(history), role="customer", text=text,
                                   source="model"))
    return figures


def options_for(run: int, max_new_tokens: int) -> Any:
    """The realizer's sampling options, seeded per run."""
    from simulator.backends.base import GenerationOptions

    return GenerationOptions(max_new_tokens=max_new_tokens, seed=run)


def transformers_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Load the embedded model once, then play `runs` sessions."""
    from simulator.backends.transformers_backend import TransformersBackend

    backend = TransformersBackend(None, Path(args.cache), int8=args.int8)
    backend.warm_up()
    load_s = time.perf_counter() - STARTED

    def computed() -> tuple[float, float]:
        stats = backend.last_stats()
        return stats["prompt_tokens"], stats["prompt_tokens_computed"]

    runs = []
    for run in range(args.runs):
        backend.reset_cache()
        runs.append(run_session(backend.stream, computed, args.turns,
                                options_for(run, args.max_new_tokens),
                                backend.prefill if args.prefill else None))
    return {"start_s": load_s, "how": backend.loaded.how if backend.loaded else "", "runs": runs}


def llama_worker(args: argparse.Namespace) -> dict[str, Any]:
    """The same sessions through llama-cpp-python, reusing its own prefix cache."""
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    from simulator.backends.embedded import embedded_gguf_path
    from simulator.backends.kv_reuse import common_prefix_length

    llm = Llama(model_path=str(embedded_gguf_path()), n_ctx=2048, n_threads=2, verbose=False)
    load_s = time.perf_counter() - STARTED
    formatter = Jinja2ChatFormatter(template=llm.metadata["tokenizer.chat_template"],
                                    eos_token="<|im_end|>", bos_token="<|im_start|>")
    last: dict[str, float] = {}

    def stream(messages: list[dict[str, str]], options: Any) -> Iterator[str]:
        prompt = formatter(messages=messages).prompt
        tokens = llm.tokenize(prompt.encode(), add_bos=True, special=True)
        cached = list(llm.input_ids[: llm.n_tokens])
        reused = min(common_prefix_length(cached, tokens), len(tokens) - 1)
        last.update(prompt=len(tokens), computed=len(tokens) - reused)
        for chunk in llm.create_completion(
            prompt, max_tokens=options.max_new_tokens, temperature=options.temperature,
            top_p=options.top_p, repeat_penalty=options.repetition_penalty,
            seed=options.seed, stop=options.stop, stream=True,
        ):
            if text := chunk["choices"][0]["text"]:
                yield text

    runs = []
    for run in range(args.runs):
        llm.reset()
        runs.append(run_session(stream, lambda: (last["prompt"], last["computed"]),
                                args.turns, options_for(run, args.max_new_tokens)))
    return {"start_s": load_s, "how": "gguf", "runs": runs}


def start_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Only start: import and load the embedded model (the cold start a user waits for)."""
    from simulator.backends.transformers_backend import TransformersBackend

    backend = TransformersBackend(None, Path(args.cache), int8=args.int8)
    backend.warm_up()
    # Wall-clock time, so the parent can count from the moment it launched this process.
    return {"start_s": time.perf_counter() - STARTED, "ready_at": time.time(),
            "how": backend.loaded.how if backend.loaded else ""}


WORKERS = {"transformers": transformers_worker, "llama": llama_worker, "start": start_worker}


def main() -> None:
    """Run one worker and print its figures, with the process's peak RSS, as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=sorted(WORKERS))
    parser.add_argument("--cache", default="")
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-new-tokens", type=int, default=48)
    parser.add_argument("--int8", action="store_true")
    parser.add_argument("--prefill", action="store_true")
    args = parser.parse_args()
    result = WORKERS[args.kind](args)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
