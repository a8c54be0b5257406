"""Pure domain rules: no database session, no Qt, no I/O."""
