"""Fuzzy 1-D measuring: edges and edge pairs weighted by fuzzy membership functions.

Builds on the measure objects of :mod:`.measure` (profile, edge extraction, positions).
Settled from HALCON's reference [doc: set_fuzzy_measure, set_fuzzy_measure_norm_pair,
reset_fuzzy_measure, fuzzy_measure_pos, fuzzy_measure_pairs, fuzzy_measure_pairing]:

* A fuzzy function is a piecewise linear ``function_1d`` (create_funct_1d_pairs) whose y
  values lie in [0, 1]; outside its x range it keeps the y value of the nearest end.
  Five fuzzy sets exist, each holding at most one function (a new one replaces the old,
  the sub types of a set exclude each other): ``'contrast'`` (the edge amplitude),
  ``'position'`` (the signed distance of an edge to a reference point: the start of the
  profile, ``'position_center'``, ``'position_end'``, ``'position_first_edge'``,
  ``'position_last_edge'``), ``'position_pair'`` (the same for the centre of a pair,
  references ``'position_pair_center'``, ``'position_pair_end'``,
  ``'position_first_pair'``, ``'position_last_pair'``), ``'size'`` (the distance of the
  two edges of a pair; normalised also ``'size_diff'`` and ``'size_abs_diff'``) and
  ``'gray'`` (the mean profile value between the two edges of a pair).
* set_fuzzy_measure_norm_pair gives x relative to the pair size s (PairSize): size x =
  d/s, size_diff x = (s-d)/s, size_abs_diff x = |s-d|/s, positions x = p/s.
* For an edge pair the contrast and edge-position scores are the geometric means of the
  scores of both edges; the FuzzyScore is the geometric mean of the scores of every
  fuzzy set defined, and results need FuzzyScore >= FuzzyThresh.
* fuzzy_measure_pairs pairs an edge of the first polarity (Transition, or the first edge's
  for 'all') with a later edge of the other polarity and forbids interleaving and nested
  pairs; fuzzy_measure_pairing ('no_restriction') returns all pairs, the NumPairs best
  (0: all).

[unverified] (no HALCON at hand): the pairing of fuzzy_measure_pairs is implemented as a
greedy choice of the best-scored candidate pairs whose spans do not overlap (ties: the
shorter span, then the earlier pair), returned in profile order; fuzzy_measure_pairing
returns its pairs by decreasing score; without any fuzzy function every score is 1;
set_fuzzy_measure accepts the sub types without 'size_diff'/'size_abs_diff' (those need
a PairSize); the gray value of a pair is the mean of the unsmoothed profile samples
between its edges; the edge positions are measured in profile steps (1 pixel).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from hdlite_image.functions1d import _function

from hdlite.plugin import CallContext, ControlIn, ControlOut, IconicIn, ObjectTuple, operator

from .measure import MeasureObject, _measure, _polarity, _positions, find_edges, profile

_POSITION = (
    "position",
    "position_center",
    "position_end",
    "position_first_edge",
    "position_last_edge",
)
_POSITION_PAIR = (
    "position_pair",
    "position_pair_center",
    "position_pair_end",
    "position_first_pair",
    "position_last_pair",
)
_SIZE = ("size", "size_diff", "size_abs_diff")
_SET_OF = {"contrast": "contrast", "gray": "gray"}
_SET_OF |= {t: "position" for t in _POSITION} | {t: "position_pair" for t in _POSITION_PAIR}
_SET_OF |= {t: "size" for t in _SIZE}
_SET_TYPES = ("contrast", *_POSITION, *_POSITION_PAIR, "size", "gray")
_NORM_TYPES = (*_SIZE, *_POSITION, *_POSITION_PAIR)
_RESET_TYPES = ("contrast", "position", "position_pair", "size", "gray")
_ATTR = "fuzzy_sets"


@dataclass(frozen=True)
class FuzzySet:
    """One fuzzy function: its sub type, points and the pair size it is normalised by."""

    kind: str
    x: np.ndarray
    y: np.ndarray
    pair_size: float | None = None

    def score(self, values: np.ndarray) -> np.ndarray:
        """The membership of raw feature values (normalised first where needed)."""
        v = np.asarray(values, dtype=np.float64)
        s = self.pair_size
        if s is not None:
            if self.kind == "size_diff":
                v = (s - v) / s
            elif self.kind == "size_abs_diff":
                v = np.abs(s - v) / s
            else:
                v = v / s
        return np.interp(v, self.x, self.y)


def fuzzy_sets(m: MeasureObject) -> dict[str, FuzzySet]:
    """The fuzzy functions set on a measure object (set class -> function)."""
    sets = getattr(m, _ATTR, None)
    if sets is None:
        sets = {}
        setattr(m, _ATTR, sets)
    return sets


def _checked_function(ctx: CallContext, function: tuple, kind: str) -> tuple:
    x, y = _function(ctx, function)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ctx.param_error("value", "Function", "values must be finite")
    if ((y < 0) | (y > 1)).any():
        raise ctx.param_error("value", "Function", "fuzzy values must lie in [0, 1]")
    if kind in ("contrast", "gray", "size") and (x < 0).any():
        raise ctx.param_error("value", "Function", f"x values of '{kind}' must not be negative")
    return x, y


_HANDLE = ControlIn("MeasureHandle", types="handle", count=1, sem="measure")
_FUNCTION = ControlIn("Function", types="number", count=(4, None))


@operator(
    "set_fuzzy_measure",
    _HANDLE,
    ControlIn("SetType", types="string", count=1, default="contrast", values=_SET_TYPES),
    _FUNCTION,
)
def set_fuzzy_measure(ctx: CallContext, handle: tuple, set_type: tuple, function: tuple) -> tuple:
    """Set the fuzzy function of a fuzzy set ('contrast', 'position*', 'position_pair*',
    'size', 'gray'); it replaces the set's previous function."""
    m = _measure(ctx, handle)
    kind = set_type[0]
    x, y = _checked_function(ctx, function, _SET_OF[kind])
    fuzzy_sets(m)[_SET_OF[kind]] = FuzzySet(kind, x, y)
    return ()


