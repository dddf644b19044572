"""CSV files the product writes: every one goes through `csvsafe.writer` (formula-safe)."""
