"""Project tooling for the benchmarks (not part of the clinx-spacy package): which project
commands train each system on each task, and collecting what they saved into records."""
