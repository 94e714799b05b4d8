"""(filled in by the standard operator library)."""
