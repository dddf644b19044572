"""CSV parsing for imports: pure functions, no database (the services write)."""
