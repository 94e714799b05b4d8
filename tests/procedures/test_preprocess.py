"""preprocess_dl_classifier_images: size, type, gray value range, channels, domain."""

from __future__ import annotations

import pytest

NET = """
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Net)
set_dl_classifier_param (Net, 'image_dimensions', Dimensions)
"""


def test_byte_rgb_image_is_zoomed_and_scaled(run, image_file, tmp_path):
    path = image_file(tmp_path / "rgb.png", size=(40, 30))
    v = run(
        NET
        + """
read_image (Image, File)
preprocess_dl_classifier_images (Image, Pre, [], [], Net)
get_image_size (Pre, Width, Height)
get_image_type (Pre, Type)
count_channels (Pre, Channels)
* the same by hand: zoom, real, g - 127
zoom_image_size (Image, Zoomed, 32, 24, 'constant')
convert_image_type (Zoomed, ZoomedReal, 'real')
scale_image (ZoomedReal, Expected, 1.0, -127)
sub_image (Pre, Expected, Difference, 1, 0)
abs_image (Difference, AbsDifference)
min_max_gray (AbsDifference, AbsDifference, 0, Min, MaxDifference, Range)
min_max_gray (Pre, Pre, 0, PreMin, PreMax, PreRange)
""",
        File=str(path),
        Dimensions=(32, 24, 3),
    )
    assert (v["Width"], v["Height"], v["Type"], v["Channels"]) == (32, 24, "real", 3)
    assert v["MaxDifference"] == 0.0
    assert -127 <= v["PreMin"] and v["PreMax"] <= 128


def test_channel_conversion(run, image_file, tmp_path):
    gray = image_file(tmp_path / "gray.png", gray=True)
    rgb = image_file(tmp_path / "rgb.png", seed=3)
    v = run(
        NET
        + """
read_image (Gray, GrayFile)
preprocess_dl_classifier_images (Gray, Pre3, [], [], Net)
count_channels (Pre3, Channels3)
access_channel (Pre3, C1, 1)
access_channel (Pre3, C3, 3)
sub_image (C1, C3, Diff, 1, 0)
min_max_gray (Diff, Diff, 0, DMin, DMax, DRange)
set_dl_classifier_param (Net, 'image_num_channels', 1)
read_image (Rgb, RgbFile)
preprocess_dl_classifier_images (Rgb, Pre1, [], [], Net)
count_channels (Pre1, Channels1)
* three channels to one with rgb1_to_gray, after scaling
zoom_image_size (Rgb, RgbZoomed, 32, 32, 'constant')
convert_image_type (RgbZoomed, RgbReal, 'real')
scale_image (RgbReal, RgbScaled, 1.0, -127)
rgb1_to_gray (RgbScaled, Expected)
sub_image (Pre1, Expected, Diff1, 1, 0)
abs_image (Diff1, Abs1)
min_max_gray (Abs1, Abs1, 0, Min1, Max1, Range1)
""",
        GrayFile=str(gray),
        RgbFile=str(rgb),
        Dimensions=(32, 32, 3),
    )
    assert v["Channels3"] == 3 and v["DMin"] == v["DMax"] == 0.0
    assert v["Channels1"] == 1 and v["Max1"] < 1e-3


def test_several_images_of_different_sizes(run, image_file, tmp_path):
    files = [
        str(image_file(tmp_path / f"{i}.png", size=(20 + 10 * i, 30), seed=i)) for i in range(3)
    ]
    v = run(
        NET
        + """
read_image (Images, Files)
preprocess_dl_classifier_images (Images, Pre, [], [], Net)
count_obj (Pre, Count)
get_image_size (Pre, Widths, Heights)
""",
        Files=tuple(files),
        Dimensions=(24, 24, 3),
    )
    assert v["Count"] == 3 and v["Widths"] == (24,) * 3 and v["Heights"] == (24,) * 3


