"""The errors a user can cause; each carries one clear sentence in Chinese."""

from __future__ import annotations


class FydeskError(Exception):
    """Base of every error meant to be shown to a user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(FydeskError):
    """A field's value is refused; `field` is the attribute name, `label` its Chinese label."""

    def __init__(self, field: str, label: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.label = label


class TransitionError(FydeskError):
    """A status change that the state machine does not allow."""


class NotFoundError(FydeskError):
    """The record asked for does not exist (or was voided)."""


class ConfigError(FydeskError):
    """The local set-up is missing or inconsistent (e.g. no office initialised)."""
