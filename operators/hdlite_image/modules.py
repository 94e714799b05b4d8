"""The modules of this plugin whose operators are registered."""

ALL: list = []
