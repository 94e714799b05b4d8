"""Execution: session state, frames, expressions, statements, calls, loops, the run."""
