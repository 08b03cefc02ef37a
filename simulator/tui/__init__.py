"""The Textual UI: practice for trainees, review for coaches. Never imported by domain code."""
