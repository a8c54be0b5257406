"""Use cases: plain functions over a session owned by the caller, frozen DTOs out."""
