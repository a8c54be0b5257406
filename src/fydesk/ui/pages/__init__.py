"""The pages of the main window; each takes a PageContext and owns its list and forms."""
