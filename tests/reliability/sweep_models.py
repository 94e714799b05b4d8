"""Valid handles and structured values for the bad-input sweep (vision plugin and others).

Operators that take a model handle (metrology, MLP, SVM, bar and data codes, matching models,
measure objects, image acquisition) need a live handle of that kind before their valid
call can succeed; operators that take a pose, a 3-D matrix or camera parameters need
values of the right length and meaning. :data:`HANDLE_MAKERS` and :data:`GOOD_BY_NAME`
provide them to :func:`sweep_cases.valid_control`; a file of each model kind is written once
per sweep folder for the ``read_*`` operators (:data:`MODEL_FILES`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sweep_cases import SweepEnv

    from hdlite.values.control import Handle


def _image(env: SweepEnv) -> Any:
    from sweep_cases import gray_image

    from hdlite.values.iconic import ObjectTuple

    return ObjectTuple([gray_image(24, 32)])


def metrology(env: SweepEnv) -> Handle:
    """A metrology model with one circle (object index 0) on the sweep's images."""
    (handle,) = env.call("create_metrology_model")[0]
    env.call("set_metrology_model_image_size", (handle,), (16,), (12,))
    env.call(
        "add_metrology_object_circle_measure",
        (handle,),
        (6.0,),
        (8.0,),
        (4.0,),
        (2.0,),
        (1.0,),
        (1.0,),
        (10.0,),
        (),
        (),
    )
    return handle


def class_mlp(env: SweepEnv) -> Handle:
    """An MLP for 3 features and 2 classes with two samples (index 0 and 1)."""
    (handle,) = env.call(
        "create_class_mlp", (3,), (4,), (2,), ("softmax",), ("none",), (3,), (42,)
    )[0]
    env.call("add_sample_class_mlp", (handle,), (1.5, 0.5, 2.0), (0,))
    env.call("add_sample_class_mlp", (handle,), (0.5, 2.5, 1.0), (1,))
    return handle


def class_svm(env: SweepEnv) -> Handle:
    """A trained rbf SVM for 3 features in 'novelty-detection' mode (so that every SVM
    operator, evaluate_class_svm included, accepts it) with four samples of class 0."""
    args = [(3,), ("rbf",), (0.5,), (0.3,), (1,), ("novelty-detection",), ("normalization",)]
    (handle,) = env.call("create_class_svm", *args, (3,))[0]
    for features in ((1.5, 0.5, 2.0), (1.0, 0.5, 2.5), (0.5, 2.5, 1.0), (0.0, 3.0, 1.5)):
        env.call("add_sample_class_svm", (handle,), features, (0,))
    env.call("train_class_svm", (handle,), (0.001,), ("default",))
    return handle


def class_gmm(env: SweepEnv) -> Handle:
    """A trained GMM for 3 features and 2 classes, three samples each (sample 0 class 0)."""
    args: list[tuple] = [(3,), (2,), (1,), ("spherical",), ("none",), (3,), (42,)]
    (handle,) = env.call("create_class_gmm", *args)[0]
    for i, cls in enumerate((0, 0, 0, 1, 1, 1)):
        features = (1.5 + 0.1 * i, 0.5, 2.0) if cls == 0 else (0.5, 2.5 + 0.1 * i, 1.0)
        env.call("add_sample_class_gmm", (handle,), features, (cls,), (0.0,))
    env.call("train_class_gmm", (handle,), (100,), (0.001,), ("training",), (0.0001,))
    return handle


def ocr_mlp(env: SweepEnv) -> Handle:
    """The shipped 'Industrial_0-9A-Z_NoRej' OCR MLP (read, not trained: fast)."""
    return env.call("read_ocr_class_mlp", ("Industrial_0-9A-Z_NoRej.omc",))[0][0]


