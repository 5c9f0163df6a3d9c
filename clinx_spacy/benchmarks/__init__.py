"""Benchmarks whose saved JSON backs every number the project reports."""
