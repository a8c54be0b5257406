"""The city hub: FastAPI app, its own store, auth and admin CLI. Shares only sync.protocol."""