def ocr_svm(env: SweepEnv) -> Handle:
    """An SVM OCR classifier for 'a' (tall boxes) and 'b' (wide boxes), trained on three of
    each from ``ocr_svm.trf`` in the sweep folder."""
    from sweep_cases import gray_image

    from hdlite.values.iconic import ObjectTuple, Region

    tall = [Region.rectangle(1, 1 + 6 * k, 10, 3 + 6 * k) for k in range(3)]
    wide = [Region.rectangle(14, 1 + 8 * k, 16, 6 + 8 * k) for k in range(3)]
    path = str(env.folder / "ocr_svm.trf")
    if not (env.folder / "ocr_svm.trf").exists():
        image = ObjectTuple([gray_image(24, 32)])
        env.call("append_ocr_trainf", ObjectTuple(tall + wide), image, tuple("aaabbb"), (path,))
    settings = [("rbf",), (0.02,), (0.05,), ("one-versus-one",), ("normalization",), (10,)]
    (handle,) = env.call(
        "create_ocr_class_svm", (8,), (10,), ("constant",), ("default",), ("a", "b"), *settings
    )[0]
    env.call("trainf_ocr_class_svm", (handle,), (path,), (0.001,), ("default",))
    return handle


def class_knn(env: SweepEnv) -> Handle:
    """A trained k-NN classifier for 3 features with two samples (class 0 and 1)."""
    (handle,) = env.call("create_class_knn", (3,))[0]
    env.call("add_sample_class_knn", (handle,), (1.5, 0.5, 2.0, 0.5, 2.5, 1.0), (0, 1))
    env.call("train_class_knn", (handle,), (), ())
    return handle


def bar_code(env: SweepEnv) -> Handle:
    """A bar code model with the default parameters."""
    return env.call("create_bar_code_model", (), ())[0][0]


def data_code(env: SweepEnv) -> Handle:
    """A Data Matrix ECC 200 model."""
    return env.call("create_data_code_2d_model", ("Data Matrix ECC 200",), (), ())[0][0]


def measure(env: SweepEnv) -> Handle:
    """A measure rectangle inside the sweep's 12 x 16 images."""
    return env.call(
        "gen_measure_rectangle2",
        (6.0,),
        (8.0,),
        (0.0,),
        (5.0,),
        (2.0,),
        (16,),
        (12,),
        ("nearest_neighbor",),
    )[0][0]


def variation_model(env: SweepEnv) -> Handle:
    """A 'standard' variation model of the sweep's 12 x 16 byte images, trained on two
    images and prepared."""
    from sweep_cases import gray_image

    from hdlite.values.iconic import ObjectTuple

    (handle,) = env.call("create_variation_model", (16,), (12,), ("byte",), ("standard",))[0]
    env.call("train_variation_model", ObjectTuple([gray_image(), gray_image()]), (handle,))
    env.call("prepare_variation_model", (handle,), (10,), (2,))
    return handle


def direct_variation_model(env: SweepEnv) -> Handle:
    """A 'direct' variation model of the sweep's 12 x 16 byte images, not prepared yet."""
    return env.call("create_variation_model", (16,), (12,), ("byte",), ("direct",))[0][0]


def _template(name: str, *params: tuple) -> Callable[[SweepEnv], Handle]:
    def make(env: SweepEnv) -> Handle:
        return env.call(name, _image(env), *params)[0][0]

    return make


ncc_model = _template(
    "create_ncc_model", ("auto",), (-0.39,), (0.79,), ("auto",), ("use_polarity",)
)
shape_model = _template(
    "create_shape_model",
    ("auto",),
    (-0.39,),
    (0.79,),
    ("auto",),
    ("auto",),
    ("use_polarity",),
    ("auto",),
    ("auto",),
)


def xld_shape_model(env: SweepEnv) -> Handle:
    """A shape model from an XLD rectangle (set_shape_model_metric needs one)."""
    rows, cols = (2.0, 2.0, 20.0, 20.0, 2.0), (2.0, 28.0, 28.0, 2.0, 2.0)
    (contour,) = env.call("gen_contour_polygon_xld", rows, cols)
    args = (("auto",), (-0.39,), (0.79,), ("auto",), ("auto",), ("use_polarity",), (5,))
    return env.call("create_shape_model_xld", contour, *args)[0][0]


