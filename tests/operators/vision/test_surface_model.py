"""Surface-based matching on synthetic scenes: a box seen from the camera at known poses,
with noise and a cluttered plane behind it."""

from __future__ import annotations

import math

import numpy as np
import pytest

POSES = [(0.02, -0.01, 0.5, 20.0, 35.0, 70.0, 0), (-0.05, 0.03, 0.45, 300.0, 10.0, 200.0, 0)]


def _box_surface(step: float = 0.002) -> tuple[np.ndarray, np.ndarray]:
    """Points and outward normals on the faces of a 10 x 6 x 4 cm box around the origin."""
    half = np.array([0.05, 0.03, 0.02])
    pts, nrm = [], []
    for ax in range(3):
        o = [i for i in range(3) if i != ax]
        g1 = np.arange(-half[o[0]], half[o[0]] + 1e-9, step)
        g2 = np.arange(-half[o[1]], half[o[1]] + 1e-9, step)
        a, b = (v.ravel() for v in np.meshgrid(g1, g2))
        for sign in (-1.0, 1.0):
            p = np.zeros((a.size, 3))
            p[:, o[0]], p[:, o[1]], p[:, ax] = a, b, sign * half[ax]
            n = np.zeros_like(p)
            n[:, ax] = sign
            pts.append(p)
            nrm.append(n)
    return np.vstack(pts), np.vstack(nrm)


def _floats(a: np.ndarray) -> tuple:
    return tuple(float(v) for v in a)


def _points(call, p: np.ndarray):
    return call(
        "gen_object_model_3d_from_points", _floats(p[:, 0]), _floats(p[:, 1]), _floats(p[:, 2])
    )[0][0]


def _matrix(call, pose) -> np.ndarray:
    (m,) = call("pose_to_hom_mat3d", pose)
    return np.vstack([np.reshape(m, (3, 4)), [0.0, 0.0, 0.0, 1.0]])


def _scene(call, poses, seed: int = 0):
    """The visible faces of the box at each pose, noise of 0.2 mm and a plane behind."""
    pts, nrm = _box_surface()
    parts = []
    for pose in poses:
        m = _matrix(call, pose)
        s = pts @ m[:3, :3].T + m[:3, 3]
        facing = ((nrm @ m[:3, :3].T) * -s).sum(axis=1) > 0  # normals toward the camera
        parts.append(s[facing])
    rng = np.random.default_rng(seed)
    parts.append(np.c_[rng.uniform(-0.15, 0.15, (3000, 2)), np.full(3000, 0.58)])
    scene = np.vstack(parts)
    return _points(call, scene + rng.normal(0.0, 0.0002, scene.shape))


@pytest.fixture(scope="module")
def model(host):
    from tests.conftest import Caller

    call = Caller(host)
    pts, nrm = _box_surface()
    h = _points(call, pts)
    names = ("point_normal_x", "point_normal_y", "point_normal_z")
    (h,) = call("set_object_model_3d_attrib", h, names, (), _floats(nrm.T.ravel()))
    (sfm,) = call("create_surface_model", h, 0.05, (), ())
    return call, sfm[0]


#: the box's symmetries (half turns about its axes): poses that differ by one are the same
SYMMETRIES = [np.diag(v) for v in ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1))]


def _errors(call, found, truth) -> tuple[float, float]:
    """Distance of the box centres (the model origin) and the smallest rotation between the
    poses up to the box's symmetries."""
    f, t = _matrix(call, found), _matrix(call, truth)
    centre = float(np.linalg.norm(f[:3, 3] - t[:3, 3]))
    angles = []
    for sym in SYMMETRIES:
        r = f[:3, :3].T @ t[:3, :3] @ sym
        angles.append(math.degrees(math.acos(max(-1.0, min(1.0, (np.trace(r) - 1) / 2)))))
    return centre, min(angles)


