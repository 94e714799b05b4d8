"""Local deformable matching on a synthetic label bent by a known smooth deformation.

Tolerances: the model origin within 0.5 pixel of its true image position, deformed model
contours within 0.5 pixel (median; 90 % within 1.2) of the truth, the rectified image
within 12 gray values (median absolute difference) of the template inside its domain,
where an almost rigid fit (smoothness 1000) is off by more than twice as much.
"""

from __future__ import annotations

import numpy as np
import pytest

from hdlite.plugin import Image, ObjectTuple, Region

H, W = 120, 160


def label() -> np.ndarray:
    """Blocks of different grays in a staggered grid, and a frame: edges in every direction."""
    import cv2

    img = np.full((H + 80, W + 80), 40, np.uint8)
    for i in range(5):
        for k in range(7):
            top, left = 50 + 20 * i, 50 + 20 * k + (6 if i % 2 else 0)
            gray = 90 + (37 * (i * 7 + k)) % 150
            cv2.rectangle(img, (left, top), (left + 11, top + 11), gray, -1)
    cv2.rectangle(img, (44, 44), (195, 155), 220, 2)
    return cv2.GaussianBlur(img, (0, 0), 1.0)


def bend(img: np.ndarray, shift: tuple[float, float], amp: float, noise: float):
    """The image bent: a pixel (r, c) of the result shows the label at (r - dr, c - dc), with
    dr = shift_r + amp sin(c / 40), dc = shift_c + amp cos(r / 50); returns the image and the
    forward map of label points."""
    import cv2

    h, w = img.shape
    rr, cc = np.mgrid[0:h, 0:w].astype(np.float64)

    def disp(r, c):
        return shift[0] + amp * np.sin(c / 40.0), shift[1] + amp * np.cos(r / 50.0)

    # invert by fixed-point iteration: find label point p with p + disp(p) = q
    pr, pc = rr.copy(), cc.copy()
    for _ in range(30):
        dr, dc = disp(pr, pc)
        pr, pc = rr - dr, cc - dc
    out = cv2.remap(
        img.astype(np.float32),
        pc.astype(np.float32),
        pr.astype(np.float32),
        cv2.INTER_LINEAR,
        borderValue=40,
    )
    out = out + np.random.default_rng(1).normal(0, noise, out.shape)

    def forward(r, c):
        dr, dc = disp(r, c)
        return r + dr, c + dc

    return np.clip(np.rint(out), 0, 255).astype(np.uint8), forward


@pytest.fixture
def model(call):
    domain = Region.rectangle(40, 40, 40 + H - 1, 40 + W - 1)
    tmpl = ObjectTuple([Image(label()[None], "byte", domain)])
    args = (
        "auto",
        -0.2,
        0.4,
        "auto",
        1.0,
        1.0,
        "auto",
        1.0,
        1.0,
        "auto",
        "none",
        "use_polarity",
        "auto",
        "auto",
        (),
        (),
    )
    return call("create_local_deformable_model", tmpl, *args)[0]


def _find(
    call,
    mid,
    scene,
    kinds=("image_rectified", "vector_field", "deformed_contours"),
    smooth=10,
    min_score=0.5,
):
    return call(
        "find_local_deformable_model", ObjectTuple([Image(scene[None], "byte", None)]), mid,
        -0.2, 0.4, 1.0, 1.0, 1.0, 1.0, min_score, 1, 1.0, 0, 0.9, kinds,
        ("deformation_smoothness",), (smooth,),
    )  # fmt: skip


