"""The web UI served by the HTTP API: templates and static files."""
