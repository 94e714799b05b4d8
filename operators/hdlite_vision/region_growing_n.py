"""Region growing on multi-channel images: regiongrowing_n.

Facts from MVTec's reference pages (``search`` tool: regiongrowing_n, HALCON 12-23.11):
regiongrowing_n(MultiChannelImage : Regions : Metric, MinTolerance, MaxTolerance, MinSize)
treats the n channels of a pixel as a feature vector and puts two 4-neighbours into one region
when the metric of their feature vectors lies in [MinTolerance, MaxTolerance]; regions of
fewer than MinSize pixels are dropped. Defaults '2-norm', 0.0, 20.0, 30 [unverified].

Metrics hdlite computes, for the vectors a and b of two neighbours (g_i their channels):
'1-norm', '2-norm', '3-norm', '4-norm' (p-norm of a - b), 'n-norm' (p = n, the number of
channels), 'max-diff' / 'min-diff' (largest / smallest |a_i - b_i|), 'variance' (variance of
the differences a_i - b_i), 'dot-product' (a . b), 'mean-diff', 'length-diff',
'gray-max-diff', 'gray-min-diff', 'variance-diff', 'mean-abs-diff' (absolute difference of
the mean, 2-norm length, largest channel, smallest channel, channel variance, mean absolute
value of a and of b). The page's formulas could not be read; these readings of the metric
names are [unverified]. The ratio metrics and 'correlation' are not offered (wrong value).
Regions come in raster order of their first pixel; only the domain takes part.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hdlite.plugin import CallContext, ControlIn, IconicIn, IconicOut, ObjectTuple, operator

from ._gray import domain_mask, images
from .region_growing import _regions_of

_Metric = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _norm(p: float | None) -> _Metric:
    def metric(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        power = float(a.shape[0]) if p is None else p
        return np.asarray((np.abs(a - b) ** power).sum(axis=0) ** (1.0 / power))

    return metric


def _of_each(feature: Callable[[np.ndarray], np.ndarray]) -> _Metric:
    return lambda a, b: np.abs(feature(a) - feature(b))


_METRICS: dict[str, _Metric] = {
    "1-norm": _norm(1.0),
    "2-norm": _norm(2.0),
    "3-norm": _norm(3.0),
    "4-norm": _norm(4.0),
    "n-norm": _norm(None),
    "max-diff": lambda a, b: np.abs(a - b).max(axis=0),
    "min-diff": lambda a, b: np.abs(a - b).min(axis=0),
    "variance": lambda a, b: (a - b).var(axis=0),
    "dot-product": lambda a, b: (a * b).sum(axis=0),
    "mean-diff": _of_each(lambda v: v.mean(axis=0)),
    "length-diff": _of_each(lambda v: np.sqrt((v * v).sum(axis=0))),
    "gray-max-diff": _of_each(lambda v: v.max(axis=0)),
    "gray-min-diff": _of_each(lambda v: v.min(axis=0)),
    "variance-diff": _of_each(lambda v: v.var(axis=0)),
    "mean-abs-diff": _of_each(lambda v: np.abs(v).mean(axis=0)),
}


@operator(
    "regiongrowing_n",
    IconicIn("MultiChannelImage"),
    IconicOut("Regions"),
    ControlIn("Metric", types="string", count=1, default="2-norm", values=tuple(_METRICS)),
    ControlIn("MinTolerance", types="number", count=1, default=0.0),
    ControlIn("MaxTolerance", types="number", count=1, default=20.0),
    ControlIn("MinSize", types="integer", count=1, default=30),
)
def regiongrowing_n(
    ctx: CallContext, image: ObjectTuple, metric: tuple, lo: tuple, hi: tuple, min_size: tuple
) -> tuple:
    """Regions of similar feature vectors (all channels of a pixel): 4-neighbours join when
    the Metric of their vectors lies in [MinTolerance, MaxTolerance]; regions under MinSize
    pixels are dropped."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    low, high, smallest = float(lo[0]), float(hi[0]), int(min_size[0])
    if smallest < 0:
        raise ctx.param_error("value", "MinSize", f"{smallest} must not be negative")
    measure = _METRICS[metric[0]]
    out = []
    for img in images(ctx, image):
        if img.pixel_type in ("complex", "vector_field"):
            raise ctx.error(9007, f"pixel type {img.pixel_type!r} is not supported")
        data = img.data.astype(np.float64)
        valid = domain_mask(img)
        height, width = valid.shape
        index = np.arange(height * width).reshape(height, width)
        src, dst = [], []
        with np.errstate(all="ignore"):
            for a, b, fa, fb, va, vb in (
                (
                    index[:, :-1],
                    index[:, 1:],
                    data[:, :, :-1],
                    data[:, :, 1:],
                    valid[:, :-1],
                    valid[:, 1:],
                ),
                (
                    index[:-1, :],
                    index[1:, :],
                    data[:, :-1, :],
                    data[:, 1:, :],
                    valid[:-1, :],
                    valid[1:, :],
                ),
            ):
                value = measure(fa, fb)
                link = (value >= low) & (value <= high) & va & vb
                src.append(a[link])
                dst.append(b[link])
        s, d = np.concatenate(src), np.concatenate(dst)
        graph = coo_matrix((np.ones(len(s)), (s, d)), shape=(index.size, index.size))
        _, comp = connected_components(graph, directed=False)
        labels = np.where(valid, comp.reshape(height, width) + 1, 0)
        area = np.bincount(labels.reshape(-1))
        firsts = np.unique(labels[labels > 0])  # component numbers follow raster order
        keep = [int(lab) for lab in firsts if area[lab] >= smallest]
        out.extend(_regions_of(labels, keep))
    return (ObjectTuple(out),)