@operator(
    "set_fuzzy_measure_norm_pair",
    _HANDLE,
    ControlIn("PairSize", types="number", count=1, default=10.0),
    ControlIn("SetType", types="string", count=1, default="size", values=_NORM_TYPES),
    _FUNCTION,
)
def set_fuzzy_measure_norm_pair(
    ctx: CallContext, handle: tuple, pair_size: tuple, set_type: tuple, function: tuple
) -> tuple:
    """Set a fuzzy function whose x values are relative to the expected pair size
    PairSize ('size', 'size_diff', 'size_abs_diff', 'position*', 'position_pair*')."""
    m = _measure(ctx, handle)
    s = float(pair_size[0])
    if not (math.isfinite(s) and s > 0):
        raise ctx.param_error("value", "PairSize", f"{pair_size[0]!r} must be positive")
    kind = set_type[0]
    check = "position" if kind in ("size_diff",) else _SET_OF[kind]
    x, y = _checked_function(ctx, function, check)
    fuzzy_sets(m)[_SET_OF[kind]] = FuzzySet(kind, x, y, s)
    return ()


@operator(
    "reset_fuzzy_measure",
    _HANDLE,
    ControlIn("SetType", types="string", count=1, default="contrast", values=_RESET_TYPES),
)
def reset_fuzzy_measure(ctx: CallContext, handle: tuple, set_type: tuple) -> tuple:
    """Discard the fuzzy function of a fuzzy set (nothing happens if none is set)."""
    fuzzy_sets(_measure(ctx, handle)).pop(set_type[0], None)
    return ()


# -- evaluation --------------------------------------------------------------------------


def _reference(kind: str, n: int, first: float, last: float) -> float:
    """The reference point (profile index) of a position sub type."""
    if kind.endswith("center"):
        return (n - 1) / 2.0
    if kind.endswith("end"):
        return float(n - 1)
    if "first" in kind:
        return first
    if "last" in kind:
        return last
    return 0.0


def _geo_mean(scores: list[np.ndarray], size: int) -> np.ndarray:
    if not scores:
        return np.ones(size)
    return np.prod(np.stack(scores), axis=0) ** (1.0 / len(scores))


@dataclass
class _Edges:
    m: MeasureObject
    values: np.ndarray  # the unsmoothed profile
    t: np.ndarray  # sub-pixel positions (profile index)
    amp: np.ndarray


def _extract(
    ctx: CallContext, image: ObjectTuple, handle: tuple, sigma: tuple, amp_thresh: tuple
) -> _Edges:
    from hdlite_image._common import check_count

    s, a = float(sigma[0]), float(amp_thresh[0])
    if not (math.isfinite(s) and s >= 0.4):
        raise ctx.param_error("value", "Sigma", f"{sigma[0]!r} (at least 0.4)")
    check_count(ctx, 8 * s + 1, "Sigma", 64)  # the mask of the Gaussian
    if not (math.isfinite(a) and a >= 0):
        raise ctx.param_error("value", "AmpThresh", f"{amp_thresh[0]!r} must not be negative")
    m = _measure(ctx, handle)
    values = profile(ctx, image, m)
    t, amp = find_edges(values, s, a)
    return _Edges(m, values, t, amp)


