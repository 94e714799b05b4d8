"""Anchors, box coding, overlap and non-maximum suppression of the detection models.

Boxes are axis-aligned rectangles ``(row1, col1, row2, col2)`` in HALCON's pixel
coordinates (the centre of the upper-left pixel is (0, 0)), as in the ``bbox_*`` keys of
samples and results. Extents are ``row2 - row1`` and ``col2 - col1``, so a box is a
continuous rectangle and its overlap with another is the usual intersection over union.

Anchors follow the feature-pyramid scheme of RetinaNet (Lin et al., "Focal Loss for Dense
Object Detection", 2017): level ``l`` has stride ``2**l``; at every feature cell it places
``anchor_num_subscales * len(anchor_aspect_ratios)`` boxes of base size ``4 * 2**l``,
scaled by ``2**(k / anchor_num_subscales)`` and shaped by the aspect ratio ``height /
width`` (HALCON's definition of 'anchor_aspect_ratios' for 'rectangle1' is the ratio of
height to width [unverified; hdlite's reading]). The order of anchors (level, cell row,
cell column, subscale, ratio) is the order of the heads' outputs.

Box regression targets are the usual ``(dr/h, dc/w, log(h'/h), log(w'/w))`` relative to
the anchor's centre and size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

#: base anchor size in units of the level's stride (RetinaNet's choice)
ANCHOR_SCALE = 4.0
#: largest log-size change decoded (avoids overflow of exp for wild outputs)
MAX_LOG_SCALE = math.log(1000.0 / 16.0)


def level_shapes(height: int, width: int, levels: Sequence[int]) -> list[tuple[int, int]]:
    """Feature map size ``(rows, columns)`` of each pyramid level for an input image."""
    return [(math.ceil(height / 2**level), math.ceil(width / 2**level)) for level in levels]


def cell_anchors(level: int, num_subscales: int, aspect_ratios: Sequence[float]) -> torch.Tensor:
    """The ``(h, w)`` of the anchors of one cell of ``level``, shape (A, 2)."""
    sizes = []
    base = ANCHOR_SCALE * 2**level
    for k in range(num_subscales):
        size = base * 2 ** (k / num_subscales)
        for ratio in aspect_ratios:
            sizes.append((size * math.sqrt(ratio), size / math.sqrt(ratio)))
    return torch.tensor(sizes, dtype=torch.float32)


def anchors(
    height: int,
    width: int,
    levels: Sequence[int],
    num_subscales: int,
    aspect_ratios: Sequence[float],
) -> torch.Tensor:
    """All anchors of an image, shape (N, 4) as ``(row1, col1, row2, col2)``."""
    out = []
    for level, (rows, cols) in zip(levels, level_shapes(height, width, levels), strict=True):
        stride = 2**level
        sizes = cell_anchors(level, num_subscales, aspect_ratios)  # (A, 2)
        r = (torch.arange(rows, dtype=torch.float32) + 0.5) * stride - 0.5
        c = (torch.arange(cols, dtype=torch.float32) + 0.5) * stride - 0.5
        rr, cc = torch.meshgrid(r, c, indexing="ij")
        centres = torch.stack([rr.reshape(-1), cc.reshape(-1)], dim=1)  # (rows*cols, 2)
        centres = centres[:, None, :].expand(-1, len(sizes), 2)
        half = sizes[None, :, :] / 2
        boxes = torch.cat([centres - half, centres + half], dim=2)  # (cells, A, 4)
        out.append(boxes.reshape(-1, 4))
    return torch.cat(out)


def encode(anchor_boxes: torch.Tensor, boxes: torch.Tensor) -> torch.Tensor:
    """Regression targets of ``boxes`` relative to ``anchor_boxes`` (both (N, 4))."""
    ah = anchor_boxes[:, 2] - anchor_boxes[:, 0]
    aw = anchor_boxes[:, 3] - anchor_boxes[:, 1]
    ar = anchor_boxes[:, 0] + ah / 2
    ac = anchor_boxes[:, 1] + aw / 2
    h = (boxes[:, 2] - boxes[:, 0]).clamp(min=1e-3)
    w = (boxes[:, 3] - boxes[:, 1]).clamp(min=1e-3)
    r = boxes[:, 0] + h / 2
    c = boxes[:, 1] + w / 2
    return torch.stack([(r - ar) / ah, (c - ac) / aw, torch.log(h / ah), torch.log(w / aw)], 1)


def decode(anchor_boxes: torch.Tensor, deltas: torch.Tensor) -> torch.Tensor:
    """Boxes from regression outputs ``deltas`` relative to ``anchor_boxes``."""
    ah = anchor_boxes[:, 2] - anchor_boxes[:, 0]
    aw = anchor_boxes[:, 3] - anchor_boxes[:, 1]
    ar = anchor_boxes[:, 0] + ah / 2
    ac = anchor_boxes[:, 1] + aw / 2
    r = ar + deltas[:, 0] * ah
    c = ac + deltas[:, 1] * aw
    h = ah * torch.exp(deltas[:, 2].clamp(max=MAX_LOG_SCALE))
    w = aw * torch.exp(deltas[:, 3].clamp(max=MAX_LOG_SCALE))
    return torch.stack([r - h / 2, c - w / 2, r + h / 2, c + w / 2], 1)


def iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Intersection over union of every box of ``a`` (N, 4) with every box of ``b`` (M, 4)."""
    area_a = (a[:, 2] - a[:, 0]).clamp(min=0) * (a[:, 3] - a[:, 1]).clamp(min=0)
    area_b = (b[:, 2] - b[:, 0]).clamp(min=0) * (b[:, 3] - b[:, 1]).clamp(min=0)
    top_left = torch.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = (bottom_right - top_left).clamp(min=0).prod(dim=2)
    union = area_a[:, None] + area_b[None, :] - inter
    return torch.where(union > 0, inter / union.clamp(min=1e-12), torch.zeros_like(inter))


