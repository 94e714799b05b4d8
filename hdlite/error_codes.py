"""HALCON's error numbers that hdlite raises, with HALCON's texts.

Numbers and texts come from HALCON's error list (``HErrorDef``, the extension reference
"HALCON error codes" and ``get_error_text``). Where HDevelop itself raises an error that
HALCON's public list does not number (an undefined variable, too deep a recursion), hdlite
uses a number in HDevelop's 21xxx range and says so in the table below; scripts should test
such errors through ``dev_get_exception_data`` rather than by number.
"""

from __future__ import annotations

H_MSG_TRUE = 2
H_MSG_FALSE = 3
H_MSG_VOID = 4
H_MSG_FAIL = 5

# code -> (constant name, HALCON text)
_TABLE: dict[int, tuple[str, str]] = {
    2: ("H_MSG_TRUE", "No error"),
    3: ("H_MSG_FALSE", "FALSE"),
    4: ("H_MSG_VOID", "Stop processing"),
    5: ("H_MSG_FAIL", "Call failed"),
    22: ("H_ERR_CANCEL", "operator was generally cancelled"),
    1350: ("H_ERR_WCOMP", "Wrong value of component"),
    1500: ("H_ERR_IONTB", "Number of input objects too big"),
    1510: ("H_ERR_OONTB", "Number of output objects too big"),
    2100: ("H_ERR_WOOPI", "Wrong index for output object parameter"),
    2101: ("H_ERR_WIOPI", "Wrong index for input object parameter"),
    2102: ("H_ERR_WOI", "Wrong index for image object"),
    2106: ("H_ERR_WIWI", "Wrong image width"),
    2107: ("H_ERR_WIHE", "Wrong image height"),
    2201: ("H_ERR_WICPI", "Wrong index for input control parameter"),
    2400: ("H_ERR_CTPL_WTYP", "Wrong Hctuple array type"),
    2402: ("H_ERR_CTPL_WIDX", "Wrong Hctuple index"),
    2403: ("H_ERR_WFV", "Wrong version of file"),
    2404: ("H_ERR_WRONG_HANDLE_TYPE", "Wrong handle type"),
    2410: ("H_ERR_WVTYP", "wrong vector type"),
    2411: ("H_ERR_WVDIM", "wrong vector dimension"),
    2450: ("H_ERR_WHDL", "Wrong (unknown) HALCON handle"),
    2453: ("H_ERR_HANDLE_NULL", "Handle is NULL"),
    2454: ("H_ERR_HANDLE_CLEARED", "Handle was cleared"),
    2455: ("H_ERR_HANDLE_NOSER", "Handle type does not serialize"),
    2456: ("H_ERR_HANDLE_CYCLES", "Reference cycles of handles found"),
    2460: ("H_ERR_WT_CTRL_EXPECTED", "Type mismatch: Control expected, found iconic"),
    2461: ("H_ERR_WT_ICONIC_EXPECTED", "Type mismatch: Iconic expected, control found"),
    2894: ("H_ERR_DICT_KEY", "Dict does not contain requested key"),
    2895: ("H_ERR_DICT_TUPLE_LENGTH", "Incorrect tuple length in dict"),
    2896: ("H_ERR_DICT_TUPLE_TYPE", "Incorrect tuple type in dict"),
    2897: ("H_ERR_DICT_INVALID_INDEX", "Invalid index for dict tuple"),
    3010: ("H_ERR_RCOIMA", "Region completely outside of the image domain"),
    3011: ("H_ERR_ROOIMA", "Region (partially) outside of the definition range of the image"),
    3013: ("H_ERR_EDEF", "Image with empty definition range"),
    3017: ("H_ERR_UENOI", "Number of images unequal in input pars."),
    3036: ("H_ERR_EMPTREG", "Region is empty"),
    3110: ("H_ERR_NOOB", "Number of input objects is zero"),
    3117: ("H_ERR_IWDS", "Images with different image size"),
    3122: ("H_ERR_DNOC", "Number of channels in the input parameters are different"),
    3359: ("H_ERR_WRNUMCHAN", "Wrong number of channels"),
    4050: ("H_ERR_DBOIT", "Object is an object tuple"),
    4051: ("H_ERR_DBOC", "Object has been deleted already"),
    4062: ("H_ERR_WCHAN", "Wrong value for image channel"),
    4063: ("H_ERR_DBITL", "Index too big"),
    4064: ("H_ERR_DBIUNDEF", "Index not defined"),
    4104: ("H_ERR_OUT_OF_DEVICE_MEM", "Out of device memory"),
    4106: ("H_ERR_INVALID_DEVICE", "Invalid compute device"),
    4200: ("H_ERR_CUDA_ERROR", "CUDA error occurred"),
    4204: ("H_ERR_CUDA_NOT_AVAILABLE", "CUDA implementations not available"),
    5100: ("H_ERR_WSCN", "Wrong (logical) window number"),
    5101: ("H_ERR_DSCO", "Error while opening the window"),
    5102: ("H_ERR_WWC", "Wrong window coordinates"),
    5104: ("H_ERR_DNA", "Device resp. operator not available"),
    5105: ("H_ERR_UCOL", "Unknown color"),
    5106: ("H_ERR_NWO", "No window has been opened for desired action"),
    5107: ("H_ERR_WFM", "Wrong filling mode for regions"),
    5108: ("H_ERR_WGV", "Wrong gray value (0..255)"),
    5110: ("H_ERR_WLW", "Wrong line width"),
    5122: ("H_ERR_WDEXT", "Wrong window size"),
    5124: ("H_ERR_WND", "No current window has been set"),
    5125: ("H_ERR_WRGB", "Wrong color combination or range (RGB)"),
    5131: ("H_ERR_WIDT", "Wrong device for window dump"),
    5137: ("H_ERR_WFN", "Wrong font name"),
    5155: ("H_ERR_WLPN", "Wrong line pattern"),
    5156: ("H_ERR_WLPL", "Wrong number of parameters for line pattern"),
    5172: ("H_ERR_WWATTRT", "Wrong type for window attribute"),
    5173: ("H_ERR_WWATTRN", "Wrong name for window attribute"),
    5174: ("H_ERR_WRSPART", "negativ height of area (or 0)"),
    5175: ("H_ERR_WCSPART", "negativ width of area (or 0)"),
    5190: ("H_ERR_WP_IWP", "Invalid window parameter"),
    5191: ("H_ERR_WP_IWPV", "Invalid value for window parameter"),
    5196: ("H_ERR_FINTERN", "Internal file error"),
    5198: ("H_ERR_FISR", "insufficient rights"),
    # image acquisition (IA); names from HALCON's error header, texts hdlite's wording
    5301: ("H_ERR_FGWC", "IA: wrong color depth"),
    5305: ("H_ERR_UFG", "Unknown image acquisition device"),
    5306: ("H_ERR_FGF", "IA: failed grabbing of an image"),
    5307: ("H_ERR_FGWR", "IA: wrong resolution chosen"),
    5308: ("H_ERR_FGWP", "IA: wrong image part chosen"),
    5310: ("H_ERR_FGWH", "IA: handle not valid"),
    5315: ("H_ERR_FGCS", "IA: wrong color space"),
    5321: ("H_ERR_FGPARAM", "IA: unsupported parameter"),
    5326: ("H_ERR_FGPARV", "IA: parameter value out of range"),
    5200: ("H_ERR_FNF", "File not found"),
    5201: ("H_ERR_DWI", "Error while writing image data (sufficient memory ?)"),
    5202: ("H_ERR_DWID", "Error while writing image descriptor (sufficient memory ?)"),
    5203: ("H_ERR_DRI1", "Error while reading image data (format of image too small ?)"),
    5204: ("H_ERR_DRI2", "Error while reading image data (format of image too big ?)"),
    5205: ("H_ERR_DRID1", "Error while reading image descriptor: File too small"),
    5211: ("H_ERR_CNCF", "File can not be closed"),
    5212: ("H_ERR_EDWF", "Error while writing to file"),
    5214: ("H_ERR_WFIN", "Wrong file name"),
    5215: ("H_ERR_CNOF", "Error while opening the file"),
    5216: ("H_ERR_WFMO", "Wrong file mode"),
    5217: ("H_ERR_WPTY", "Wrong type for pixel (e.g. byte)"),
    5220: ("H_ERR_FTS1", "File already exhausted before reading an image"),
    5221: ("H_ERR_FTS2", "File exhausted before terminating the image"),
    5235: ("H_ERR_WIFT", "Wrong graphic format"),
    5238: ("H_ERR_WFF", "Wrong file format"),
    5245: ("H_ERR_FNO", "File not open"),
    5250: ("H_ERR_EDRF", "Error reading file"),
    5280: ("H_ERR_FNOTF", "File has not been opened in text format"),
    5281: ("H_ERR_FNOBF", "File has not been opened in binary file format"),
    5282: ("H_ERR_DIRCR", "Cannot create directory"),
    5283: ("H_ERR_DIRRM", "Cannot remove directory"),
    5284: ("H_ERR_GETCWD", "Cannot get current directory"),
    5285: ("H_ERR_SETCWD", "Cannot set current directory"),
    5756: ("H_ERR_TUPLE_WRONG_VERSION", "The version of the tuple is not supported"),
    5757: ("H_ERR_TUPLE_NOSITEM", "Serialized item does not contain a valid tuple"),
    5501: ("H_ERR_LIB_FILE_OPEN", "Error while opening the image file"),
    5502: ("H_ERR_LIB_UNEXPECTED_EOF", "Premature end of the image file"),
    5506: ("H_ERR_FILE_FORMAT_UNSUPPORTED", "File format is unsupported"),
    6001: ("H_ERR_MEM", "Not enough memory available"),
    7002: ("H_ERR_WOCPT", "Wrong type: Output control parameter"),
    7004: ("H_ERR_IOOR", "Range for integer had been passed"),
    8000: ("H_ERR_WPRN", "Unknown operator name"),
    9000: ("H_ERR_NOT_IMPL", "Function not implemented on this machine"),
    9001: ("H_ERR_WIT", "Image to process has wrong gray value type"),
    9003: ("H_ERR_UNDI", "Undefined gray values"),
    9004: ("H_ERR_WIS", "Wrong image format for operation (too big or too small)"),
    9007: ("H_ERR_WITFO", "Wrong pixel type for this operation"),
    9009: ("H_ERR_NOCIMA", "Image is no color image with three channels"),
    9020: ("H_ERR_IEUNKV", "Internal Error: Unknown value"),
    9021: ("H_ERR_WPFO", "Wrong parameter for this operation"),
    9024: ("H_ERR_REGEX_MATCH", "Error during matching of regular expression"),
    # OCR and camera calibration: names and texts of HALCON's error header (HErrorDef.h)
    8313: ("H_ERR_OCR_TRF", "The version of the OCR training characters is not supported"),
    8319: (
        "H_ERR_TRF_CON_EIO",
        "OCR training file concatenation failed: identical input and output files",
    ),
    8320: ("H_ERR_OCR_MLP_NOCLASSFILE", "Invalid file format for MLP classifier"),
    8321: ("H_ERR_OCR_MLP_WRCLASSVERS", "The version of the MLP classifier is not supported"),
    8322: ("H_ERR_OCR_MLP_NOSITEM", "Serialized item does not contain a valid MLP classifier"),
    8330: ("H_ERR_OCR_SVM_NOCLASSFILE", "Invalid file format for SVM classifier"),
    8331: ("H_ERR_OCR_SVM_WRCLASSVERS", "The version of the SVM classifier is not supported"),
    8402: ("H_ERR_CAL_NCPF", "No calibration table found"),
    8405: (
        "H_ERR_CAL_FRCP",
        "Read error / format error in calibration table description file",
    ),
    8414: ("H_ERR_CAL_OCPDF", "Not possible to open calibration target description file"),
    8415: ("H_ERR_CAL_OCPPS", "Not possible to open postscript file of calibration target"),
    8428: ("H_ERR_CAL_WIMSZ", "Image size does not match the measurement in camera parameters"),
    8431: ("H_ERR_CAL_ORICP", "Orientation of calibration plate could not be determined"),
    8433: ("H_ERR_CAL_WNCME", "Wrong number of calibration marks extracted"),
    8506: ("H_ERR_NGTPTS", "Number of template points too small"),
    8508: ("H_ERR_NCC_NOSITEM", "Serialized item does not contain a valid NCC model"),
    8510: ("H_ERR_NTPTS", "Number of shape model points too small"),
    8513: ("H_ERR_SMNXLD", "Shape model was not created from XLDs"),
    8514: ("H_ERR_SM_NOSITEM", "Serialized item does not contain a valid shape model"),
    8540: ("H_ERR_VARIATION_WS", "Size of the training image and the variation model differ"),
    8541: ("H_ERR_VARIATION_PREP", "Variation model has not been prepared for segmentation"),
    8542: ("H_ERR_VARIATION_WRMD", "Invalid variation model training mode"),
    8545: ("H_ERR_VARIATION_TRDC", "Training data has been cleared"),
    8546: (
        "H_ERR_VARIATION_NOSITEM",
        "Serialized item does not contain a valid variation model",
    ),
    8572: ("H_ERR_METROLOGY_OBJECT_INVALID", "Invalid metrology object"),
    8575: ("H_ERR_METROLOGY_NO_MODEL_FILE", "Invalid file format for metrology model"),
    8576: ("H_ERR_METROLOGY_WRONG_VERSION", "The version of the metrology model is not supported"),
    8579: ("H_ERR_METROLOGY_UNDEF_CAMPAR", "Camera parameters are not set"),
    8580: ("H_ERR_METROLOGY_UNDEF_POSE", "Pose of the measurement plane is not set"),
    8673: ("H_ERR_GSM_NEEDS_TRAINING", "Shape model needs training"),
    8674: ("H_ERR_GSM_CONTRAST_HYS", "contrast_high cannot be smaller than contrast_low"),
    8675: (
        "H_ERR_GSM_CONTRAST_MIN_CONTRAST",
        "Neither contrast_low nor contrast_high can be smaller than min_contrast",
    ),
    8676: ("H_ERR_GSM_ISO_SCALE_PAIR", "iso_scale_max cannot be smaller than iso_scale_min"),
    8677: ("H_ERR_GSM_ANISO_SCALE_ROW", "scale_row_max cannot be smaller than scale_row_min"),
    8678: (
        "H_ERR_GSM_ANISO_SCALE_COLUMN",
        "scale_column_max cannot be smaller than scale_column_min",
    ),
    9053: ("H_ERR_NDPA", "No data points available"),
    9054: ("H_ERR_WR_OBJ_TYPE", "Object type is not supported."),
    9212: ("H_ERR_MAT_DBZ", "Matrix element division by 0"),
    9400: ("H_ERR_TIMEOUT", "Timeout occurred"),
    9580: ("H_ERR_NO_SERIALIZED_ITEM", "Not a valid serialized item file"),
    9581: ("H_ERR_END_OF_FILE", "Serialized item: premature end of file"),
    7701: ("H_ERR_CNN_DATA", "CNN: Internal data error"),
    7703: ("H_ERR_CNN_IO_INVALID", "CNN: Invalid data serialization"),
    7708: (
        "H_ERR_CNN_GPU_REQUIRED",
        "For this operation a GPU with certain minimal requirements is required.",
    ),
    7709: (
        "H_ERR_CNN_CUDA_LIBS_MISSING",
        "For this operation the CUDA library needs to be available.",
    ),
    7713: ("H_ERR_CNN_WGPN", "Wrong generic parameter name"),
    7714: ("H_ERR_CNN_INVALID_LABELS", "Invalid labels."),
    7716: ("H_ERR_CNN_MULTIPLE_CLASSES", "Invalid classes: At least one class apears twice"),
    7720: (
        "H_ERR_CNN_TRAINING_FAILED",
        "Training step failed. This might be caused by unsuitable training parameters",
    ),
    7722: (
        "H_ERR_CNN_INVALID_INPUT_SIZE",
        "New input size is too small to produce meaningful features",
    ),
    7724: ("H_ERR_CNN_INVALID_INPUT_DEPTH", "New number of channels must be either 1 or 3."),
    7780: ("H_ERR_DL_FILE_READ", "DL: Error reading file"),
    7781: ("H_ERR_DL_FILE_WRITE", "DL: Error writing file"),
    7782: ("H_ERR_DL_FILE_WRONG_VERSION", "DL: Wrong file version"),
    7783: ("H_ERR_DL_INPUTS_MISSING", "DL: Inputs missing in input dict"),
    7784: ("H_ERR_DL_INPUT_WRONG_BS", "DL: Inputs have incorrect batch size"),
    7788: ("H_ERR_DL_PARAM_NOT_AVAILABLE", "DL: Parameter is not available"),
    7789: ("H_ERR_DL_INPUT_WRONG_LENGTH", "DL: Tuple inputs have incorrect length"),
    7790: ("H_ERR_DL_INPUT_WRONG_TYPE", "DL: Tuple inputs have incorrect type"),
    7791: ("H_ERR_DL_INPUT_WRONG_VALUES", "DL: Some inputs have incorrect values"),
    7793: ("H_ERR_DL_CLASS_IDS_INVALID", "DL: Some class ids are invalid"),
    7801: ("H_ERR_DL_READ_ONNX", "Error occurred while reading an ONNX model"),
    21000: ("H_ERR_HDEV_OPERATOR", "HALCON operator error"),
    21001: ("H_ERR_HDEV_USER", "User defined exception"),
    # hdlite's numbers for HDevelop errors that HALCON's public list does not number:
    21010: ("H_ERR_HDEV_UNDEFINED_VARIABLE", "Variable is not initialized"),
    21011: ("H_ERR_HDEV_RECURSION", "Maximum procedure call depth exceeded"),
    21012: ("H_ERR_HDEV_UNKNOWN_PROCEDURE", "Unknown operator or procedure"),
    21013: ("H_ERR_HDEV_OUTPUT_NOT_SET", "Output parameter was not set by the procedure"),
}