def _fuzzy_thresh(ctx: CallContext, value: tuple) -> float:
    f = float(value[0])
    if not math.isfinite(f):
        raise ctx.param_error("value", "FuzzyThresh", f"{value[0]!r} is not a finite number")
    return f


def _edge_scores(sets: dict[str, FuzzySet], e: _Edges, t: np.ndarray, amp: np.ndarray) -> list:
    """Per-edge scores of the edge sets ('contrast', 'position') defined."""
    out = []
    if "contrast" in sets:
        out.append(("contrast", sets["contrast"].score(np.abs(amp))))
    if "position" in sets and len(t):
        fs = sets["position"]
        ref = _reference(fs.kind, len(e.values), float(t[0]), float(t[-1]))
        out.append(("position", fs.score(t - ref)))
    return out


def _floats(a: np.ndarray) -> tuple:
    return tuple(float(v) for v in a)


_COMMON = (
    IconicIn("Image"),
    _HANDLE,
    ControlIn("Sigma", types="number", count=1, default=1.0),
    ControlIn("AmpThresh", types="number", count=1, default=30.0),
    ControlIn("FuzzyThresh", types="number", count=1, default=0.5),
    ControlIn(
        "Transition", types="string", count=1, default="all", values=("all", "positive", "negative")
    ),
)


@operator(
    "fuzzy_measure_pos",
    *_COMMON,
    *(ControlOut(n, types="real") for n in ("RowEdge", "ColumnEdge", "Amplitude")),
    ControlOut("FuzzyScore", types="real"),
    ControlOut("Distance", types="real"),
)
def fuzzy_measure_pos(ctx, image, handle, sigma, amp_thresh, fuzzy_thresh, transition) -> tuple:
    """Straight edges across the measure object, kept where the geometric mean of their
    fuzzy scores ('contrast', 'position') reaches FuzzyThresh; Distance between
    consecutive edges."""
    e = _extract(ctx, image, handle, sigma, amp_thresh)
    thresh = _fuzzy_thresh(ctx, fuzzy_thresh)
    keep = _polarity(e.amp, transition[0])
    t, amp = e.t[keep], e.amp[keep]
    scores = _geo_mean([s for _, s in _edge_scores(fuzzy_sets(e.m), e, t, amp)], len(t))
    ok = scores >= thresh
    t, amp, scores = t[ok], amp[ok], scores[ok]
    rows, cols = _positions(e.m, t)
    dist = np.hypot(np.diff(rows), np.diff(cols))
    return (_floats(rows), _floats(cols), _floats(amp), _floats(scores), _floats(dist))


def _candidates(e: _Edges, transition: str, sets: dict[str, FuzzySet]) -> tuple:
    """All candidate pairs (first edge i, later second edge j of the other polarity) with
    their fuzzy scores."""
    if len(e.t) == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty, np.zeros(0)
    first_sign = {"positive": 1.0, "negative": -1.0}.get(transition, float(np.sign(e.amp[0])))
    sign = np.sign(e.amp)
    firsts = np.flatnonzero(sign == first_sign)
    seconds = np.flatnonzero(sign == -first_sign)
    ii, jj = np.meshgrid(firsts, seconds, indexing="ij")
    later = jj > ii
    i, j = ii[later], jj[later]
    ti, tj = e.t[i], e.t[j]
    n = len(e.values)
    parts = []
    for name, s in _edge_scores(sets, e, e.t, e.amp):
        del name
        parts.append(np.sqrt(s[i] * s[j]))
    centre = (ti + tj) / 2.0
    if "position_pair" in sets and len(i):
        fs = sets["position_pair"]
        order = np.argsort(centre, kind="stable")
        ref = _reference(fs.kind, n, float(centre[order[0]]), float(centre[order[-1]]))
        parts.append(fs.score(centre - ref))
    if "size" in sets:
        parts.append(sets["size"].score(tj - ti))
    if "gray" in sets and len(i):
        cum = np.concatenate([[0.0], np.cumsum(e.values)])
        lo = np.clip(np.ceil(ti).astype(int), 0, n)
        hi = np.clip(np.floor(tj).astype(int) + 1, 0, n)
        count = np.maximum(hi - lo, 1)
        mean = np.where(hi > lo, (cum[hi] - cum[lo]) / count, e.values[np.clip(lo, 0, n - 1)])
        parts.append(sets["gray"].score(mean))
    return i, j, _geo_mean(parts, len(i))


