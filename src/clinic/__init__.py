"""Tractus web: the Django project."""
