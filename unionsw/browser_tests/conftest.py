"""The browser fixtures live in fixtures.py, loaded for the whole suite by the root conftest."""
