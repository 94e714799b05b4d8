"""System parameters, clocks, error texts, and the file system tree (list_files, make_dir...)."""

from __future__ import annotations

import os

import pytest
from hdlite_core.system import image_dirs

# -- system parameters ------------------------------------------------------------------


def test_seed_rand_makes_randomness_reproducible(call):
    seen = []
    call.session.on_seed(seen.append)
    call("set_system", "seed_rand", 42)
    first = [call.session.random.random() for _ in range(5)]
    call("set_system", "seed_rand", 7)
    other = [call.session.random.random() for _ in range(5)]
    call("set_system", "seed_rand", 42)
    again = [call.session.random.random() for _ in range(5)]
    assert first == again and first != other
    assert seen == [42, 7, 42]
    assert call("get_system", "seed_rand") == ((42,),)


def test_seed_rand_in_a_program(run_script):
    text = "set_system ('seed_rand', 3)\ntuple_rand (4, A)\nset_system ('seed_rand', 3)\n"
    result = run_script(text + "tuple_rand (4, B)\n")
    if result.error is not None and "tuple_rand" in str(result.error):
        pytest.skip("tuple_rand is not available")
    assert result.error is None, result.error
    assert result["A"] == result["B"] and len(result["A"]) == 4


def test_parameters_are_stored(call):
    assert call("get_system", "width") == ((512,),)
    call("set_system", "width", 1024)
    call("set_system", "no_object_result", "exception")
    call("set_system", "clock_mode", "processor_time")
    assert call("get_system", "width") == ((1024,),)
    assert call("get_system", "no_object_result") == (("exception",),)
    assert call.session.system["clock_mode"] == ("processor_time",)
    assert call("get_system", "processor_num")[0][0] >= 1


def test_image_dir(call):
    call("set_system", "image_dir", "/data/a;/data/b")
    assert call("get_system", "image_dir") == (("/data/a;/data/b",),)
    assert image_dirs(call.session) == ["/data/a", "/data/b"]
    if os.name != "nt":
        call("set_system", "image_dir", "/x:/y")
        assert image_dirs(call.session) == ["/x", "/y"]


def test_image_dir_default_comes_from_the_environment(call, monkeypatch):
    monkeypatch.setenv("HALCONIMAGES", "/halcon/images")
    assert call("get_system", "image_dir") == (("/halcon/images",),)


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("no_such_parameter", 1, 1301),
        ("version", "1.0", 1301),
        ("clock_mode", "sundial", 1302),
        ("width", 0, 1302),
        ("width", "wide", 1302),
        ("seed_rand", 1.5, 1302),
        ("image_dir", 5, 1302),
        ("width", (1, 2), 1402),
    ],
)
def test_set_system_errors(call, name, value, code):
    assert call.code("set_system", name, value) == code


def test_get_system_unknown_is_1301(call):
    assert call.code("get_system", "no_such_parameter") == 1301


def test_clocks(call):
    (first,) = call("count_seconds")[0]
    call("wait_seconds", 0.02)
    (second,) = call("count_seconds")[0]
    assert type(first) is float and second - first >= 0.02
    call("set_system", "clock_mode", "processor_time")
    assert type(call("count_seconds")[0][0]) is float
    assert call.code("wait_seconds", -1) == 1301


def test_get_error_text(call):
    assert call("get_error_text", 5200) == (("File not found",),)
    assert "9999" in call("get_error_text", 9999)[0][0]
    assert call.code("get_error_text", 0) == 1301


# -- the file system tree ---------------------------------------------------------------


@pytest.fixture
def tree(tmp_path):
    """tmp/{a.txt, b.png, sub/{c.txt, deeper/{d.txt}}, empty/} plus symlinks if possible."""
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.png").write_text("b")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "c.txt").write_text("c")
    (tmp_path / "sub" / "deeper" / "d.txt").write_text("d")
    (tmp_path / "empty").mkdir()
    return tmp_path


def listing(call, directory, options) -> list[str]:
    (files,) = call("list_files", str(directory), options)
    return [f[len(str(directory)) + 1 :] for f in files]


