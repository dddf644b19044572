"""Reads: functions that build views of the domain (the contract problem, summaries)."""
