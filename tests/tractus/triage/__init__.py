"""Tests of the triage engine (questionnaire, validation, rules, CLI)."""
