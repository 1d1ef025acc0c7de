"""Stand-ins that pickle exactly as NumPy, chumpy, scipy.sparse and PyTorch objects do, using only the standard
library. Each stand-in class or function is registered in sys.modules under the real module and name, so that
pickle writes the real global (e.g. ``numpy.core.multiarray _reconstruct``) and the same reduce tuple and state the
real library writes. Nothing here imports NumPy: the fixtures must be reproducible on a machine without it.

References (formats, not code): NumPy ``ndarray.__reduce__``/``__reduce_ex__`` (``_reconstruct`` with state
``(1, shape, dtype, is_fortran, rawdata)``; protocol 5 uses ``numpy.core.numeric._frombuffer``), ``dtype.__reduce__``
(``(dtype, ('f8', False, True), (3, '<', None, None, None, -1, -1, 0))``), chumpy's ``Ch.__getstate__`` (the instance
``__dict__`` minus caches), scipy's sparse matrices (plain instance ``__dict__``), PyTorch's legacy storage format.
"""
import io
import pickle
import struct
import sys
import types
from collections import OrderedDict

__all__ = ["ndarray", "ndarray_py2", "Ch", "sparse_matrix", "Tensor", "Py2Str", "Py2Pickler", "npy_bytes", "dumps_py2"]


def _module(name):
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        qualified = ".".join(parts[:i])
        if qualified not in sys.modules:
            sys.modules[qualified] = types.ModuleType(qualified)
            if i > 1:
                setattr(sys.modules[".".join(parts[: i - 1])], parts[i - 1], sys.modules[qualified])
    return sys.modules[name]


def _register(module, obj, name=None):
    name = name or obj.__name__
    obj.__module__ = module
    obj.__qualname__ = name
    obj.__name__ = name
    setattr(_module(module), name, obj)
    return obj


# ----------------------------------------------------------------------------------------------- numpy stand-ins
_CODES = {  # typecode -> (struct format, kind+size as NumPy's dtype.__reduce__ writes it)
    "f8": "d", "f4": "f", "f2": "e", "i8": "q", "i4": "i", "i2": "h", "i1": "b",
    "u8": "Q", "u4": "I", "u2": "H", "u1": "B", "b1": "?",
}


class dtype:  # noqa: N801 - the real class name
    def __init__(self, code, byteorder="<", py2=False):
        self.code = code
        self.byteorder = "|" if code in ("i1", "u1", "b1", "O8") else byteorder
        self.py2 = py2

    def __reduce__(self):
        text = (lambda t: Py2Str(t.encode("latin1"))) if self.py2 else (lambda t: t)
        return (dtype, (text(self.code), False, True), (3, text(self.byteorder), None, None, None, -1, -1, 0))

    @property
    def descr(self):
        return "|O" if self.code == "O8" else self.byteorder + self.code


_register("numpy", dtype, "dtype")


def _reconstruct(*args):  # never called: only pickled by reference
    raise NotImplementedError


def _frombuffer(*args):
    raise NotImplementedError


def scalar(*args):
    raise NotImplementedError


_register("numpy.core.multiarray", _reconstruct, "_reconstruct")
_register("numpy.core.multiarray", scalar, "scalar")
_register("numpy.core.numeric", _frombuffer, "_frombuffer")


