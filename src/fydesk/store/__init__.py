"""The local SQLite store: engine and pragmas, migrations, backups, integrity, search."""