for _n in range(1, 21):
    _TABLE[1200 + _n] = (f"H_ERR_WIPT{_n}", f"Wrong type of control parameter {_n}")
    _TABLE[1300 + _n] = (f"H_ERR_WIPV{_n}", f"Wrong value of control parameter {_n}")
    _TABLE[1400 + _n] = (f"H_ERR_WIPN{_n}", f"Wrong number of values of control parameter {_n}")
for _n in range(1, 10):
    _TABLE[1500 + _n] = (f"H_ERR_WION{_n}", f"Wrong number of values of object parameter {_n}")

NAMES: dict[str, int] = {name: code for code, (name, _text) in _TABLE.items()}


def text(code: int) -> str:
    """Return HALCON's text for ``code`` (as ``get_error_text`` does)."""
    entry = _TABLE.get(code)
    if entry is None:
        return f"No error message available for this error code ({code})"
    return entry[1]


def name(code: int) -> str:
    """Return HALCON's constant name for ``code``, or ``''`` if hdlite does not know it."""
    entry = _TABLE.get(code)
    return entry[0] if entry else ""


def wrong_type(position: int) -> int:
    """Return the code for a wrong type of input control parameter ``position`` (1-based)."""
    return 1200 + min(position, 20)


def wrong_value(position: int) -> int:
    """Return the code for a wrong value of input control parameter ``position`` (1-based)."""
    return 1300 + min(position, 20)


def wrong_count(position: int) -> int:
    """Return the code for a wrong number of values of control parameter ``position``."""
    return 1400 + min(position, 20)


def wrong_object_count(position: int) -> int:
    """Return the code for a wrong number of objects in object parameter ``position``."""
    return 1500 + min(max(position, 1), 9)
