"""Demo data so that `make run` shows a living platform."""
