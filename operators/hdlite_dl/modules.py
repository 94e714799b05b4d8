"""The modules of this plugin whose operators are registered.

Importing them does not import torch: operator functions import it when they first run.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    dl_devices,
    dl_heatmap,
    dl_model_io,
    dl_model_params,
    dl_model_run,
    inference,
    model_io,
    params,
    results,
    serialized,
    training,
)

ALL: list[ModuleType] = [model_io, serialized, params, inference, results, training]
ALL += [dl_model_io, dl_model_params, dl_model_run, dl_devices, dl_heatmap]
