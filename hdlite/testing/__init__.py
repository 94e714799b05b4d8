"""Testing HDevelop programs: expectation comments and the pytest plugin."""
