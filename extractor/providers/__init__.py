"""Endpoint concerns in one place: the client, its mode per endpoint kind, cache and retries."""
