"""The file helpers: list_image_files, parse_filename, remove_dir_recursively,
check_output_file_names_for_duplicates."""

from __future__ import annotations

import os


def test_list_image_files_extensions_and_recursion(run, tmp_path, image_file):
    root = tmp_path / "images"
    image_file(root / "a.png")
    image_file(root / "b.JPG")
    image_file(root / "sub" / "c.bmp")
    image_file(root / "sub" / "deeper" / "d.png")
    (root / "notes.txt").write_text("not an image")
    v = run(
        """
list_image_files (Dir, 'default', [], Flat)
list_image_files (Dir, 'default', ['recursive'], All)
list_image_files (Dir, ['png'], ['recursive'], Png)
list_image_files (Dir, ['.jpg', 'bmp'], ['recursive', 'max_depth 2'], JpgBmp)
list_image_files (Dir, [], ['recursive', 'max_depth 2'], Depth2)
""",
        Dir=str(root),
    )
    rel = lambda files: [os.path.relpath(f, root) for f in files]  # noqa: E731
    assert rel(v["Flat"]) == ["a.png", "b.JPG"]
    assert rel(v["All"]) == ["a.png", "b.JPG", "sub/c.bmp", "sub/deeper/d.png"]
    assert rel(v["Png"]) == ["a.png", "sub/deeper/d.png"]
    assert rel(v["JpgBmp"]) == ["b.JPG", "sub/c.bmp"]
    assert rel(v["Depth2"]) == ["a.png", "b.JPG", "sub/c.bmp"]


def test_list_image_files_searches_image_dir(run, tmp_path, image_file, monkeypatch):
    image_file(tmp_path / "lib" / "food" / "x.png")
    monkeypatch.delenv("HALCONIMAGES", raising=False)
    v = run(
        """
set_system ('image_dir', Lib)
list_image_files ('food', 'default', [], Files)
""",
        Lib=str(tmp_path / "lib"),
    )
    assert v["Files"] == str(tmp_path / "lib" / "food" / "x.png")
    monkeypatch.setenv("HALCONIMAGES", str(tmp_path / "lib"))
    v = run("list_image_files ('food', 'default', [], Files)\n")
    assert v["Files"] == str(tmp_path / "lib" / "food" / "x.png")


def test_list_image_files_errors(run, tmp_path):
    error = run.error("list_image_files (Dir, 'default', [], Files)\n", Dir=str(tmp_path / "no"))
    assert error.code == 30000 and "not found" in error.message
    error = run.error("list_image_files (Dir, 'default', ['sideways'], F)\n", Dir=str(tmp_path))
    assert "unknown option 'sideways'" in error.message


def test_parse_filename(run):
    v = run(
        """
parse_filename (['images/apple_01.png', 'C:\\\\data\\\\x.tar.gz', 'noext', 'dir/', \\
    '/abs/.hidden'], BaseName, Extension, Directory)
parse_filename ([], B2, E2, D2)
"""
    )
    assert v["BaseName"] == ("apple_01", "x.tar", "noext", "", ".hidden")
    assert v["Extension"] == ("png", "gz", "", "", "")
    assert v["Directory"] == ("images/", "C:\\data\\", "", "dir/", "/abs/")
    assert v["B2"] == v["E2"] == v["D2"] == ()


def test_remove_dir_recursively(run, tmp_path, image_file):
    root = tmp_path / "tree"
    image_file(root / "a.png")
    image_file(root / "x" / "y" / "b.png")
    (root / "empty").mkdir()
    outside = image_file(tmp_path / "keep" / "k.png")
    os.symlink(tmp_path / "keep", root / "link")
    run("remove_dir_recursively (Dir)\n", Dir=str(root))
    assert not root.exists()
    assert outside.exists()  # links are removed, not followed
    error = run.error("remove_dir_recursively (Dir)\n", Dir=str(root))
    assert "does not exist" in error.message


def test_check_output_file_names_for_duplicates(run):
    run(
        "check_output_file_names_for_duplicates (['a/x.png', 'b/y.png'], \\\n"
        "    ['o/x.hobj', 'o/y.hobj'])\n"
    )
    error = run.error(
        "check_output_file_names_for_duplicates (['a/x.png', 'b/y.png', 'c/x.jpg'], "
        "['o/x.hobj', 'o/y.hobj', 'o/x.hobj'])\n"
    )
    assert "o/x.hobj" in error.message and "a/x.png" in error.message and "c/x.jpg" in error.message
    error = run.error("check_output_file_names_for_duplicates (['a'], [])\n")
    assert "differ in length" in error.message