def test_find_one_box_within_1mm_and_1deg(model):
    call, sfm = model
    assert math.isclose(
        call("get_surface_model_param", sfm, "diameter")[0][0],
        math.sqrt(0.1**2 + 0.06**2 + 0.04**2),
    )
    pose, score, result = call(
        "find_surface_model", sfm, _scene(call, POSES[:1]), 0.05, 0.2, 0.2, "true", (), ()
    )
    assert len(pose) == 7 and len(score) == 1 and score[0] > 0.3
    dist, angle = _errors(call, pose, POSES[0])
    assert dist < 0.001 and angle < 1.0
    assert call("get_surface_matching_result", result, "pose", 0)[0] == pose
    assert call("get_surface_matching_result", result, "score", 0)[0] == score
    (sampled,) = call("get_surface_matching_result", result, "sampled_scene", 0)
    assert call("get_object_model_3d_params", sampled, "num_points")[0][0] > 100
    assert call.code("get_surface_matching_result", result, "pose", 3) == 1303
    call("clear_surface_matching_result", result)


def test_two_instances_and_min_score(model):
    call, sfm = model
    scene = _scene(call, POSES, seed=1)
    poses, scores, _ = call(
        "find_surface_model", sfm, scene, 0.05, 0.2, 0.2, "false", "num_matches", 2
    )
    assert len(scores) == 2
    found = [poses[i : i + 7] for i in (0, 7)]
    for truth in POSES:
        best = min(_errors(call, f, truth) for f in found)
        assert best[0] < 0.001 and best[1] < 1.0
    none = call("find_surface_model", sfm, scene, 0.05, 0.2, 0.99, "false", (), ())
    assert none[0] == () and none[1] == ()


def test_files_params_and_errors(model, tmp_path):
    call, sfm = model
    path = str(tmp_path / "box.sfm")
    call("write_surface_model", sfm, path)
    (back,) = call("read_surface_model", path)
    names = ("diameter", "rel_sampling_distance", "feat_angle_resolution")
    assert call("get_surface_model_param", back, names) == call(
        "get_surface_model_param", sfm, names
    )
    (sampled,) = call("get_surface_model_param", back, "sampled_model")
    assert call("get_object_model_3d_params", sampled, "has_point_normals")[0] == ("true",)
    scene = _scene(call, POSES[:1])
    a = call("find_surface_model", sfm, scene, 0.05, 0.2, 0.0, "false", (), ())[0]
    b = call("find_surface_model", back[0], scene, 0.05, 0.2, 0.0, "false", (), ())[0]
    assert np.allclose(a, b)
    call("clear_surface_model", back)
    assert call.code("get_surface_model_param", back, "diameter") == 2454
    assert call.code("read_surface_model", str(tmp_path / "none.sfm")) == 5200
    raw = bytearray((tmp_path / "box.sfm").read_bytes())
    raw[-5] ^= 0xFF
    (tmp_path / "bad.sfm").write_bytes(bytes(raw))
    assert call.code("read_surface_model", str(tmp_path / "bad.sfm")) == 5238
    bare = _points(call, np.random.default_rng(2).uniform(0, 1, (50, 3)))
    assert call.code("create_surface_model", bare, 0.05, (), ()) == 1301
    assert call.code("create_surface_model", bare, 1.5, (), ()) == 1302
    assert call.code("find_surface_model", sfm, scene, 0.05, 2.0, 0.0, "false", (), ()) == 1304


def test_too_fine_a_model_is_out_of_memory(model):
    call, _ = model
    pts, nrm = _box_surface(0.001)
    h = _points(call, pts)
    names = ("point_normal_x", "point_normal_y", "point_normal_z")
    (h,) = call("set_object_model_3d_attrib", h, names, (), _floats(nrm.T.ravel()))
    assert call.code("create_surface_model", h, 0.005, (), ()) == 6001


def test_serialized_surface_model(model):
    call, sfm = model
    (item,) = call("serialize_surface_model", sfm)
    (back,) = call("deserialize_surface_model", item)
    names = ("diameter", "center", "feat_step_size_rel")
    assert call("get_surface_model_param", back, names) == call(
        "get_surface_model_param", sfm, names
    )
    (other,) = call("serialize_object_model_3d", _points(call, np.zeros((3, 3))))
    assert call.code("deserialize_surface_model", other) == 9580
