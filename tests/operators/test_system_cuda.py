"""get_system's CUDA queries, as programs use them to choose the deep-learning runtime."""

from __future__ import annotations

import importlib.util
import sys
from types import SimpleNamespace

import pytest

QUERIES = ("cuda_loaded", "cudnn_loaded", "cublas_loaded")
LISTS = ("cuda_devices", "cuda_version", "cudnn_version", "cublas_version")


def _no_cuda() -> bool:
    torch = pytest.importorskip("torch")
    return not torch.cuda.is_available()


def test_without_cuda_the_answers_are_false_and_empty(call):
    if not _no_cuda():
        pytest.skip("this machine has CUDA")
    for name in QUERIES:
        assert call("get_system", name) == (("false",),)
    for name in LISTS:
        assert call("get_system", name) == ((),)


def test_without_torch_nothing_is_imported(call, monkeypatch):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a)
    )
    assert call("get_system", "cuda_loaded") == (("false",),)
    assert call("get_system", "cuda_devices") == ((),)
    assert "torch" not in sys.modules


def test_with_cuda_devices_and_versions_are_named(call, monkeypatch):
    fake = SimpleNamespace(
        cuda=SimpleNamespace(
            is_available=lambda: True,
            device_count=lambda: 2,
            get_device_name=lambda i: f"GPU {i}",
        ),
        backends=SimpleNamespace(
            cudnn=SimpleNamespace(is_available=lambda: True, version=lambda: 90100)
        ),
        version=SimpleNamespace(cuda="12.4"),
    )
    monkeypatch.setitem(sys.modules, "torch", fake)
    assert call("get_system", "cuda_loaded") == (("true",),)
    assert call("get_system", "cudnn_loaded") == (("true",),)
    assert call("get_system", "cuda_devices") == (("GPU 0", "GPU 1"),)
    assert call("get_system", "cuda_version") == (("12.4",),)
    assert call("get_system", "cudnn_version") == (("9.1.0",),)
    fake.backends.cudnn.version = lambda: 8902
    assert call("get_system", "cudnn_version") == (("8.9.2",),)


def test_a_program_chooses_the_runtime_from_the_queries(run_script):
    if not _no_cuda():
        pytest.skip("this machine has CUDA")
    result = run_script(
        "get_system ('cuda_loaded', CudaLoaded)\n"
        "get_system ('cudnn_loaded', CudnnLoaded)\n"
        "get_system ('cuda_devices', Devices)\n"
        "Runtime := 'cpu'\n"
        "if (CudaLoaded == 'true' and CudnnLoaded == 'true' and |Devices| > 0)\n"
        "    Runtime := 'gpu'\n"
        "endif\n"
    )
    assert result.error is None, result.error
    assert result["Runtime"] == ("cpu",) and result["Devices"] == ()


def test_cuda_queries_cannot_be_set(call):
    assert call.code("set_system", "cuda_devices", "x") == 1301
