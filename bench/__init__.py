"""Benchmarks that print figures (ratios and medians), run with ``python -m bench``."""
