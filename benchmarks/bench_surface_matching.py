"""Time surface-based 3-D matching on a synthetic scene and report the pose errors.

The model is a 10 x 6 x 4 cm box sampled every 2 mm with outward normals; the scene holds
the faces of the box that a camera at the origin sees, at two poses about 0.5 m away, 0.2 mm
Gaussian noise and a cluttered plane behind (about 10 000 points). create_surface_model
(RelSamplingDistance ``--model-rel``) and find_surface_model (RelSamplingDistance 0.05,
KeyPointFraction 0.2, 2 matches) are timed, best of ``--repeat`` runs, and the largest
centre and rotation errors (up to the box's half-turn symmetries) are printed.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_surface_matching.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import math
import time

import numpy as np

from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.session import Session

POSES = [(0.02, -0.01, 0.5, 20.0, 35.0, 70.0, 0), (-0.05, 0.03, 0.45, 300.0, 10.0, 200.0, 0)]
SYMMETRIES = [np.diag(v) for v in ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1))]


def box_surface(step: float = 0.002) -> tuple[np.ndarray, np.ndarray]:
    """Points and outward normals on the faces of the box."""
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


def main() -> None:
    """Build the scene, time the operators, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model-rel", type=float, default=0.03)
    args = parser.parse_args()
    host = make_plugin_manager()
    session = Session(out=io.StringIO())

    def call(name: str, *values: object) -> tuple:
        op = host.registry.get(name)
        assert op is not None
        ins = [v if isinstance(v, tuple) else (v,) for v in values]
        return call_operator(CallContext(session, op, None), ins)

    def floats(a: np.ndarray) -> tuple:
        return tuple(float(v) for v in a)

    def matrix(pose: tuple) -> np.ndarray:
        (m,) = call("pose_to_hom_mat3d", pose)
        return np.vstack([np.reshape(m, (3, 4)), [0.0, 0.0, 0.0, 1.0]])

    pts, nrm = box_surface()
    (model,) = call("gen_object_model_3d_from_points", *(floats(pts[:, i]) for i in range(3)))
    names = ("point_normal_x", "point_normal_y", "point_normal_z")
    (model,) = call("set_object_model_3d_attrib", model, names, (), floats(nrm.T.ravel()))
    parts = []
    for pose in POSES:
        m = matrix(pose)
        s = pts @ m[:3, :3].T + m[:3, 3]
        parts.append(s[((nrm @ m[:3, :3].T) * -s).sum(axis=1) > 0])
    rng = np.random.default_rng(0)
    parts.append(np.c_[rng.uniform(-0.15, 0.15, (3000, 2)), np.full(3000, 0.58)])
    scene_pts = np.vstack(parts)
    scene_pts += rng.normal(0.0, 0.0002, scene_pts.shape)
    (scene,) = call("gen_object_model_3d_from_points", *(floats(scene_pts[:, i]) for i in range(3)))
    create_t, find_t = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        (sfm,) = call("create_surface_model", model, args.model_rel, (), ())
        t1 = time.perf_counter()
        poses, scores, _ = call(
            "find_surface_model", sfm, scene, 0.05, 0.2, 0.0, "false", "num_matches", 2
        )
        t2 = time.perf_counter()
        create_t.append(t1 - t0)
        find_t.append(t2 - t1)
    worst_c = worst_a = 0.0
    for truth in POSES:
        t = matrix(truth)
        best = (math.inf, math.inf)
        for i in range(0, len(poses), 7):
            f = matrix(poses[i : i + 7])
            centre = float(np.linalg.norm(f[:3, 3] - t[:3, 3]))
            angle = min(
                math.degrees(
                    math.acos(max(-1.0, min(1.0, (np.trace(f[:3, :3].T @ t[:3, :3] @ s) - 1) / 2)))
                )
                for s in SYMMETRIES
            )
            best = min(best, (centre, angle))
        worst_c, worst_a = max(worst_c, best[0]), max(worst_a, best[1])
    print(f"scene points: {len(scene_pts)}, model RelSamplingDistance {args.model_rel}")
    print(f"create_surface_model: {min(create_t) * 1000:.0f} ms")
    print(f"find_surface_model (2 matches): {min(find_t) * 1000:.0f} ms, scores {scores}")
    print(f"worst centre error {worst_c * 1000:.3f} mm, worst rotation error {worst_a:.3f} deg")


if __name__ == "__main__":
    main()
