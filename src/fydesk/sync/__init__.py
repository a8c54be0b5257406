"""Sync with the city hub: wire protocol, outbox, HTTP client, credentials. No Qt."""