def _pair_outputs(e: _Edges, i: np.ndarray, j: np.ndarray) -> tuple:
    r1, c1 = _positions(e.m, e.t[i])
    r2, c2 = _positions(e.m, e.t[j])
    rc, cc = _positions(e.m, (e.t[i] + e.t[j]) / 2.0)
    intra = np.hypot(r2 - r1, c2 - c1)
    return r1, c1, r2, c2, rc, cc, intra


_PAIR_OUT = (
    "RowEdgeFirst",
    "ColumnEdgeFirst",
    "AmplitudeFirst",
    "RowEdgeSecond",
    "ColumnEdgeSecond",
    "AmplitudeSecond",
)


@operator(
    "fuzzy_measure_pairs",
    *_COMMON,
    *(ControlOut(n, types="real") for n in _PAIR_OUT),
    ControlOut("RowEdgeCenter", types="real"),
    ControlOut("ColumnEdgeCenter", types="real"),
    ControlOut("FuzzyScore", types="real"),
    ControlOut("IntraDistance", types="real"),
    ControlOut("InterDistance", types="real"),
)
def fuzzy_measure_pairs(ctx, image, handle, sigma, amp_thresh, fuzzy_thresh, transition) -> tuple:
    """Edge pairs chosen by their fuzzy scores, neither interleaved nor nested, in profile
    order: the two edges, their centre, the score, the pair width (IntraDistance) and the
    gaps between consecutive pairs (InterDistance)."""
    e = _extract(ctx, image, handle, sigma, amp_thresh)
    thresh = _fuzzy_thresh(ctx, fuzzy_thresh)
    i, j, score = _candidates(e, transition[0], fuzzy_sets(e.m))
    ok = score >= thresh
    i, j, score = i[ok], j[ok], score[ok]
    chosen: list[int] = []
    taken: list[tuple[float, float]] = []
    for k in np.lexsort((e.t[i], e.t[j] - e.t[i], -score)):
        a, b = float(e.t[i[k]]), float(e.t[j[k]])
        if all(b < lo or a > hi for lo, hi in taken):
            chosen.append(int(k))
            taken.append((a, b))
    sel = np.array(sorted(chosen, key=lambda k: e.t[i[k]]), dtype=int)
    i, j, score = i[sel], j[sel], score[sel]
    r1, c1, r2, c2, rc, cc, intra = _pair_outputs(e, i, j)
    inter = np.hypot(r1[1:] - r2[:-1], c1[1:] - c2[:-1])
    values = (r1, c1, e.amp[i], r2, c2, e.amp[j], rc, cc, score, intra, inter)
    return tuple(_floats(v) for v in values)


@operator(
    "fuzzy_measure_pairing",
    *_COMMON,
    ControlIn(
        "Pairing", types="string", count=1, default="no_restriction", values=("no_restriction",)
    ),
    ControlIn("NumPairs", types="integer", count=1, default=10),
    *(ControlOut(n, types="real") for n in _PAIR_OUT),
    ControlOut("RowPairCenter", types="real"),
    ControlOut("ColumnPairCenter", types="real"),
    ControlOut("FuzzyScore", types="real"),
    ControlOut("IntraDistance", types="real"),
)
def fuzzy_measure_pairing(
    ctx, image, handle, sigma, amp_thresh, fuzzy_thresh, transition, pairing, num_pairs
) -> tuple:
    """Edge pairs by their fuzzy scores without restriction (pairs may interleave or nest):
    the NumPairs best-scored pairs (0: all), best first."""
    del pairing
    if num_pairs[0] < 0:
        raise ctx.param_error("value", "NumPairs", f"{num_pairs[0]} must not be negative")
    e = _extract(ctx, image, handle, sigma, amp_thresh)
    thresh = _fuzzy_thresh(ctx, fuzzy_thresh)
    i, j, score = _candidates(e, transition[0], fuzzy_sets(e.m))
    ok = score >= thresh
    i, j, score = i[ok], j[ok], score[ok]
    order = np.lexsort((e.t[j], e.t[i], -score))
    if num_pairs[0] > 0:
        order = order[: num_pairs[0]]
    i, j, score = i[order], j[order], score[order]
    r1, c1, r2, c2, rc, cc, intra = _pair_outputs(e, i, j)
    values = (r1, c1, e.amp[i], r2, c2, e.amp[j], rc, cc, score, intra)
    return tuple(_floats(v) for v in values)