def test_contrast_normalization(run, tmp_path):
    v = run(
        NET
        + """
* a dim byte image (gray values 100..120) and a uint2 image (1000..3000)
gen_image_const (Dark, 'byte', 16, 16)
gen_rectangle1 (Half, 0, 0, 15, 7)
paint_region (Half, Dark, Dark, 120, 'fill')
gen_rectangle1 (Other, 0, 8, 15, 15)
paint_region (Other, Dark, Dark, 100, 'fill')
preprocess_dl_classifier_images (Dark, Plain, [], [], Net)
min_max_gray (Plain, Plain, 0, PlainMin, PlainMax, R1)
preprocess_dl_classifier_images (Dark, Normalized, 'contrast_normalization', 'true', Net)
min_max_gray (Normalized, Normalized, 0, NormMin, NormMax, R2)
convert_image_type (Dark, Wide, 'uint2')
scale_image (Wide, Wide, 100, -9000)
preprocess_dl_classifier_images (Wide, WideNormalized, 'contrast_normalization', 'true', Net)
min_max_gray (WideNormalized, WideNormalized, 0, WideMin, WideMax, R3)
get_image_type (WideNormalized, WideType)
""",
        Dimensions=(16, 16, 3),
    )
    assert (v["PlainMin"], v["PlainMax"]) == (-27.0, -7.0)
    assert (v["NormMin"], v["NormMax"]) == (-127.0, 128.0)
    assert (v["WideMin"], v["WideMax"], v["WideType"]) == (-127.0, 128.0, "real")


def test_crop_domain(run, image_file, tmp_path):
    path = image_file(tmp_path / "x.png", size=(40, 40))
    v = run(
        NET
        + """
read_image (Image, File)
gen_rectangle1 (Part, 5, 10, 24, 29)
reduce_domain (Image, Part, Reduced)
preprocess_dl_classifier_images (Reduced, Cropped, 'domain_handling', 'crop_domain', Net)
preprocess_dl_classifier_images (Reduced, Full, 'domain_handling', 'full_domain', Net)
crop_part (Image, Expected, 5, 10, 20, 20)
preprocess_dl_classifier_images (Expected, ExpectedPre, [], [], Net)
sub_image (Cropped, ExpectedPre, Diff, 1, 0)
abs_image (Diff, Abs)
min_max_gray (Abs, Abs, 0, Min, Max, Range)
sub_image (Full, ExpectedPre, Diff2, 1, 0)
abs_image (Diff2, Abs2)
min_max_gray (Abs2, Abs2, 0, Min2, Max2, Range2)
""",
        File=str(path),
        Dimensions=(20, 20, 3),
    )
    assert v["Max"] == 0.0  # crop_domain: exactly the part
    assert v["Max2"] > 0.0  # full_domain: the whole image, zoomed


@pytest.mark.parametrize(
    ("setup", "names", "values", "message"),
    [
        ("gen_image_const (I, 'byte', 8, 8)", "'zoom'", "'true'", "unknown generic parameter"),
        ("gen_image_const (I, 'byte', 8, 8)", "'contrast_normalization'", "'yes'", "'true' or"),
        ("gen_image_const (I, 'byte', 8, 8)", "'domain_handling'", "'keep'", "'full_domain' or"),
        ("gen_image_const (I, 'byte', 8, 8)", "['domain_handling']", "[]", "same length"),
        ("gen_image_const (I, 'uint2', 8, 8)", "[]", "[]", "byte or real"),
        ("gen_empty_obj (I)", "[]", "[]", "no images"),
        (
            "gen_image_const (B, 'byte', 8, 8)\ngen_image_const (R, 'real', 8, 8)\n"
            "concat_obj (B, R, I)",
            "[]",
            "[]",
            "cannot be mixed",
        ),
        (
            "gen_image_const (B, 'byte', 8, 8)\ncompose2 (B, B, I)",
            "[]",
            "[]",
            "2 channels",
        ),
    ],
)
def test_errors(run, setup, names, values, message):
    error = run.error(
        NET + setup + f"\npreprocess_dl_classifier_images (I, P, {names}, {values}, Net)\n",
        Dimensions=(16, 16, 3),
    )
    assert error.code == 30000 and message in error.message
