"""Seeding torch, NumPy and Python from ``set_system ('seed_rand', N)``."""

from __future__ import annotations

from typing import Any

_KEY = "dl"


def attach(session: Any) -> None:
    """Make ``seed_rand`` reach torch's, NumPy's and Python's generators for this run.

    Registers once per session (and seeds right away if the run was seeded before the
    first deep-learning operator). With the same seed and data, training on the CPU
    gives the same losses.
    """
    state = session.state.setdefault(_KEY, {})
    if not state.get("seeding"):
        state["seeding"] = True
        session.on_seed(seed_all)


def seed_all(seed: int) -> None:
    """Seed torch (CPU and CUDA), NumPy's global generator and Python's ``random``."""
    import random

    import numpy as np
    import torch

    torch.manual_seed(seed)
    np.random.seed(seed % 2**32)
    random.seed(seed)
