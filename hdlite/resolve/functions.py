"""In-line functions: ``sum(T)`` in an expression runs the operator ``tuple_sum``.

HALCON documents every in-line function as the in-line form of a ``tuple_*`` operator with
the same inputs and one output, so hdlite keeps one implementation: the operator, found in
the registry. A function ``f`` maps to the operator ``tuple_f`` unless listed below.
"""

from __future__ import annotations

ALIASES: dict[str, str] = {
    "subset": "tuple_select",
    "gen_tuple_const": "tuple_gen_const",
    "gen_sequence": "tuple_gen_sequence",
    "str_firstn": "tuple_str_first_n",
    "str_lastn": "tuple_str_last_n",
    "first_n": "tuple_first_n",
    "last_n": "tuple_last_n",
}


def operator_name(function: str) -> str:
    """The operator that implements the in-line function ``function``."""
    return ALIASES.get(function, "tuple_" + function)
