"""augment_images: the methods, output sizes, reproducibility, the parameter checks."""

from __future__ import annotations

import pytest

SETUP = """
set_system ('seed_rand', 11)
read_image (Image, File)
gen_empty_obj (Images)
for Index := 1 to 12 by 1
    concat_obj (Images, Image, Images)
endfor
"""


@pytest.fixture
def augment(run, image_file, tmp_path):
    path = image_file(tmp_path / "x.png", size=(60, 40))

    def do(names, values, extra: str = ""):
        return run(
            SETUP
            + f"augment_images (Images, Augmented, {names}, {values})\n"
            + "count_obj (Augmented, Count)\nget_image_size (Augmented, Widths, Heights)\n"
            + extra,
            File=str(path),
        )

    return do


def test_crop_percentage_and_pixel(augment):
    v = augment("['augmentation_percentage', 'crop_percentage']", "[100, 50]")
    assert v["Count"] == 12 and set(v.tuple("Widths")) == {30} and set(v.tuple("Heights")) == {20}
    v = augment("['augmentation_percentage', 'crop_pixel']", "[100, 10]")
    assert set(v.tuple("Widths")) == {50} and set(v.tuple("Heights")) == {30}


def test_rotation_by_steps_of_90_swaps_or_keeps_the_size(augment):
    v = augment("['augmentation_percentage', 'rotate']", "[100, 90]")
    sizes = set(zip(v.tuple("Widths"), v.tuple("Heights"), strict=True))
    assert sizes <= {(40, 60), (60, 40)} and (40, 60) in sizes


def test_rotate_range_crops_to_the_inner_rectangle(augment):
    v = augment("['augmentation_percentage', 'rotate_range']", "[100, 20]")
    for w, h in zip(v.tuple("Widths"), v.tuple("Heights"), strict=True):
        assert w <= 60 and h <= 40 and w * h < 60 * 40 and w > 20 and h > 10


def test_mirror_changes_pixels_but_not_the_set_of_values(augment):
    v = augment(
        "['augmentation_percentage', 'mirror']",
        "[100, 'c']",
        """
select_obj (Augmented, First, 1)
mirror_image (Image, Expected, 'column')
sub_image (First, Expected, Diff, 1, 128)
min_max_gray (Diff, Diff, 0, Min, Max, Range)
""",
    )
    assert (v["Min"], v["Max"]) == (128, 128)  # exactly the column mirror


def test_brightness_variation_of_real_images_stays_in_range(run, tmp_path):
    v = run(
        """
set_system ('seed_rand', 2)
gen_image_const (Image, 'real', 8, 8)
scale_image (Image, Bright, 1, 120)
gen_empty_obj (Images)
for Index := 1 to 20 by 1
    concat_obj (Images, Bright, Images)
endfor
augment_images (Images, Augmented, ['augmentation_percentage', 'brightness_variation'], [100, 30])
augment_images (Images, Spots, ['augmentation_percentage', 'brightness_variation_spot', \\
    'image_range_max'], [100, 50, 200])
Min := []
Max := []
SpotMax := []
SpotRange := []
for Index := 1 to 20 by 1
    select_obj (Augmented, One, Index)
    min_max_gray (One, One, 0, Min[Index - 1], Max[Index - 1], Range)
    select_obj (Spots, One, Index)
    min_max_gray (One, One, 0, SpotMin, SpotMax[Index - 1], SpotRange[Index - 1])
endfor
"""
    )
    assert max(v.tuple("Max")) <= 128.0 and min(v.tuple("Min")) >= 90.0
    assert min(v.tuple("Min")) < 120.0  # some images darker
    assert max(v.tuple("SpotMax")) <= 200.0 and max(v.tuple("SpotRange")) > 5.0


def test_percentage_and_reproducibility(augment, run):
    none = augment("['augmentation_percentage', 'crop_pixel']", "[0, 10]")
    assert set(none.tuple("Widths")) == {60}
    half = augment("['augmentation_percentage', 'crop_pixel']", "[50, 10]")
    again = augment("['augmentation_percentage', 'crop_pixel']", "[50, 10]")
    assert half.tuple("Widths") == again.tuple("Widths")
    assert set(half.tuple("Widths")) == {50, 60}


@pytest.mark.parametrize(
    ("names", "values", "message"),
    [
        ("'mirror'", "'x'", "mirror must be"),
        ("'rotate'", "200", "[0, 180]"),
        ("'augmentation_percentage'", "'half'", "must be a number"),
        ("'crop_percentage'", "0", "[1, 100]"),
        ("'crop_pixel'", "1.5", "integer"),
        ("'brightness_variation'", "300", "[0, 255]"),
        ("'blur'", "1", "unknown generic parameter: blur"),
        ("['mirror', 'rotate']", "['r']", "same length"),
    ],
)
def test_errors(augment, names, values, message):
    with pytest.raises(Exception) as info:
        augment(names, values)
    assert message in info.value.message
