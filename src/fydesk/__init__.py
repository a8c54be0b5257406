"""fydesk: the desk-side tool of court–government linkage work at the grassroots."""

__version__ = "0.1.0"