def test_list_files_options(call, tree):
    assert listing(call, tree, "files") == ["a.txt", "b.png"]
    assert listing(call, tree, "directories") == ["empty/", "sub/"]
    assert listing(call, tree, ("files", "directories")) == ["a.txt", "b.png", "empty/", "sub/"]
    assert listing(call, tree, ("files", "recursive")) == [
        "a.txt",
        "b.png",
        "sub/c.txt",
        "sub/deeper/d.txt",
    ]
    assert listing(call, tree, ("files", "recursive", "max_depth 2")) == [
        "a.txt",
        "b.png",
        "sub/c.txt",
    ]
    assert len(listing(call, tree, ("files", "recursive", "max_files 2"))) == 2
    assert call("list_files", str(tree), "recursive") == ((),)


def test_list_files_paths(call, tree, monkeypatch):
    assert call("list_files", str(tree) + "/", "files") == ((f"{tree}/a.txt", f"{tree}/b.png"),)
    monkeypatch.chdir(tree / "sub")
    assert call("list_files", "", "files") == (("c.txt",),)
    assert call("list_files", ".", "files") == (("./c.txt",),)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_list_files_links(call, tree):
    os.symlink(tree / "a.txt", tree / "link.txt")
    os.symlink(tree / "sub", tree / "linkdir")
    os.symlink(tree, tree / "sub" / "loop")
    assert listing(call, tree, "files") == ["a.txt", "b.png"]
    assert listing(call, tree, "symlinks") == ["link.txt", "linkdir"]
    followed = listing(call, tree, ("files", "directories", "follow_links", "recursive"))
    assert "link.txt" in followed and "linkdir/" in followed and "linkdir/c.txt" in followed
    assert call.code("list_files", str(tree), ("symlinks", "follow_links")) == 1302


def test_list_files_errors(call, tree):
    assert call.code("list_files", str(tree / "missing"), "files") == 5200
    assert call.code("list_files", str(tree / "a.txt"), "files") == 5200
    assert call.code("list_files", str(tree), "everything") == 1302
    assert call.code("list_files", str(tree), "max_depth two") == 1302


def test_file_exists(call, tree):
    assert call("file_exists", str(tree / "a.txt")) == ((1,),)
    assert call("file_exists", str(tree / "sub")) == ((1,),)
    assert call("file_exists", str(tree / "nope")) == ((0,),)
    assert call("file_exists", "") == ((0,),)


def test_make_and_remove_dir(call, tree):
    call("make_dir", str(tree / "new"))
    assert (tree / "new").is_dir()
    assert call.code("make_dir", str(tree / "new")) == 5282
    assert call.code("make_dir", str(tree / "x" / "y")) == 5282
    call("remove_dir", str(tree / "new"))
    assert not (tree / "new").exists()
    assert call.code("remove_dir", str(tree / "sub")) == 5283
    assert call.code("remove_dir", str(tree / "new")) == 5283


def test_delete_file(call, tree):
    call("delete_file", str(tree / "a.txt"))
    assert not (tree / "a.txt").exists()
    assert call.code("delete_file", str(tree / "a.txt")) == 5200
    assert call.code("delete_file", str(tree / "empty")) == 5214


def test_current_dir(call, tree, monkeypatch):
    monkeypatch.chdir(tree)
    call("set_current_dir", "sub")
    assert call("get_current_dir") == ((str(tree / "sub").replace(os.sep, "/"),),)
    assert call("list_files", ".", "files") == (("./c.txt",),)
    assert call.code("set_current_dir", str(tree / "missing")) == 5285


def test_other_ranks_leave_the_file_system_alone(call, tree):
    call.session.rank = 1
    call("make_dir", str(tree / "rank1"))
    call("delete_file", str(tree / "a.txt"))
    call("remove_dir", str(tree / "empty"))
    assert not (tree / "rank1").exists()
    assert (tree / "a.txt").exists() and (tree / "empty").exists()


def test_directories_in_a_program(run_script, tree):
    result = run_script(
        f"Dir := '{tree}/made'\n"
        "file_exists (Dir, Before)\n"
        "make_dir (Dir)\n"
        "file_exists (Dir, After)\n"
        f"list_files ('{tree}', ['directories'], Dirs)\n"
        "try\n"
        "    make_dir (Dir)\n"
        "catch (Exception)\n"
        "    Code := Exception[0]\n"
        "endtry\n"
    )
    assert result.error is None, result.error
    assert (result["Before"], result["After"], result["Code"]) == ((0,), (1,), (5282,))
    assert result["Dirs"] == (f"{tree}/empty/", f"{tree}/made/", f"{tree}/sub/")