class ndarray:  # noqa: N801
    """An array given by its C-order values; stored in C or Fortran order with any byte order."""

    def __init__(self, values, shape, code="f8", byteorder="<", fortran=False, objects=False):
        self.shape = tuple(shape)
        self.dtype = dtype("O8" if objects else code, byteorder)
        self.fortran = fortran
        self.values = list(values)
        count = 1
        for d in self.shape:
            count *= d
        assert count == len(self.values), (shape, len(self.values))

    def memory_order(self):
        if not self.fortran or len(self.shape) < 2:
            return self.values
        # Fortran order: walk memory with the first index varying fastest, reading the C-order element.
        strides, s = [], 1
        for d in reversed(self.shape):
            strides.insert(0, s)
            s *= d
        out, index = [], [0] * len(self.shape)
        for _ in range(len(self.values)):
            out.append(self.values[sum(i * st for i, st in zip(index, strides))])
            for a in range(len(self.shape)):
                index[a] += 1
                if index[a] < self.shape[a]:
                    break
                index[a] = 0
        return out

    def raw(self):
        fmt = ">" if self.dtype.byteorder == ">" else "<"
        return struct.pack(fmt + str(len(self.values)) + _CODES[self.dtype.code], *self.memory_order())

    def __reduce_ex__(self, protocol):
        if self.dtype.code == "O8":
            state = (1, self.shape, self.dtype, self.fortran, list(self.memory_order()))
            return (_reconstruct, (ndarray, (0,), b"b"), state)
        if protocol >= 5:
            order = "F" if self.fortran and len(self.shape) > 1 else "C"
            return (_frombuffer, (pickle.PickleBuffer(bytearray(self.raw())), self.dtype, self.shape, order))
        data = self.raw()
        if isinstance(self, _Py2Array):
            data = Py2Str(data)
        return (_reconstruct, (ndarray, (0,), b"b"), (1, self.shape, self.dtype, self.fortran, data))


_register("numpy", ndarray, "ndarray")


class _Py2Array(ndarray):
    """An array whose payload pickles as a Python 2 str (BINSTRING), as FLAME 2020's Python 2 pickle does."""

    def __reduce_ex__(self, protocol):
        reduced = super().__reduce_ex__(min(protocol, 4))
        return (reduced[0], (reduced[1][0], reduced[1][1], Py2Str(b"b")), reduced[2])


def ndarray_py2(values, shape, code="f8"):
    """An array as Python 2's pickle wrote it: str payload and str dtype codes."""
    a = _Py2Array(values, shape, code)
    a.dtype.py2 = True
    return a


def npy_bytes(array, version=(1, 0)):
    """The .npy file of an array (NEP 1): magic, version, header dict padded to 64 bytes, data or pickle."""
    shape = f"({array.shape[0]},)" if len(array.shape) == 1 else "(" + ", ".join(str(d) for d in array.shape) + ")"
    fortran = "True" if array.fortran and len(array.shape) > 1 else "False"
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (array.dtype.descr, fortran, shape)
    length_bytes = 2 if version[0] == 1 else 4
    preamble = 6 + 2 + length_bytes
    pad = 64 - ((preamble + len(header) + 1) % 64)
    header = (header + " " * (pad % 64) + "\n").encode("latin1" if version[0] < 3 else "utf-8")
    out = b"\x93NUMPY" + bytes(version) + struct.pack("<H" if length_bytes == 2 else "<I", len(header)) + header
    if array.dtype.code == "O8":
        return out + pickle.dumps(array, protocol=3)
    return out + array.raw()


# ----------------------------------------------------------------------------------------------- chumpy stand-in
class Ch:
    """chumpy.ch.Ch: its pickled state is the instance __dict__ without '_parents' and '_cache'."""

    def __init__(self, x):
        self.x = x
        self._dirty_vars = set()
        self._itr = None
        self._depends_on_deps = {}
        self._make_dense = False
        self._make_sparse = False

    def __getstate__(self):
        return dict(self.__dict__)


_register("chumpy.ch", Ch, "Ch")


# ----------------------------------------------------------------------------------------------- scipy.sparse stand-ins
def sparse_matrix(kind, module, dense_rows, array_type=ndarray):
    """A CSC or CSR matrix (scipy's attribute dict) from a dense list of rows."""
    rows, cols = len(dense_rows), len(dense_rows[0])
    data, indices, indptr = [], [], [0]
    outer, inner = (cols, rows) if kind == "csc" else (rows, cols)
    for o in range(outer):
        for i in range(inner):
            v = dense_rows[i][o] if kind == "csc" else dense_rows[o][i]
            if v != 0:
                data.append(v)
                indices.append(i)
        indptr.append(len(data))
    cls = _SPARSE[(kind, module)]
    m = cls.__new__(cls)
    m.__dict__.update({
        "_shape": (rows, cols), "maxprint": 50,
        "indices": array_type(indices, [len(indices)], "i4"),
        "indptr": array_type(indptr, [len(indptr)], "i4"),
        "data": array_type(data, [len(data)], "f8"),
    })
    return m


