"""The object behind a ``dl_model`` handle: a typed model around the classifier engine.

A :class:`DLModel` holds the model ``type`` and the per-type engine; for
``'classification'`` that is the :class:`~.handles.DLClassifier` of the legacy API (network,
weights, device, SGD state), so both APIs share one training and inference engine. What the
``dl_model`` API adds lives here: class ids next to the class names, the solver choice (SGD
or Adam), class weights, meta data and the flags that are accepted for compatibility.

Other model types (detection, segmentation, anomaly detection) would add an engine of their
own and the keys of their samples and results (see :mod:`.dl_samples`); the parameter table
(:mod:`.dl_model_params`), the file container and the device handling do not change.

Model files: the container of :mod:`.codec`, with the legacy classifier header plus a
``dl_model`` section (type, class ids, solver and the other parameters below). So
``read_dl_classifier`` reads a model written by ``write_dl_model`` (the extra section is
ignored) and ``read_dl_model`` reads a file written by ``write_dl_classifier`` (class ids
``0..n-1``). Nothing in a file is executed: JSON and raw arrays only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hdlite.plugin import HalconError

if TYPE_CHECKING:
    import torch

    from .handles import DLClassifier

KIND = "dl_model"
#: model types hdlite can hold; the others are HALCON's, named in error messages
SUPPORTED_TYPES = (
    "classification",
    "detection",
    "anomaly_detection",
    "segmentation",
    "gc_anomaly_detection",
    "generic",
)
SOLVERS = ("sgd", "adam")
#: flags accepted and reported, without an effect on the computation in hdlite
FLAGS = ("fuse_conv_relu", "fuse_bn_relu", "enable_resizing", "optimize_for_inference")


class DLModel:
    """A deep-learning model of one ``type``; classification wraps a DLClassifier."""

    def __init__(self, clf: DLClassifier, model_type: str = "classification") -> None:
        self.type = model_type
        self.clf = clf
        self.class_ids: tuple[int, ...] = tuple(range(len(clf.classes)))
        self.class_weights: tuple[float, ...] | None = None  # None: 1.0 for every class
        self.solver_type = "sgd"
        self.adam_beta1 = 0.9
        self.adam_beta2 = 0.999
        self.adam_epsilon = 1e-8
        self.batchnorm_momentum: float | None = None
        self.meta_data: dict[str, tuple] = {}
        self.flags: dict[str, str] = dict.fromkeys(FLAGS, "false")

    # -- classes -------------------------------------------------------------------------

    @property
    def class_names(self) -> tuple[str, ...]:
        """The class names, in the order of the network's outputs."""
        return self.clf.classes

    def set_class_names(self, names: tuple[str, ...]) -> None:
        """New names; a different count replaces the head and resets the ids to 0..n-1."""
        if len(names) != len(self.clf.classes) or self.clf.net.head is None:
            self.class_ids = tuple(range(len(names)))
            self.class_weights = None
        self.clf.set_classes(names)

    def set_class_ids(self, ids: tuple[int, ...]) -> None:
        """New ids; a different count replaces the head and names the classes by their ids."""
        if len(ids) != len(self.clf.classes) or self.clf.net.head is None:
            self.clf.set_classes(tuple(str(i) for i in ids))
            self.class_weights = None
        self.class_ids = ids

    # -- optimiser -----------------------------------------------------------------------

    def set_solver(self, solver: str) -> None:
        """Choose 'sgd' or 'adam'; a change drops the optimiser state."""
        if solver != self.solver_type:
            self.clf._optimizer = None
        self.solver_type = solver

    def set_adam(self, name: str, value: float) -> None:
        """Change one of adam_beta1, adam_beta2, adam_epsilon, in the running solver too."""
        setattr(self, name, value)
        optimizer = self.clf._optimizer
        if optimizer is None or self.solver_type != "adam":
            return
        for group in optimizer.param_groups:
            group["betas"] = (self.adam_beta1, self.adam_beta2)
            group["eps"] = self.adam_epsilon

    def set_batchnorm_momentum(self, value: float) -> None:
        """HALCON's batch-norm momentum is torch's ``momentum`` of every BatchNorm layer."""
        from torch import nn

        self.batchnorm_momentum = value
        for module in self.clf.net.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.momentum = value

    def optimizer(self) -> torch.optim.Optimizer:
        """The optimiser of the chosen solver, created at the first training step.

        SGD is the legacy engine's (HALCON's momentum update). Adam is torch's, with
        ``weight_prior`` as its L2 weight decay (hdlite's choice; HALCON's coupling of the
        prior with Adam is not documented in what we read).
        """
        import torch

        clf = self.clf
        if self.solver_type == "sgd":
            if isinstance(clf._optimizer, torch.optim.Adam):
                clf._optimizer = None
            return clf.optimizer()
        if not isinstance(clf._optimizer, torch.optim.Adam):
            clf._optimizer = torch.optim.Adam(  # type: ignore[assignment]
                clf.net.parameters(),
                lr=clf.learning_rate,
                betas=(self.adam_beta1, self.adam_beta2),
                eps=self.adam_epsilon,
                weight_decay=clf.weight_prior,
            )
        assert clf._optimizer is not None
        return clf._optimizer

    # -- files ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The model file's content: the classifier container with a ``dl_model`` section."""
        section = {
            "type": self.type,
            "class_ids": list(self.class_ids),
            "class_weights": None if self.class_weights is None else list(self.class_weights),
            "solver_type": self.solver_type,
            "adam_beta1": self.adam_beta1,
            "adam_beta2": self.adam_beta2,
            "adam_epsilon": self.adam_epsilon,
            "meta_data": {key: list(value) for key, value in self.meta_data.items()},
        }
        return self.clf.to_bytes({"dl_model": section})

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "file") -> DLModel:
        """Rebuild a model from the bytes of write_dl_model or write_dl_classifier.

        Raises:
            HalconError: 5238/7782/7780 for foreign, wrong-version or damaged content.
        """
        from . import codec
        from .handles import DLClassifier

        header, _arrays = codec.decode(data, source)
        if header.get("type") == "dl_detector":
            from .dl_detection import DLDetector

            model = cls(DLDetector.from_bytes(data, source), "detection")
        elif header.get("type") == "dl_anomaly":
            from .dl_anomaly import DLAnomaly

            model = cls(DLAnomaly.from_bytes(data, source), "anomaly_detection")
        elif header.get("type") == "dl_gc_anomaly":
            from .dl_gc_anomaly import DLGCAnomaly

            model = cls(DLGCAnomaly.from_bytes(data, source), "gc_anomaly_detection")
        elif header.get("type") == "dl_layered":
            from .dl_layered import DLLayered

            layered = DLLayered.from_bytes(data, source)
            model = cls(layered, layered.saved_type)
        elif header.get("type") == "dl_segmenter":
            from .dl_segmentation import DLSegmenter

            model = cls(DLSegmenter.from_bytes(data, source), "segmentation")
        else:
            model = cls(DLClassifier.from_bytes(data, source))
        section = header.get("dl_model")
        if section is not None:
            model._load_section(section, source)
        return model

    def _load_section(self, section: Any, source: str) -> None:
        def bad(what: str) -> HalconError:
            return HalconError(7780, f"{source}: bad dl_model entry {what!r}")

        if not isinstance(section, dict):
            raise bad("dl_model")
        model_type = section.get("type")
        if model_type not in SUPPORTED_TYPES:
            raise HalconError(7780, f"{source}: model type {model_type!r} is not supported")
        if model_type != self.type:
            raise bad("type")
        ids = section.get("class_ids")
        if not isinstance(ids, list) or len(ids) != len(self.clf.classes):
            raise bad("class_ids")
        if not all(type(i) is int and i >= 0 for i in ids) or len(set(ids)) != len(ids):
            raise bad("class_ids")
        self.class_ids = tuple(ids)
        weights = section.get("class_weights")
        if weights is not None:
            if not isinstance(weights, list) or len(weights) != len(ids):
                raise bad("class_weights")
            if not all(type(w) in (int, float) and w >= 0 for w in weights):
                raise bad("class_weights")
            self.class_weights = tuple(float(w) for w in weights)
        if section.get("solver_type") not in SOLVERS:
            raise bad("solver_type")
        self.solver_type = section["solver_type"]
        for name in ("adam_beta1", "adam_beta2", "adam_epsilon"):
            value = section.get(name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise bad(name)
            setattr(self, name, float(value))
        meta = section.get("meta_data", {})
        if not isinstance(meta, dict):
            raise bad("meta_data")
        for key, value in meta.items():
            if not isinstance(value, list) or not all(type(v) in (int, float, str) for v in value):
                raise bad("meta_data")
            self.meta_data[key] = tuple(value)

    def close(self) -> None:
        """Release the network (clear_dl_model)."""
        self.clf.close()