def _texture(height: int, width: int) -> Any:
    """A byte image of overlapping gray squares: plenty of corners for interest points."""
    import numpy as np

    from hdlite.values.iconic import Image, ObjectTuple

    rng = np.random.default_rng(7)
    data = np.full((height, width), 50, np.uint8)
    for _ in range(height * width // 80):
        r, c, s = rng.integers(0, height), rng.integers(0, width), rng.integers(3, 9)
        data[r : r + s, c : c + s] = rng.integers(90, 250)
    return ObjectTuple([Image(data[None], "byte", None)])


def descriptor_model(env: SweepEnv) -> Handle:
    """A descriptor model of a 48 x 64 textured template (harris points)."""
    args: list[tuple] = [("harris",), (), (), (), (), (42,)]
    return env.call("create_uncalib_descriptor_model", _texture(48, 64), *args)[0][0]


def deformable_model(env: SweepEnv) -> Handle:
    """A local deformable model of a 48 x 64 textured template."""
    args: list[tuple] = [("auto",), (-0.39,), (0.79,), ("auto",), (1.0,), (1.0,), ("auto",)]
    args += [(1.0,), (1.0,), ("auto",), ("none",), ("use_polarity",), ("auto",), ("auto",)]
    return env.call("create_local_deformable_model", _texture(48, 64), *args, (), ())[0][0]


def framegrabber(env: SweepEnv) -> Handle:
    """The virtual 'File' interface serving the sweep's PNG file."""
    args: list[tuple] = [("File",), (1,), (1,), (0,), (0,), (0,), (0,), ("default",), (-1,)]
    args += [("default",), (-1,), ("default",), (str(env.folder / "good.png"),), ("default",)]
    args += [(-1,), (-1,)]
    return env.call("open_framegrabber", *args)[0][0]


def drawing_object(env: SweepEnv) -> Handle:
    """A rectangle drawing object."""
    return env.call("create_drawing_object_rectangle1", (10,), (10,), (30,), (40,))[0][0]


def object_model_3d(env: SweepEnv) -> Handle:
    """A tetrahedron of four points with triangles and point normals."""
    xs, ys, zs = (0.0, 0.1, 0.0, 0.0), (0.0, 0.0, 0.2, 0.0), (0.5, 0.5, 0.5, 0.8)
    (handle,) = env.call("gen_object_model_3d_from_points", xs, ys, zs)[0]
    tri = (0, 1, 2, 0, 1, 3, 0, 2, 3, 1, 2, 3)
    env.call("set_object_model_3d_attrib_mod", (handle,), ("triangles",), (), tri)
    names = ("point_normal_x", "point_normal_y", "point_normal_z")
    normals = (0.0,) * 4 + (0.0,) * 4 + (1.0,) * 4
    env.call("set_object_model_3d_attrib_mod", (handle,), names, (), normals)
    return handle


def surface_model(env: SweepEnv) -> Handle:
    """A surface model of the sweep's tetrahedron."""
    return env.call("create_surface_model", (object_model_3d(env),), (0.3,), (), ())[0][0]


def surface_matching_result(env: SweepEnv) -> Handle:
    """The result handle of a search of the tetrahedron in itself."""
    model, scene = surface_model(env), object_model_3d(env)
    outputs = env.call(
        "find_surface_model", (model,), (scene,), (0.3,), (1.0,), (0,), ("true",), (), ()
    )
    return outputs[2][0]


def object_model_3d_file(env: SweepEnv) -> tuple[str]:
    """A valid OFF file for read_object_model_3d."""
    path = env.folder / "good.off"
    path.write_text("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n", encoding="ascii")
    return (str(path),)


def dl_layer(env: SweepEnv) -> Handle:
    """An input layer of 8 x 8 x 1 for the create_dl_layer_* operators and create_dl_model."""
    return env.call("create_dl_layer_input", ("sweep_input",), (8, 8, 1), (), ())[0][0]


#: handle kind -> maker of a live handle of that kind
HANDLE_MAKERS: dict[str, Callable[[SweepEnv], Handle]] = {
    "metrology_model": metrology,
    "class_mlp": class_mlp,
    "class_gmm": class_gmm,
    "class_knn": class_knn,
    "class_svm": class_svm,
    "ocr_svm": ocr_svm,
    "ocr_mlp": ocr_mlp,
    "bar_code": bar_code,
    "data_code_2d": data_code,
    "measure": measure,
    "ncc_model": ncc_model,
    "shape_model": shape_model,
    "framegrabber": framegrabber,
    "descriptor_model": descriptor_model,
    "deformable_model": deformable_model,
    "variation_model": variation_model,
    "drawing_object": drawing_object,
    "object_model_3d": object_model_3d,
    "surface_model": surface_model,
    "surface_matching_result": surface_matching_result,
    "dl_layer": dl_layer,
}
#: handle parameters that do not declare their kind, by name
HANDLE_KIND_BY_NAME = {"AcqHandle": "framegrabber"}

_POSE = (0.01, 0.02, 0.5, 10.0, 20.0, 30.0, 0)
_HOM_MAT3D = (1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 1.0, 3.0)
_CAMERA = ("area_scan_division", 0.016, 0.0, 5e-6, 5e-6, 8.0, 6.0, 16, 12)

#: parameter name -> a valid value, for any operator (after sweep_cases.GOOD_ARGS)
GOOD_BY_NAME: dict[str, Any] = {
    "Pose": _POSE,
    "PoseIn": _POSE,
    "PoseLeft": _POSE,
    "PoseRight": _POSE,
    "WorldPose": _POSE,
    "HomMat3D": _HOM_MAT3D,
    "HomMat3DLeft": _HOM_MAT3D,
    "HomMat3DRight": _HOM_MAT3D,
    "HomMat2D": (1.0, 0.0, 2.0, 0.0, 1.0, 3.0),
    "CameraParam": _CAMERA,
    "CamParam": _CAMERA,
}
#: (operator, parameter) -> a valid value, where the name is not enough
GOOD_BY_OPERATOR: dict[tuple[str, str], Any] = {
    ("create_dl_layer_reshape", "Shape"): (1, 1, -1),
    ("projective_trans_point_3d", "HomMat3D"): (*_HOM_MAT3D, 0.0, 0.0, 0.0, 1.0),
    ("get_sample_class_mlp", "IndexSample"): (0,),
    ("add_sample_class_mlp", "Target"): (1,),
    ("add_sample_class_gmm", "ClassID"): (1,),
    ("add_sample_class_knn", "ClassID"): (1,),
    ("get_sample_class_knn", "IndexSample"): (0,),
    ("train_class_knn", "GenParamName"): ("num_trees",),
    ("train_class_knn", "GenParamValue"): (4,),
    ("set_params_class_knn", "GenParamName"): ("k",),
    ("set_params_class_knn", "GenParamValue"): (3,),
    ("get_params_class_knn", "GenParamName"): ("k",),
    ("get_sample_class_svm", "IndexSample"): (0,),
    ("get_support_vector_class_svm", "IndexSupportVector"): (0,),
    ("add_sample_class_svm", "Class"): (0,),
    ("classify_class_svm", "Num"): (1,),
    ("get_support_vector_ocr_class_svm", "IndexSupportVector"): (0,),
    ("do_ocr_single_class_svm", "Num"): (1,),
    ("set_bar_code_param", "GenParamName"): ("element_size_min",),
    ("set_bar_code_param", "GenParamValue"): (2,),
    ("get_bar_code_param", "GenParamName"): ("element_size_min",),
    ("set_data_code_2d_param", "GenParamName"): ("polarity",),
    ("set_data_code_2d_param", "GenParamValue"): ("dark_on_light",),
    ("get_data_code_2d_param", "GenParamName"): ("polarity",),
    ("set_framegrabber_param", "Param"): ("do_abort_grab",),
    ("set_framegrabber_param", "Value"): (0,),
    ("set_drawing_object_params", "GenParamName"): ("row2",),
    ("set_drawing_object_params", "GenParamValue"): (35,),
    ("get_drawing_object_params", "GenParamName"): ("row2",),
    ("read_ocr_class_mlp", "FileName"): ("Industrial_0-9A-Z_NoRej.omc",),
    ("add_noise_distribution", "Distribution"): (0.0,) * 250 + (0.1,) * 13 + (0.0,) * 250,
    ("set_shape_model_param", "GenParamName"): ("min_contrast",),
    ("set_shape_model_param", "GenParamValue"): (5,),
    ("set_ncc_model_param", "GenParamName"): ("timeout",),
    ("set_ncc_model_param", "GenParamValue"): (1000,),
    ("set_generic_shape_model_param", "GenParamName"): ("min_score",),
    ("set_generic_shape_model_param", "GenParamValue"): (0.6,),
    ("get_generic_shape_model_param", "GenParamName"): ("min_score",),
    ("get_generic_shape_model_result", "GenParamName"): ("score",),
    ("projective_trans_object_model_3d", "HomMat3D"): (*_HOM_MAT3D, 0.0, 0.0, 0.0, 1.0),
    ("select_points_object_model_3d", "MinValue"): (0.0,),
    ("distance_object_model_3d", "Pose"): _POSE,
    ("object_model_3d_to_xyz", "Type"): ("cartesian",),
    ("write_object_model_3d", "FileType"): ("om3",),
    ("create_surface_model", "RelSamplingDistance"): (0.3,),
    ("find_surface_model", "RelSamplingDistance"): (0.3,),
    ("get_surface_model_param", "GenParamName"): ("diameter",),
    ("set_object_model_3d_attrib", "AttribName"): ("&a",),
    ("set_object_model_3d_attrib", "AttachExtAttribTo"): ("object",),
    ("set_object_model_3d_attrib_mod", "AttribName"): ("&a",),
    ("set_object_model_3d_attrib_mod", "AttachExtAttribTo"): ("object",),
}
#: (operator, parameter) -> a valid value that depends on the sweep folder
GOOD_IN_FOLDER: dict[tuple[str, str], str] = {
    ("open_framegrabber", "CameraType"): "good.png",
    ("trainf_ocr_class_svm", "TrainingFile"): "ocr_svm.trf",  # written by ocr_svm()
}

#: read operator -> (file name, writer operator, handle kind or None for a value writer)
MODEL_FILES: dict[str, tuple[str, str, str | None]] = {
    "read_class_mlp": ("good.gmc", "write_class_mlp", "class_mlp"),
    "read_class_gmm": ("good.ggc", "write_class_gmm", "class_gmm"),
    "read_class_knn": ("good.gnc", "write_class_knn", "class_knn"),
    "read_class_svm": ("good.gsc", "write_class_svm", "class_svm"),
    "read_ocr_class_svm": ("good.osc", "write_ocr_class_svm", "ocr_svm"),
    "read_metrology_model": ("good.mtr", "write_metrology_model", "metrology_model"),
    "read_bar_code_model": ("good.bcm", "write_bar_code_model", "bar_code"),
    "read_data_code_2d_model": ("good.dcm", "write_data_code_2d_model", "data_code_2d"),
    "read_ncc_model": ("good.ncm", "write_ncc_model", "ncc_model"),
    "read_shape_model": ("good.shm", "write_shape_model", "shape_model"),
    "read_descriptor_model": ("good.dsm", "write_descriptor_model", "descriptor_model"),
    "read_variation_model": ("good.vam", "write_variation_model", "variation_model"),
    "read_measure": ("good.msr", "write_measure", "measure"),
    "read_surface_model": ("good.sfm", "write_surface_model", "surface_model"),
    "read_pose": ("good.dat", "write_pose", None),
    "read_cam_par": ("good_cam.dat", "write_cam_par", None),
}


def model_file(env: SweepEnv, reader: str) -> tuple[str]:
    """The path of a valid file for ``reader``, written on first use."""
    name, writer, kind = MODEL_FILES[reader]
    path = env.folder / name
    if not path.exists():
        if kind is None:
            value = _POSE if writer == "write_pose" else _CAMERA
            env.call(writer, value, (str(path),))
        else:
            env.call(writer, (HANDLE_MAKERS[kind](env),), (str(path),))
    return (str(path),)


def writer_file(env: SweepEnv, writer: str) -> tuple[str]:
    """A fresh path for a write_* operator of a model kind."""
    return (str(env.folder / f"written_{writer}"),)
