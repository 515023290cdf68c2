"""The SQLite database: its connections, migrations and backups; every store goes through it."""