_SPARSE = {}
for _kind in ("csc", "csr"):
    for _mod in (f"scipy.sparse.{_kind}", f"scipy.sparse._{_kind}"):
        _cls = type(f"{_kind}_matrix", (object,), {})
        _register(_mod, _cls, f"{_kind}_matrix")
        _SPARSE[(_kind, _mod)] = _cls


# ----------------------------------------------------------------------------------------------- torch stand-ins
def _rebuild_tensor_v2(*args):
    raise NotImplementedError


def _load_from_bytes(*args):
    raise NotImplementedError


_register("torch._utils", _rebuild_tensor_v2, "_rebuild_tensor_v2")
_register("torch.storage", _load_from_bytes, "_load_from_bytes")
_STORAGE = {"i8": "LongStorage", "f4": "FloatStorage", "f8": "DoubleStorage"}
for _code, _name in _STORAGE.items():
    _register("torch", type(_name, (object,), {}), _name)


class _Storage:
    def __init__(self, code, values):
        self.code, self.values = code, list(values)

    def legacy_bytes(self):
        storage_type = getattr(sys.modules["torch"], _STORAGE[self.code])
        out = io.BytesIO()
        for header in (0x1950A86A20F9469CFC6C, 1001, {"protocol_version": 1001, "little_endian": True,
                                                       "type_sizes": {"short": 2, "int": 4, "long": 4}}):
            pickle.dump(header, out, protocol=2)

        class _P(pickle.Pickler):
            def persistent_id(self, obj):
                if obj is marker:
                    return ("storage", storage_type, "0", "cpu", len(self_values), None)
                return None

        marker, self_values = object(), self.values
        _P(out, protocol=2).dump(marker)
        pickle.dump(["0"], out, protocol=2)
        out.write(struct.pack("<q", len(self.values)))
        out.write(struct.pack("<" + str(len(self.values)) + _CODES[self.code], *self.values))
        return out.getvalue()

    def __reduce__(self):
        return (_load_from_bytes, (self.legacy_bytes(),))


class Tensor:
    """A CPU tensor pickled with plain pickle (not torch.save), as DECA's landmark_embedding.npy holds them."""

    def __init__(self, values, shape, code="i8"):
        self.values, self.shape, self.code = list(values), tuple(shape), code

    def __reduce_ex__(self, protocol):
        stride, s = [], 1
        for d in reversed(self.shape):
            stride.insert(0, s)
            s *= d
        return (_rebuild_tensor_v2, (_Storage(self.code, self.values), 0, self.shape, tuple(stride), False, OrderedDict()))


# ----------------------------------------------------------------------------------------------- Python 2 strings
class Py2Str(bytes):
    """Bytes that pickle as a Python 2 str (SHORT_BINSTRING / BINSTRING), as Python 2's pickle wrote them."""


class Py2Pickler(pickle._Pickler):  # the pure-Python pickler: its dispatch table can be extended
    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2str(self, obj):
        n = len(obj)
        if n < 256:
            self.write(b"U" + bytes([n]) + bytes(obj))
        else:
            self.write(b"T" + struct.pack("<I", n) + bytes(obj))
        self.memoize(obj)

    dispatch[Py2Str] = save_py2str


def dumps_py2(obj):
    """Pickle protocol 2 with Python 2 module names (fix_imports) and Py2Str payloads."""
    out = io.BytesIO()
    Py2Pickler(out, protocol=2, fix_imports=True).dump(obj)
    return out.getvalue()
