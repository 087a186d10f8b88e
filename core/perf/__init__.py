"""Overrides that earned their place by a benchmark; each is listed with its library and benchmark in README.md."""
