"""The modules of this plugin whose operators are registered."""

from __future__ import annotations

from . import (
    channels,
    domains,
    filters,
    functions1d,
    geometry,
    gray_ops,
    image_info,
    image_io,
    matrices,
    object_io,
    objects,
    painting,
    regions,
    transforms,
)

ALL: list = [
    objects,
    image_io,
    object_io,
    image_info,
    gray_ops,
    channels,
    regions,
    painting,
    domains,
    geometry,
    transforms,
    matrices,
    filters,
    functions1d,
]
