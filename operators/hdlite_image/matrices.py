"""HALCON matrices: handles of kind ``'matrix'`` holding a 2-D float64 numpy array.

Element indices are 0-based (row, column). ``get_full_matrix`` and ``create_matrix``
list values row by row. Operators that return a new matrix return a new handle; the
``*_mod`` variants change their first matrix in place. Operands of different sizes are
rejected with 130N on the second matrix [unverified: HALCON has matrix-specific codes
that hdlite's code table does not list].
"""

from __future__ import annotations

import numpy as np

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, Param, operator

from ._common import check_fits

KIND = "matrix"


def _in(name: str = "MatrixID") -> Param:
    return ControlIn(name, types="handle", count=1, sem=KIND)


def _out(name: str) -> Param:
    return ControlOut(name, types="handle", count=1, sem=KIND)


def _new(ctx: CallContext, array: np.ndarray) -> tuple:
    return ((ctx.new_handle(KIND, np.array(array, dtype=np.float64, ndmin=2)),),)


def _m(handle: tuple) -> np.ndarray:
    h = handle[0]
    assert isinstance(h, Handle)
    return h.obj


def _floats(a: np.ndarray) -> tuple:
    return tuple(float(v) for v in a.reshape(-1))


@operator(
    "create_matrix",
    ControlIn("Rows", types="integer", count=1, default=3),
    ControlIn("Columns", types="integer", count=1, default=3),
    ControlIn("Value", types=("number", "string"), count=(1, None), default=0),
    _out("MatrixID"),
)
def create_matrix(ctx: CallContext, rows: tuple, cols: tuple, value: tuple) -> tuple:
    """Create a matrix filled with one value, with all values (row by row), with its
    diagonal (a square matrix and ``Rows`` values), or the identity (``'identity'``)."""
    r, c = rows[0], cols[0]
    if r < 1:
        raise ctx.param_error("value", "Rows", f"{r} must be at least 1")
    if c < 1:
        raise ctx.param_error("value", "Columns", f"{c} must be at least 1")
    check_fits(ctx, r, c, 1, 8, "matrix")  # 6001 beyond the machine's memory
    if value == ("identity",):
        if r != c:
            raise ctx.param_error("value", "Value", "'identity' needs a square matrix")
        return _new(ctx, np.eye(r))
    if any(type(v) is str for v in value):
        raise ctx.param_error("type", "Value", "expected numbers or 'identity'")
    values = np.asarray(value, dtype=np.float64)
    if values.size == 1:
        return _new(ctx, np.full((r, c), values[0]))
    if values.size == r * c:
        return _new(ctx, values.reshape(r, c))
    if r == c and values.size == r:
        return _new(ctx, np.diag(values))
    raise ctx.param_error("count", "Value", f"{values.size} values for a {r}x{c} matrix")


@operator("clear_matrix", ControlIn("MatrixID", types="handle", sem=KIND))
def clear_matrix(ctx: CallContext, handles: tuple) -> tuple:
    """Free matrices; their handles become invalid."""
    for h in handles:
        h.clear()
    return ()


@operator("copy_matrix", _in(), _out("MatrixCopyID"))
def copy_matrix(ctx: CallContext, mat: tuple) -> tuple:
    """A copy of a matrix."""
    return _new(ctx, _m(mat).copy())


@operator(
    "get_size_matrix",
    _in(),
    ControlOut("Rows", types="integer", count=1),
    ControlOut("Columns", types="integer", count=1),
)
def get_size_matrix(ctx: CallContext, mat: tuple) -> tuple:
    """Number of rows and columns."""
    r, c = _m(mat).shape
    return (r,), (c,)


def _indices(ctx: CallContext, m: np.ndarray, rows: tuple, cols: tuple) -> tuple[list, list]:
    if len(rows) != len(cols):
        raise ctx.param_error("count", "Column", f"{len(cols)} columns for {len(rows)} rows")
    for r in rows:
        if not 0 <= r < m.shape[0]:
            raise ctx.param_error("value", "Row", f"row {r} outside 0..{m.shape[0] - 1}")
    for c in cols:
        if not 0 <= c < m.shape[1]:
            raise ctx.param_error("value", "Column", f"column {c} outside 0..{m.shape[1] - 1}")
    return list(rows), list(cols)


@operator(
    "get_value_matrix",
    _in(),
    ControlIn("Row", types="integer", default=0),
    ControlIn("Column", types="integer", default=0),
    ControlOut("Value", types="real"),
)
def get_value_matrix(ctx: CallContext, mat: tuple, rows: tuple, cols: tuple) -> tuple:
    """Elements at (Row, Column), pairwise."""
    m = _m(mat)
    r, c = _indices(ctx, m, rows, cols)
    return (_floats(m[r, c]),)


