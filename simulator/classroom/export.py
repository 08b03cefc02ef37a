"""The cohort report as CSV (one row per trainee and scenario) or one self-contained HTML page."""

from __future__ import annotations

import csv
import io
from html import escape

from personas.vocabulary import DIMENSIONS
from simulator.classroom.cohort import CohortReport, Result

FORMATS = ("html", "csv")
"""Formats `lagom class --export` writes, chosen by the file's suffix."""


def number(value: float | None) -> str:
    """A score with one decimal, or an empty cell."""
    return "" if value is None else f"{value:.1f}"


def csv_header() -> list[str]:
    """The CSV columns."""
    return [
        "trainee", "scenario_id", "scenario", "assignment", "attempts", "finished",
        "latest_outcome", "latest_overall", *(f"latest_{d}" for d in DIMENSIONS),
        "best_overall", *(f"best_{d}" for d in DIMENSIONS), "latest_session",
    ]


def csv_row(result: Result) -> list[str]:
    """One trainee × scenario row."""
    return [
        result.trainee, result.scenario_id, result.scenario, result.assignment or "",
        str(result.attempts), str(result.finished), result.latest_outcome or "",
        number(result.latest_overall), *(number(result.latest_scores.get(d)) for d in DIMENSIONS),
        number(result.best_overall), *(number(result.best_scores.get(d)) for d in DIMENSIONS),
        result.latest_session or "",
    ]


def to_csv(report: CohortReport) -> str:
    """The report as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_header())
    for result in report.results:
        writer.writerow(csv_row(result))
    return out.getvalue()


def _table(headings: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(report: CohortReport) -> str:
    """The report as one page: practising now, weakest dimension per scenario, results."""
    active = _table(["Trainee", "Scenario", "Turns", "Last turn"], [
        [a.trainee, a.scenario, str(a.turns), a.last_turn_at] for a in report.active
    ]) if report.active else "<p>Nobody is practising right now.</p>"
    figures = _table(["Scenario", "Trainees", *DIMENSIONS, "Weakest"], [
        [f.scenario, str(f.trainees), *(f"{f.means[d]:.1f}" for d in DIMENSIONS), f.weakest or ""]
        for f in report.scenarios
    ]) if report.scenarios else "<p>No graded session yet.</p>"
    results = _table(csv_header()[:-1], [csv_row(r)[:-1] for r in report.results])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Lagom cohort report</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; }}
th {{ background: #eee; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>Lagom cohort report</h1>
<p>Generated {escape(report.generated_at)} · {len(report.trainees)} trainees</p>
<h2>Practising now</h2>{active}
<h2>Weakest dimension per scenario</h2>{figures}
<h2>Results per trainee and scenario</h2>{results}
</body></html>
"""


def render(report: CohortReport, fmt: str) -> str:
    """The report in `fmt` (html or csv)."""
    return to_html(report) if fmt == "html" else to_csv(report)
