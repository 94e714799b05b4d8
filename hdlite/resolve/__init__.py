"""The static pass: call targets, procedure lookup, kinds, arity; every problem at once."""
