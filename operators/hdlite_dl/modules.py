"""The modules of this plugin that declare operators, in registration order.

They are imported when one of their operators is first called (see
``OperatorRegistry.add_modules``);
importing them does not import torch: operator functions import it when they first run.
"""

from __future__ import annotations

NAMES: tuple[str, ...] = (
    "model_io",
    "serialized",
    "params",
    "inference",
    "results",
    "training",
    "dl_model_io",
    "dl_model_params",
    "dl_model_run",
    "dl_devices",
    "dl_heatmap",
    "dl_detection_ops",
    "dl_anomaly_ops",
    "dl_layer_ops",
    "dl_layer_graph_ops",
    "dl_layered_ops",
    "dl_layer_info",
)
