"""Start the UI from parsed command-line arguments: open the store, load content, run the app."""

from __future__ import annotations

import argparse

from simulator.cli.common import fail, library_for, settings_for
from simulator.tui.context import StartPlan


def launch(args: argparse.Namespace, start: StartPlan) -> int:
    """Run the app; problems before it starts are `lagom: message` and exit status 2."""
    from simulator.backends.registry import create_backend
    from simulator.store import StoreError
    from simulator.store.factory import open_store_for
    from simulator.tui.app import make_app
    from simulator.tui.backend_holder import BackendHolder

    settings = settings_for(args)
    library = library_for(args, quiet=True)
    if not library.scenarios and not start.review:
        return fail("no scenarios could be loaded (run `lagom lint` to see why)")
    if start.scenario_id and start.scenario_id not in library.scenarios:
        known = ", ".join(sorted(library.scenarios))
        return fail(f"unknown scenario '{start.scenario_id}' (known: {known})")
    try:
        store = open_store_for(settings)
    except StoreError as exc:
        return fail(str(exc))
    try:
        if start.trainee:
            store.set_setting("trainee", start.trainee)
        holder = BackendHolder(lambda: create_backend(settings))
        app = make_app(library, holder, store, start)
        app.run()
    finally:
        store.close()
    return app.return_code or 0
