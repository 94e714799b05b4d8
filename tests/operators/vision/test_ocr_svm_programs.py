"""The two-program OCR workflow with an SVM, as HALCON's example pair has it: one program
segments a sheet of printed characters, writes them to a training file, trains an SVM OCR
classifier and writes it as 'font_characters_ocr'; a second program reads that name back
and reads another sheet with do_ocr_multi_class_svm."""

from __future__ import annotations

import numpy as np

from ._ocr_scenes import CHARS, random_text, render

TRAIN = """* Train an SVM font from a sheet of printed characters.
read_image (Image, 'letters.png')
threshold (Image, Region, 0, 125)
connection (Region, ConnectedRegions)
sort_region (ConnectedRegions, Characters, 'character', 'true', 'row')
count_obj (Characters, NumCharacters)
TrainFile := 'train_characters_ocr.trf'
for I := 1 to NumCharacters by 1
    select_obj (Characters, Character, I)
    append_ocr_trainf (Character, Image, Names[I - 1], TrainFile)
endfor
read_ocr_trainf_names (TrainFile, CharacterNames, CharacterCount)
create_ocr_class_svm (8, 10, 'constant', 'default', CharacterNames, 'rbf', 0.02, 0.05, \\
                      'one-versus-one', 'normalization', 10, OCRHandle)
trainf_ocr_class_svm (OCRHandle, TrainFile, 0.001, 'default')
write_ocr_class_svm (OCRHandle, 'font_characters_ocr')
clear_ocr_class_svm (OCRHandle)
"""

CLASSIFY = """* Read a sheet with the font written by the training program.
read_image (Image, 'sheet.png')
read_ocr_class_svm ('font_characters_ocr', OCRHandle)
threshold (Image, Region, 0, 125)
connection (Region, ConnectedRegions)
sort_region (ConnectedRegions, Characters, 'character', 'true', 'row')
do_ocr_multi_class_svm (Characters, Image, OCRHandle, Class)
Text := sum(Class)
clear_ocr_class_svm (OCRHandle)
"""


def _sheet(lines: list[tuple[str, int]], path) -> None:
    """Lines of text (text, size) rendered one below the other, saved as a PNG."""
    from PIL import Image as PilImage

    parts = [render(text, size, seed=7 * k + size).data[0] for k, (text, size) in enumerate(lines)]
    width = max(p.shape[1] for p in parts)
    rows = [np.pad(p, ((0, 0), (0, width - p.shape[1])), constant_values=230) for p in parts]
    PilImage.fromarray(np.concatenate(rows, axis=0)).save(path)


def test_train_and_classify_programs(run_script, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sizes = (20, 24, 28, 32, 36, 22, 30)
    _sheet([(CHARS, s) for s in sizes], tmp_path / "letters.png")
    trained = run_script(TRAIN, "train_characters_ocr.hdtxt", Names=tuple(CHARS * len(sizes)))
    assert trained.error is None, trained.error
    assert trained["NumCharacters"] == (len(CHARS) * len(sizes),)
    assert trained["CharacterNames"] == tuple(CHARS)
    assert (tmp_path / "font_characters_ocr.osc").is_file()  # '.osc' was added

    rng = np.random.default_rng(11)
    lines = [(random_text(rng, 20), s) for s in (26, 34, 23)]
    _sheet(lines, tmp_path / "sheet.png")
    read = run_script(CLASSIFY, "classify_characters_ocr.hdtxt")
    assert read.error is None, read.error
    expected = "".join(text for text, _ in lines)
    (text,) = read["Text"]
    assert len(text) == len(expected)
    assert sum(a == b for a, b in zip(text, expected, strict=True)) >= 0.95 * len(expected)
