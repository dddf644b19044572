"""Views by audience: HR (plans, imports, reports), reps (hosting), employees (sessions)."""
