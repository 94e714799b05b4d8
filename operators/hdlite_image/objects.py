"""Object tuple operators: building, selecting, copying and comparing iconic objects.

HALCON indexes object tuples from 1. An index past the end is error 4063 (index too big);
an index below 1 breaks the parameter's restriction (130N). Objects are immutable, so
"copying" an object shares it.
"""

from __future__ import annotations

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    IconicIn,
    IconicOut,
    ObjectTuple,
    operator,
    tuples_equal,
)


def _check_index(ctx: CallContext, index: int, count: int, name: str = "Index") -> int:
    if index < 1:
        raise ctx.param_error("value", name, f"object index {index} must be at least 1")
    if index > count:
        raise ctx.error(4063, f"{name}: object index {index} for {count} objects")
    return index - 1


@operator("gen_empty_obj", IconicOut("EmptyObject"))
def gen_empty_obj(ctx: CallContext) -> tuple:
    """Create an empty object tuple."""
    return (ObjectTuple(),)


@operator("concat_obj", IconicIn("Objects1"), IconicIn("Objects2"), IconicOut("ObjectsConcat"))
def concat_obj(ctx: CallContext, first: ObjectTuple, second: ObjectTuple) -> tuple:
    """Concatenate two object tuples."""
    return (first + second,)


@operator(
    "select_obj",
    IconicIn("Objects"),
    IconicOut("ObjectSelected"),
    ControlIn("Index", types="integer", count=None, default=1),
)
def select_obj(ctx: CallContext, objs: ObjectTuple, index: tuple) -> tuple:
    """Select objects by their 1-based indices (a tuple of indices selects several)."""
    n = len(objs)
    return (ObjectTuple(objs[_check_index(ctx, i, n)] for i in index),)


@operator("count_obj", IconicIn("Objects"), ControlOut("Number", types="integer", count=1))
def count_obj(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Number of objects in a tuple."""
    return ((len(objs),),)


@operator(
    "copy_obj",
    IconicIn("Objects"),
    IconicOut("ObjectsSelected"),
    ControlIn("Index", types="integer", count=1, default=1),
    ControlIn("NumObj", types="integer", count=1, default=1),
)
def copy_obj(ctx: CallContext, objs: ObjectTuple, index: tuple, num: tuple) -> tuple:
    """Copy ``NumObj`` objects starting at ``Index``; ``NumObj = -1`` copies to the end."""
    n, start, count = len(objs), index[0], num[0]
    if count < -1:
        raise ctx.param_error("value", "NumObj", f"{count} (use -1 for all remaining objects)")
    if count == -1 and n == 0 and start == 1:
        return (ObjectTuple(),)
    first = _check_index(ctx, start, n)
    last = n if count == -1 else first + count
    if last > n:
        raise ctx.error(4063, f"NumObj: {count} objects from index {start} of {n}")
    return (ObjectTuple(objs[first:last]),)


@operator(
    "replace_obj",
    IconicIn("Objects"),
    IconicIn("ObjectsReplace"),
    IconicOut("ObjectsReplaced"),
    ControlIn("Index", types="integer", count=None, default=1),
)
def replace_obj(ctx: CallContext, objs: ObjectTuple, replace: ObjectTuple, index: tuple) -> tuple:
    """Replace the objects at the given indices by the objects of ``ObjectsReplace``."""
    items = list(objs)
    if len(replace) != len(index) and not (len(replace) == 1 and index):
        raise ctx.param_error(
            "count", "Index", f"{len(index)} indices for {len(replace)} replacement objects"
        )
    for k, i in enumerate(index):
        items[_check_index(ctx, i, len(items))] = replace[k if len(replace) > 1 else 0]
    return (ObjectTuple(items),)


@operator(
    "remove_obj",
    IconicIn("Objects"),
    IconicOut("ObjectsReduced"),
    ControlIn("Index", types="integer", count=None, default=1),
)
def remove_obj(ctx: CallContext, objs: ObjectTuple, index: tuple) -> tuple:
    """Remove the objects at the given 1-based indices."""
    drop = {_check_index(ctx, i, len(objs)) for i in index}
    return (ObjectTuple(o for k, o in enumerate(objs) if k not in drop),)


@operator(
    "insert_obj",
    IconicIn("Objects"),
    IconicIn("ObjectsInsert"),
    IconicOut("ObjectsExtended"),
    ControlIn("Index", types="integer", count=1, default=1),
)
def insert_obj(ctx: CallContext, objs: ObjectTuple, insert: ObjectTuple, index: tuple) -> tuple:
    """Insert ``ObjectsInsert`` before position ``Index`` (``count + 1`` appends)."""
    at = _check_index(ctx, index[0], len(objs) + 1)
    items = list(objs)
    return (ObjectTuple(items[:at] + list(insert) + items[at:]),)


@operator("obj_diff", IconicIn("Objects"), IconicIn("ObjectsSub"), IconicOut("ObjectsDiff"))
def obj_diff(ctx: CallContext, objs: ObjectTuple, sub: ObjectTuple) -> tuple:
    """The objects of ``Objects`` that are not (the same object as) one of ``ObjectsSub``."""
    drop = {id(o) for o in sub}
    return (ObjectTuple(o for o in objs if id(o) not in drop),)


@operator("clear_obj", IconicIn("Objects"))
def clear_obj(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """Release objects; objects are freed automatically, so this does nothing."""
    return ()


@operator("get_obj_class", IconicIn("Object"), ControlOut("Class", types="string"))
def get_obj_class(ctx: CallContext, objs: ObjectTuple) -> tuple:
    """The class of each object: ``'image'`` or ``'region'``."""
    return (tuple(o.kind for o in objs),)


def _compare(objs1: ObjectTuple, objs2: ObjectTuple, epsilon: float) -> int:
    return int(tuples_equal(objs1, objs2, epsilon))


@operator(
    "test_equal_obj",
    IconicIn("Objects1"),
    IconicIn("Objects2"),
    ControlOut("IsEqual", types="integer", count=1),
)
def test_equal_obj(ctx: CallContext, objs1: ObjectTuple, objs2: ObjectTuple) -> tuple:
    """1 if both tuples hold objects with equal regions and gray values, else 0."""
    return ((_compare(objs1, objs2, 0.0),),)


@operator(
    "compare_obj",
    IconicIn("Objects1"),
    IconicIn("Objects2"),
    ControlIn("Epsilon", types="real", count=1, default=0.0),
    ControlOut("IsEqual", types="integer", count=1),
)
def compare_obj(ctx: CallContext, objs1: ObjectTuple, objs2: ObjectTuple, eps: tuple) -> tuple:
    """Like test_equal_obj, with gray values allowed to differ by up to ``Epsilon``."""
    if eps[0] < 0:
        raise ctx.param_error("value", "Epsilon", "must not be negative")
    return ((_compare(objs1, objs2, float(eps[0])),),)
