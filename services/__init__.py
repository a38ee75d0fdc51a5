"""Application services that need Flask's request context (login, audit, headers)."""
