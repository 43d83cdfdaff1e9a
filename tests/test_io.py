"""Model files: bit-exact round trips, and clear refusals of anything else."""
import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from core.errors import CodedError
from core.io import MAX_MODEL_BYTES, array_bytes, load_model, read_metadata, save_model
from core.network import Network


@pytest.fixture
def net():
    n = Network([784, 32, 16, 10], activation="tanh", init="xavier", batch_norm=True, l2=0.01,
                dropout=0.2, seed=5)
    for v in n.params.values():
        v += np.random.default_rng(0).standard_normal(v.shape).astype(v.dtype)
    n.buffers["mean1"] += 0.25
    return n


def test_round_trip_is_bit_exact(tmp_path, net):
    path = tmp_path / "m.npz"
    save_model(net, path, dataset="mnist-sample", accuracy=0.9731)
    back = load_model(path)
    assert back.architecture() == net.architecture()
    for k in net.params:
        assert back.params[k].dtype == net.params[k].dtype
        np.testing.assert_array_equal(back.params[k], net.params[k])
    for k in net.buffers:
        np.testing.assert_array_equal(back.buffers[k], net.buffers[k])
    assert back.metadata == {"dataset": "mnist-sample", "accuracy": 0.9731}
    X = np.random.default_rng(1).random((5, 784))
    np.testing.assert_array_equal(back.forward(X), net.forward(X))
    assert read_metadata(path)["metadata"]["accuracy"] == 0.9731


def test_numpy_can_read_the_arrays(tmp_path, net):
    path = tmp_path / "m.npz"
    save_model(net, path)
    with np.load(path, allow_pickle=False) as z:
        np.testing.assert_array_equal(z["W1"], net.params["W1"])


def test_bytes_and_file_objects(net):
    buf = io.BytesIO()
    save_model(net, buf)
    np.testing.assert_array_equal(load_model(buf.getvalue()).params["W2"], net.params["W2"])
    buf.seek(0)
    np.testing.assert_array_equal(load_model(buf).params["W3"], net.params["W3"])


def _bytes(net):
    buf = io.BytesIO()
    save_model(net, buf)
    return buf.getvalue()


def test_pickle_is_refused_without_unpickling(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('unpickled!')",))

    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps({"W1": Boom()}))
    with pytest.raises(ValueError, match="pickle"):
        load_model(path)


def test_truncated_file(net):
    data = _bytes(net)
    for cut in (10, len(data) // 2, len(data) - 30):
        with pytest.raises(ValueError, match="truncated|corrupt|not a Backprop"):
            load_model(data[:cut])


def test_foreign_files(tmp_path):
    with pytest.raises(ValueError, match="zip"):
        load_model(b"hello world, this is text")
    plain = io.BytesIO()
    np.savez(plain, W1=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="meta.json"):
        load_model(plain.getvalue())


def _rewrite(data, replace):
    """Copy a model archive, replacing members by name (value None drops the member)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name in replace:
                if replace[name] is not None:
                    dst.writestr(name, replace[name])
            else:
                dst.writestr(name, src.read(name))
        for name, value in replace.items():
            if name not in src.namelist() and value is not None:
                dst.writestr(name, value)
    return out.getvalue()


def _npy(arr):
    b = io.BytesIO()
    np.save(b, arr)
    return b.getvalue()


def test_wrong_shape_is_refused(net):
    data = _rewrite(_bytes(net), {"W2.npy": _npy(np.zeros((16, 33), np.float32))})
    with pytest.raises(ValueError, match="W2.npy"):
        load_model(data)


def test_oversized_array_is_refused_before_reading(net):
    big = _npy(np.zeros((4000, 784), np.float32))  # far more than (32, 784)
    with pytest.raises(ValueError, match="refused before reading"):
        load_model(_rewrite(_bytes(net), {"W1.npy": big}))


def test_object_arrays_and_extra_or_missing_members(net):
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|O", "fortran_order": False,
                                                  "shape": (32, 784)})
    obj = header.getvalue() + b"\0" * 64
    with pytest.raises(ValueError, match="dtype"):
        load_model(_rewrite(_bytes(net), {"W1.npy": obj}))
    with pytest.raises(ValueError, match="missing: W3.npy"):
        load_model(_rewrite(_bytes(net), {"W3.npy": None}))
    with pytest.raises(ValueError, match="unexpected: payload.npy"):
        load_model(_rewrite(_bytes(net), {"payload.npy": _npy(np.zeros(3))}))


def test_bad_metadata(net):
    data = _bytes(net)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("meta.json"))
    arch = meta["architecture"]
    for change, code, fragment in [
            ({"version": 99}, "model.version", "version"),
            ({"format": "other"}, "model.bad_format", "format"),
            ({"architecture": {**arch, "sizes": [784, "64", 10]}}, "model.bad_architecture",
             "invalid architecture"),
            ({"architecture": {**arch, "sizes": [784, 0, 10]}}, "model.bad_architecture",
             "invalid architecture"),
            ({"architecture": {**arch, "dtype": "float16"}}, "model.bad_architecture", "dtype"),
            ({"architecture": {**arch, "sizes": [784, 10**9, 10]}}, "model.too_wide", "units"),
            ({"architecture": {**arch, "sizes": [784, 4096, 4096, 10]}}, "model.too_large",
             "more than the"),
            ({"architecture": {**arch, "activation": "swish"}}, "model.bad_architecture",
             "activation")]:
        bad = _rewrite(data, {"meta.json": json.dumps({**meta, **change})})
        with pytest.raises(CodedError, match=fragment) as err:
            load_model(bad)
        assert err.value.code == code
    # [784, 4096, 4096, 10] is refused for the sum of its arrays, not for one of them
    assert 4096 * 4096 * 4 < MAX_MODEL_BYTES < array_bytes([784, 4096, 4096, 10], False, "float32")


def test_every_refusal_carries_a_code(tmp_path, net):
    data = _bytes(net)
    cases = [(pickle.dumps([1]), "model.pickle"), (b"hello", "model.not_zip"),
             (data[:len(data) // 2], "model.truncated")]
    plain = io.BytesIO()
    np.savez(plain, W1=np.zeros((3, 3)))
    cases.append((plain.getvalue(), "model.no_meta"))
    cases.append((_rewrite(data, {"W2.npy": _npy(np.zeros((16, 33), np.float32))}),
                  "model.array_mismatch"))
    cases.append((_rewrite(data, {"W3.npy": None}), "model.array_mismatch"))
    cases.append((_rewrite(data, {"W1.npy": _npy(np.full((32, 784), np.inf, np.float32))}),
                  "model.nan"))
    cases.append((_rewrite(data, {"W1.npy": b"\x93NUMPY\x09\x00" + b"x" * 100}), "model.bad_array"))
    for blob, code in cases:
        with pytest.raises(CodedError) as err:
            load_model(blob)
        assert err.value.code == code, (code, str(err.value))


def test_non_finite_arrays_are_refused(net):
    bad = np.full((32, 784), np.nan, np.float32)
    with pytest.raises(ValueError, match="NaN"):
        load_model(_rewrite(_bytes(net), {"W1.npy": _npy(bad)}))


def test_save_is_atomic(tmp_path, net, monkeypatch):
    path = tmp_path / "m.npz"
    save_model(net, path)
    good = path.read_bytes()
    monkeypatch.setattr(np.lib.format, "write_array", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        save_model(net, path)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]