@operator(
    "set_value_matrix",
    _in(),
    ControlIn("Row", types="integer", default=0),
    ControlIn("Column", types="integer", default=0),
    ControlIn("Value", types="number", default=0),
)
def set_value_matrix(ctx: CallContext, mat: tuple, rows: tuple, cols: tuple, value: tuple) -> tuple:
    """Set elements at (Row, Column), pairwise, to ``Value`` (one value or one per element)."""
    m = _m(mat)
    r, c = _indices(ctx, m, rows, cols)
    if len(value) not in (1, len(r)):
        raise ctx.param_error("count", "Value", f"{len(value)} values for {len(r)} elements")
    m[r, c] = np.asarray(value, dtype=np.float64)
    return ()


@operator("get_full_matrix", _in(), ControlOut("Values", types="real"))
def get_full_matrix(ctx: CallContext, mat: tuple) -> tuple:
    """All elements, row by row."""
    return (_floats(_m(mat)),)


@operator("set_full_matrix", _in(), ControlIn("Values", types="number", count=(1, None)))
def set_full_matrix(ctx: CallContext, mat: tuple, values: tuple) -> tuple:
    """Set all elements: one value for all, or all values row by row."""
    m = _m(mat)
    if len(values) not in (1, m.size):
        raise ctx.param_error("count", "Values", f"{len(values)} values for {m.size} elements")
    m[...] = np.asarray(values, dtype=np.float64).reshape(m.shape if len(values) > 1 else ())
    return ()


@operator(
    "get_sub_matrix",
    _in(),
    ControlIn("Row", types="integer", count=1, default=0),
    ControlIn("Column", types="integer", count=1, default=0),
    ControlIn("RowsSub", types="integer", count=1, default=1),
    ControlIn("ColumnsSub", types="integer", count=1, default=1),
    _out("MatrixSubID"),
)
def get_sub_matrix(
    ctx: CallContext, mat: tuple, row: tuple, col: tuple, nrows: tuple, ncols: tuple
) -> tuple:
    """The ``RowsSub`` x ``ColumnsSub`` block starting at (Row, Column)."""
    m = _m(mat)
    r, c, h, w = row[0], col[0], nrows[0], ncols[0]
    if h < 1 or r < 0 or r + h > m.shape[0]:
        raise ctx.param_error("value", "RowsSub" if h < 1 else "Row", "block outside the matrix")
    if w < 1 or c < 0 or c + w > m.shape[1]:
        raise ctx.param_error(
            "value", "ColumnsSub" if w < 1 else "Column", "block outside the matrix"
        )
    return _new(ctx, m[r : r + h, c : c + w].copy())


@operator(
    "set_sub_matrix",
    _in(),
    _in("MatrixSubID"),
    ControlIn("Row", types="integer", count=1, default=0),
    ControlIn("Column", types="integer", count=1, default=0),
)
def set_sub_matrix(ctx: CallContext, mat: tuple, sub: tuple, row: tuple, col: tuple) -> tuple:
    """Copy ``MatrixSubID`` into the matrix at (Row, Column)."""
    m, s = _m(mat), _m(sub)
    r, c = row[0], col[0]
    if r < 0 or r + s.shape[0] > m.shape[0]:
        raise ctx.param_error("value", "Row", "the block does not fit")
    if c < 0 or c + s.shape[1] > m.shape[1]:
        raise ctx.param_error("value", "Column", "the block does not fit")
    m[r : r + s.shape[0], c : c + s.shape[1]] = s
    return ()


@operator("transpose_matrix", _in(), _out("MatrixTransposedID"))
def transpose_matrix(ctx: CallContext, mat: tuple) -> tuple:
    """The transposed matrix."""
    return _new(ctx, _m(mat).T.copy())


def _reduce(name: str, func, doc: str):
    def run(ctx: CallContext, mat: tuple, kind: tuple) -> tuple:
        m = _m(mat)
        if kind[0] == "full":
            return _new(ctx, np.array([[func(m)]]))
        if kind[0] == "columns":
            return _new(ctx, func(m, axis=0)[None, :])
        return _new(ctx, func(m, axis=1)[:, None])

    run.__doc__ = doc
    type_name = {"sum": "SumType", "max": "MaxType", "min": "MinType", "mean": "MeanType"}[name]
    result = {
        "sum": "MatrixSumID",
        "max": "MatrixMaxID",
        "min": "MatrixMinID",
        "mean": "MatrixMeanID",
    }[name]
    return operator(
        f"{name}_matrix",
        _in(),
        ControlIn(
            type_name,
            types="string",
            count=1,
            default="columns",
            values=("columns", "rows", "full"),
        ),
        _out(result),
    )(run)


_KINDS = (
    "``'columns'`` gives a 1-row matrix (one value per column), ``'rows'`` a 1-column "
    "matrix, ``'full'`` 1x1."
)
sum_matrix = _reduce("sum", np.sum, f"Sums of the elements: {_KINDS}")
max_matrix = _reduce("max", np.max, f"Maxima of the elements: {_KINDS}")
min_matrix = _reduce("min", np.min, f"Minima of the elements: {_KINDS}")
mean_matrix = _reduce("mean", np.mean, f"Means of the elements: {_KINDS}")


def _same_size(ctx: CallContext, a: np.ndarray, b: np.ndarray) -> None:
    if a.shape != b.shape:
        raise ctx.param_error("value", "MatrixBID", f"{b.shape} matrix, expected {a.shape}")


