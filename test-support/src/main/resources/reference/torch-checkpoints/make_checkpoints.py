#!/usr/bin/env python3
"""Writes the small PyTorch-format checkpoints that TorchCheckpointsTest and PretrainedWeightsTest read.

They stand in for the IBM composer's LeNet5 weight templates (whose licence we could not establish) with the
same structure: torch.save's zip layout (archive/data.pkl, one archive/data/<key> per storage, archive/version),
a protocol-2 pickle of an OrderedDict state dict, tensors as torch._utils._rebuild_tensor_v2 over persistent
FloatStorage ids, parameters as torch._utils._rebuild_parameter, numpy arrays as numpy 1.x pickles them, and the
AIHWKit config objects as plain pickled objects. Two AIHWKit layouts of LeNet5 (layers 0, 3, 8, 10):

- lenet5-tile-layout.pth: the older one: one tile per layer with an analog bias column, the tile weights once as a
  numpy array in analog_tile_state_0 and once as the torch tensor analog_shared_weights_0, a scalar
  out_scaling_alpha.
- lenet5-mapped-layout.pth: the "mapped" one: digital bias, tile weights [out, in] in analog_tile_state_0_0, the
  shared weights transposed [in, out], per-row mapping_scales and a learned out_scaling_alpha.

The weights are pseudo-random multiples of 1/8 in [-7/8, 7/8] (seeded, so the files are reproducible), stored deflated to keep
the files small (torch itself writes entries stored; readers of zip files accept both). Needs only Python 3:
neither torch nor numpy is imported; their pickled names are written by stand-in classes.

    python3 make_checkpoints.py    # writes both files beside this script
"""
import collections
import io
import os
import pickle
import random
import struct
import sys
import types
import zipfile

LAYERS = [("0", 16, 25), ("3", 32, 400), ("8", 128, 512), ("10", 10, 128)]


def module(name):
    m = types.ModuleType(name)
    sys.modules[name] = m
    return m


def named(mod, name, obj):
    obj.__module__ = mod.__name__
    obj.__qualname__ = name
    obj.__name__ = name
    setattr(mod, name, obj)
    return obj


# Stand-ins that pickle under the real libraries' names.
torch = module("torch")
torch_utils = module("torch._utils")
FloatStorage = named(torch, "FloatStorage", type("FloatStorage", (), {}))
rebuild_tensor_v2 = named(torch_utils, "_rebuild_tensor_v2", lambda *a: None)
rebuild_parameter = named(torch_utils, "_rebuild_parameter", lambda *a: None)
module("numpy")
module("numpy.core")
multiarray = module("numpy.core.multiarray")
np = sys.modules["numpy"]
reconstruct = named(multiarray, "_reconstruct", lambda *a: None)
ndarray = named(np, "ndarray", type("ndarray", (), {}))
dtype = named(np, "dtype", type("dtype", (), {}))
for parent in ("aihwkit", "aihwkit.simulator", "aihwkit.simulator.configs"):
    module(parent)
configs = module("aihwkit.simulator.configs.configs")
InferenceRPUConfig = named(configs, "InferenceRPUConfig", type("InferenceRPUConfig", (), {}))


class Tensor:
    def __init__(self, key, values, shape):
        self.key, self.values, self.shape = key, values, shape


class Parameter:
    def __init__(self, tensor):
        self.tensor = tensor


class NdArray:
    def __init__(self, values, shape):
        self.values, self.shape = values, shape


class Float32Dtype:
    pass


def strides(shape):
    out, s = [], 1
    for d in reversed(shape):
        out.insert(0, s)
        s *= d
    return tuple(out)


class Writer(pickle.Pickler):
    def __init__(self, f, storages):
        super().__init__(f, protocol=2)
        self.storages = storages

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", len(obj.values))
        return None

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            self.storages[obj.key] = obj.values
            return (rebuild_tensor_v2, (Storage(obj.key, obj.values), 0, tuple(obj.shape), strides(obj.shape),
                                        False, collections.OrderedDict()))
        if isinstance(obj, Parameter):
            return (rebuild_parameter, (obj.tensor, True, collections.OrderedDict()))
        if isinstance(obj, Float32Dtype):
            return (dtype, ("f4", False, True), (3, "<", None, None, None, -1, -1, 0))
        if isinstance(obj, NdArray):
            raw = struct.pack("<%df" % len(obj.values), *obj.values)
            return (reconstruct, (ndarray, (0,), b"b"), (1, tuple(obj.shape), Float32Dtype(), False, raw))
        return NotImplemented


class Storage:
    def __init__(self, key, values):
        self.key, self.values = key, values


def rpu_config():
    c = InferenceRPUConfig.__new__(InferenceRPUConfig)
    c.__dict__.update({"forward": {"out_res": -1.0, "inp_res": -1.0}, "mapping": {"max_input_size": 512}})
    return c


def weights(rng, n):
    return [max(-7, min(7, round(rng.gauss(0, 2.5)))) / 8 for _ in range(n)]


class Keys:
    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return str(self.n - 1)


def tile_layout(rng):
    key, sd = Keys(), collections.OrderedDict()
    for name, out, inp in LAYERS:
        w = weights(rng, out * (inp + 1))
        shared = Tensor(key(), w, [out, inp + 1])
        sd[name + ".analog_shared_weights_0"] = shared
        sd[name + ".analog_tile_state_0"] = {
            "out_size": out, "in_size": inp, "bias": True, "rpu_config": rpu_config(),
            "shared_weights": Parameter(shared),
            "alpha": Tensor(key(), [1.0], [1]),
            "out_scaling_alpha": Tensor(key(), [0.75], []),
            "analog_tile_weights": NdArray(w, [out, inp + 1]),
            "analog_tile_class": "InferenceTile", "analog_lr": 0.01}
    return sd


def mapped_layout(rng):
    key, sd = Keys(), collections.OrderedDict()
    for name, out, inp in LAYERS:
        w = weights(rng, out * inp)
        transposed = [w[o * inp + j] for j in range(inp) for o in range(out)]
        sd[name + ".bias"] = Tensor(key(), weights(rng, out), [out])
        shared = Tensor(key(), transposed, [inp, out])
        sd[name + ".analog_shared_weights_0"] = shared
        sd[name + ".analog_out_scaling_alpha_0"] = Tensor(key(), [1.25], [1])
        sd[name + ".analog_tile_state_0_0"] = {
            "out_size": out, "in_size": inp, "bias": False, "rpu_config": rpu_config(),
            "shared_weights": Parameter(shared),
            "out_scaling_alpha": Parameter(Tensor(key(), [1.25], [1])),
            "mapping_scales": Tensor(key(), [0.5 + (o % 8) / 16 for o in range(out)], [out]),
            "analog_tile_weights": Tensor(key(), w, [out, inp]),
            "analog_tile_class": "InferenceTile", "analog_lr": 0.018}
    return sd


def save(sd, path):
    buf, storages = io.BytesIO(), {}
    Writer(buf, storages).dump(sd)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        entries = [("archive/data.pkl", buf.getvalue())]
        entries += [("archive/data/" + k, struct.pack("<%df" % len(v), *v)) for k, v in storages.items()]
        entries.append(("archive/version", b"3\n"))
        for name, data in entries:  # a fixed date, so the files are the same bytes on every run
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED, 9)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    save(tile_layout(random.Random(1)), os.path.join(here, "lenet5-tile-layout.pth"))
    save(mapped_layout(random.Random(2)), os.path.join(here, "lenet5-mapped-layout.pth"))