def test_deformation_recovered(call, model):
    scene, forward = bend(label(), (6.0, -4.0), 3.0, noise=3.0)
    rect, field, conts, score, row, col = _find(call, model, scene)
    assert len(score) == 1 and score[0] > 0.7
    origin = ((40 + 40 + H - 1) / 2, (40 + 40 + W - 1) / 2)
    true_r, true_c = forward(np.array(origin[0]), np.array(origin[1]))
    assert abs(row[0] - true_r) < 0.5 and abs(col[0] - true_c) < 0.5
    # deformed contours against the bent model contours
    (model_conts,) = call("get_deformable_model_contours", model, 1)
    errs = []
    for mc, dc in zip(model_conts, conts, strict=True):
        tr, tc = forward(np.asarray(mc.rows) + origin[0], np.asarray(mc.cols) + origin[1])
        errs.append(np.hypot(np.asarray(dc.rows) - tr, np.asarray(dc.cols) - tc))
    err = np.concatenate(errs)
    assert np.median(err) < 0.5 and np.percentile(err, 90) < 1.2
    # an almost rigid fit (smoothness 1000) misses the bend
    stiff = _find(call, model, scene, kinds=("deformed_contours",), smooth=1000)[2]
    stiff_err = []
    for m, d in zip(model_conts, stiff, strict=True):
        tr, tc = forward(np.asarray(m.rows) + origin[0], np.asarray(m.cols) + origin[1])
        stiff_err.append(np.hypot(np.asarray(d.rows) - tr, np.asarray(d.cols) - tc))
    stiff_err = np.concatenate(stiff_err)
    assert np.percentile(stiff_err, 90) > 2 * np.percentile(err, 90)
    # the rectified image shows the template again
    r = rect[0]
    inside = r.domain.to_mask(r.height, r.width).astype(bool)
    diff = np.abs(r.data[0].astype(float) - label()[: r.height, : r.width].astype(float))[inside]
    assert np.median(diff) < 12
    # the vector field: the image position of each template pixel
    f = field[0]
    assert f.data.shape[0] == 2 and f.pixel_type == "real"
    fr, fc = forward(np.array(100.0), np.array(120.0))
    assert abs(f.data[0][100, 120] - fr) < 1.0 and abs(f.data[1][100, 120] - fc) < 1.0


def test_outputs_follow_result_type_and_no_match(call, model):
    scene, _ = bend(label(), (2.0, 3.0), 0.0, noise=0.0)
    rect, field, conts, score, row, col = _find(call, model, scene, kinds=("deformed_contours",))
    assert len(rect) == 0 and len(field) == 0 and len(conts) >= 1 and score[0] > 0.9
    assert abs(row[0] - 101.5) < 0.5 and abs(col[0] - 122.5) < 0.5
    flat = np.full((200, 240), 40, np.uint8)
    assert _find(call, model, flat)[3:] == ((), (), ())


def test_params_contours_and_errors(call, model):
    (values,) = call(
        "get_deformable_model_params", model, ("model_type", "angle_start", "metric", "num_levels")
    )
    assert (
        values[0] == "local"
        and values[1] == pytest.approx(-0.2)
        and values[2] == "use_polarity"
        and values[3] >= 1
    )
    (conts,) = call("get_deformable_model_contours", model, 1)
    rows = np.concatenate([np.asarray(c.rows) for c in conts])
    assert abs(rows.min()) < H / 2 + 2 and abs(rows.max()) < H / 2 + 2  # relative to the origin
    assert 1301 <= call.code("get_deformable_model_contours", model, 99) <= 1320
    assert 1301 <= call.code("get_deformable_model_params", model, "colour") <= 1320
    scene = np.full((50, 50), 40, np.uint8)
    img = ObjectTuple([Image(scene[None], "byte", None)])
    base = (-0.2, 0.4, 1.0, 1.0, 1.0, 1.0, 0.5, 1, 1.0, 0, 0.9, ())
    assert (
        1301
        <= call.code("find_local_deformable_model", img, model, *base, ("smooth",), (3,))
        <= 1320
    )
    assert (
        1301
        <= call.code(
            "find_local_deformable_model", img, model, *base, ("deformation_smoothness",), (-3,)
        )
        <= 1320
    )
    tmpl = ObjectTuple([Image(label()[None], "byte", None)])
    args = (
        "auto",
        -0.2,
        0.4,
        "auto",
        1.0,
        1.0,
        "auto",
        1.0,
        1.0,
        "auto",
        "none",
        "use_polarity",
        "auto",
        "auto",
    )
    assert (
        1301
        <= call.code("create_local_deformable_model", tmpl, *args, ("part_size",), ("big",))
        <= 1320
    )
    call("clear_deformable_model", model)
    assert call.code("get_deformable_model_contours", model, 1) == 2454
