"""The small router scenario and frustrated archetype that the session-loop tests play."""

from __future__ import annotations

from pathlib import Path

from scenarios.loader import load_persona, load_scenario

FIXTURES = Path(__file__).parent / "fixtures" / "session"
SCENARIO = load_scenario(FIXTURES / "router.toml")
PERSONA = load_persona(FIXTURES / "frustrated.toml")
