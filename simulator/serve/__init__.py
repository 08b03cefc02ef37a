"""`lagom serve`: the Lagom UI in trainees' browsers, with one shared model server for the class.

`model_server` starts and stops the llama.cpp server, `preflight` checks the port and the
memory before anything starts, `web` serves the UI (one `lagom` process per browser tab,
behind an optional password) and `trainee_env` says how those processes find the model.
"""
