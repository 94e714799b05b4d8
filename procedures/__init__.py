"""hdlite's procedures written in the HDevelop language (package data, not Python code)."""
