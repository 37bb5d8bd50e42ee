"""ports.go.json against what Go's encoding/json writes."""

import math
from dataclasses import dataclass

from ports.go import json


@dataclass
class Data:
    usage: int = json.field("usage,omitempty", default=0)
    max_usage: int = json.field("max_usage,omitempty", default=0)
    failcnt: int = json.field("failcnt", default=0)
    limit: int = json.field("limit", default=0)


@dataclass
class Inner:
    total: int = json.field("total,omitempty", default=0)


@dataclass
class Numa:
    inner: Inner = json.field("", default_factory=Inner, embedded=True)
    hierarchical: Inner = json.field("hierarchical,omitempty", default_factory=Inner)


@dataclass
class PSI:
    avg10: float = json.field("avg10", default=0.0)


@dataclass
class Stats:
    usage: Data = json.field("usage,omitempty", default_factory=Data)
    numa: Numa = json.field("page_usage_by_numa,omitempty", default_factory=Numa)
    use_hierarchy: bool = json.field("use_hierarchy", default=False)
    stats: dict | None = json.field("stats,omitempty", default=None)
    psi: PSI | None = json.field("psi,omitempty", default=None, ptr=True)


@dataclass
class StatsZ:
    usage: Data = json.field("usage,omitzero", default_factory=Data)
    stats: dict | None = json.field("stats,omitzero", default=None)
    psi: PSI | None = json.field("psi,omitzero", default=None, ptr=True)


def test_omitempty_never_omits_structs():
    out, err = json.Marshal(Stats())
    assert err is None
    assert (
        out
        == '{"usage":{"failcnt":0,"limit":0},"page_usage_by_numa":{"hierarchical":{}},"use_hierarchy":false}'
    )


def test_omitzero_omits_zero_structs_keeps_empty_maps_and_nonnil_pointers():
    assert json.Marshal(StatsZ())[0] == "{}"
    assert json.Marshal(StatsZ(stats={}))[0] == '{"stats":{}}'
    assert json.Marshal(StatsZ(psi=PSI()))[0] == '{"psi":{"avg10":0}}'
    assert json.Marshal(StatsZ(usage=Data(limit=5)))[0] == '{"usage":{"failcnt":0,"limit":5}}'


def test_maps_sorted_bytewise_by_string_key():
    out, _ = json.Marshal({10: 1, 2: 2, 0: 3})
    assert out == '{"0":3,"10":1,"2":2}'
    out, _ = json.Marshal({"total_cache": 1, "cache": 2, "Z": 3})
    assert out == '{"Z":3,"cache":2,"total_cache":1}'


def test_string_escaping():
    s = '<a>&"\\\n\t\x01\x7f\u2028é' + b"\xff".decode("utf-8", "surrogateescape")
    out, _ = json.Marshal(s)
    assert out == '"\\u003ca\\u003e\\u0026\\"\\\\\\n\\t\\u0001\x7f\\u2028é\\ufffd"'
    assert json.Marshal("\b\f")[0] == '"\\u0008\\u000c"'
    assert json.Marshal("\b\f", go_version=(1, 22))[0] == '"\\b\\f"'


def test_floats_es6_style():
    vals = [0.5, 1e21, 1e20, 1e-7, 1e-6, 0.0, 123.0, 2.5e-10]
    out, _ = json.Marshal(vals)
    assert out == "[0.5,1e+21,100000000000000000000,1e-7,0.000001,0,123,2.5e-10]"
    _, err = json.Marshal(math.nan)
    assert err.Error() == "json: unsupported value: NaN"
    _, err = json.Marshal(math.inf)
    assert err.Error() == "json: unsupported value: +Inf"


def test_omitempty_keeps_a_non_nil_pointer_to_zero():
    # Go: type T struct{ P *uint64 `json:"p,omitempty"` }; zero := uint64(0); Marshal(T{&zero}) -> {"p":0}
    import dataclasses

    from ports.go import json as gojson

    @dataclasses.dataclass
    class T:
        P: int | None = gojson.field("p,omitempty", default=None, ptr=True)

    assert gojson.Marshal(T(0)) == ('{"p":0}', None)
    assert gojson.Marshal(T(None)) == ("{}", None)
