"""Tractus core: pure-Python domain logic for IT band care (no Django)."""
