"""Model backends: one small interface, with heavy imports only inside each backend."""