def nms(boxes: torch.Tensor, scores: torch.Tensor, max_overlap: float) -> torch.Tensor:
    """Greedy non-maximum suppression: indices of the kept boxes, best score first.

    A box is dropped when its overlap (IoU) with a kept box of higher score is larger than
    ``max_overlap``; ``max_overlap`` 1 keeps every box. Ties keep the lower index first.
    """
    order = torch.sort(scores, descending=True, stable=True).indices
    if max_overlap >= 1.0 or len(order) < 2:
        return order
    overlaps = iou(boxes[order], boxes[order])
    suppressed = torch.zeros(len(order), dtype=torch.bool)
    keep = []
    for i in range(len(order)):
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= overlaps[i] > max_overlap
    return order[torch.tensor(keep, dtype=torch.long)]


def select(
    boxes: torch.Tensor,
    scores: torch.Tensor,
    min_confidence: float,
    max_overlap: float,
    max_overlap_class_agnostic: float,
    max_num_detections: int,
    candidates: int = 1000,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The detections of one image from per-anchor boxes (N, 4) and class scores (N, C).

    Keeps the (anchor, class) pairs with a score of at least ``min_confidence`` (at most
    ``candidates`` of the best), suppresses overlapping boxes of the same class
    (``max_overlap``), then of any class (``max_overlap_class_agnostic``), and returns at
    most ``max_num_detections`` as ``(boxes, class indices, scores)``, best first.
    """
    anchor_index, class_index = torch.nonzero(scores >= min_confidence, as_tuple=True)
    values = scores[anchor_index, class_index]
    if len(values) > candidates:
        top = torch.topk(values, candidates).indices
        anchor_index, class_index, values = anchor_index[top], class_index[top], values[top]
    kept = []
    for cls in torch.unique(class_index):
        members = torch.nonzero(class_index == cls, as_tuple=True)[0]
        kept.append(members[nms(boxes[anchor_index[members]], values[members], max_overlap)])
    if not kept:
        empty = torch.zeros(0, dtype=torch.long)
        return boxes.new_zeros((0, 4)), empty, scores.new_zeros(0)
    chosen = torch.cat(kept)
    chosen = chosen[nms(boxes[anchor_index[chosen]], values[chosen], max_overlap_class_agnostic)]
    chosen = chosen[:max_num_detections]
    return boxes[anchor_index[chosen]], class_index[chosen], values[chosen]