def _safe_divide(ctx: CallContext, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    _same_size(ctx, a, b)
    if (b == 0).any():
        raise ctx.error(9212, "an element of MatrixBID is 0")
    return a / b


_ELEMENTWISE = {
    "add": (
        lambda ctx, a, b: (_same_size(ctx, a, b), a + b)[1],  # type: ignore[func-returns-value]
        "MatrixSumID",
        "Sum",
    ),
    "sub": (
        lambda ctx, a, b: (_same_size(ctx, a, b), a - b)[1],  # type: ignore[func-returns-value]
        "MatrixDifferenceID",
        "Difference",
    ),
    "mult_element": (
        lambda ctx, a, b: (_same_size(ctx, a, b), a * b)[1],  # type: ignore[func-returns-value]
        "MatrixMultID",
        "Element-wise product",
    ),
    "div_element": (_safe_divide, "MatrixDividedID", "Element-wise quotient (9212 on a 0 divisor)"),
}


def _pairwise(name: str):
    compute, result, what = _ELEMENTWISE[name]

    def run(ctx: CallContext, a: tuple, b: tuple) -> tuple:
        return _new(ctx, compute(ctx, _m(a), _m(b)))

    def run_mod(ctx: CallContext, a: tuple, b: tuple) -> tuple:
        _m(a)[...] = compute(ctx, _m(a), _m(b))
        return ()

    run.__doc__ = f"{what} of two matrices of equal size."
    run_mod.__doc__ = f"{what} of two matrices, stored in the first one."
    op = operator(f"{name}_matrix", _in("MatrixAID"), _in("MatrixBID"), _out(result))(run)
    op_mod = operator(f"{name}_matrix_mod", _in("MatrixAID"), _in("MatrixBID"))(run_mod)
    return op, op_mod


add_matrix, add_matrix_mod = _pairwise("add")
sub_matrix, sub_matrix_mod = _pairwise("sub")
mult_element_matrix, mult_element_matrix_mod = _pairwise("mult_element")
div_element_matrix, div_element_matrix_mod = _pairwise("div_element")


@operator(
    "mult_matrix",
    _in("MatrixAID"),
    _in("MatrixBID"),
    ControlIn(
        "MultType", types="string", count=1, default="AB", values=("AB", "ATB", "ABT", "ATBT")
    ),
    _out("MatrixMultID"),
)
def mult_matrix(ctx: CallContext, a: tuple, b: tuple, kind: tuple) -> tuple:
    """Matrix product; ``MultType`` says which operands are transposed first."""
    ma, mb = _m(a), _m(b)
    ma = ma.T if kind[0] in ("ATB", "ATBT") else ma
    mb = mb.T if kind[0] in ("ABT", "ATBT") else mb
    if ma.shape[1] != mb.shape[0]:
        raise ctx.param_error("value", "MatrixBID", f"cannot multiply {ma.shape} by {mb.shape}")
    return _new(ctx, ma @ mb)


@operator(
    "scale_matrix", _in(), ControlIn("Factor", types="number", count=1), _out("MatrixScaledID")
)
def scale_matrix(ctx: CallContext, mat: tuple, factor: tuple) -> tuple:
    """The matrix multiplied by ``Factor``."""
    return _new(ctx, _m(mat) * float(factor[0]))


@operator("scale_matrix_mod", _in(), ControlIn("Factor", types="number", count=1))
def scale_matrix_mod(ctx: CallContext, mat: tuple, factor: tuple) -> tuple:
    """Multiply the matrix by ``Factor`` in place."""
    _m(mat)[...] *= float(factor[0])
    return ()


@operator("abs_matrix", _in(), _out("MatrixAbsID"))
def abs_matrix(ctx: CallContext, mat: tuple) -> tuple:
    """Absolute values of the elements."""
    return _new(ctx, np.abs(_m(mat)))


@operator(
    "invert_matrix",
    _in(),
    ControlIn(
        "MatrixType",
        types="string",
        count=1,
        default="general",
        values=(
            "general",
            "symmetric",
            "positive_definite",
            "tridiagonal",
            "upper_triangular",
            "lower_triangular",
            "permuted_upper_triangular",
        ),
    ),
    ControlIn("Epsilon", types="number", count=1, default=0.0),
    _out("MatrixInvID"),
)
def invert_matrix(ctx: CallContext, mat: tuple, kind: tuple, eps: tuple) -> tuple:
    """The inverse of a square matrix (the pseudo-inverse when ``Epsilon`` > 0)."""
    m = _m(mat)
    if eps[0] > 0:
        return _new(ctx, np.linalg.pinv(m, rcond=float(eps[0])))
    if m.shape[0] != m.shape[1]:
        raise ctx.param_error("value", "MatrixID", f"{m.shape} matrix is not square")
    try:
        return _new(ctx, np.linalg.inv(m))
    except np.linalg.LinAlgError:
        raise ctx.param_error("value", "MatrixID", "the matrix is singular") from None
