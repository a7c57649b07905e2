#!/usr/bin/env python3
"""Generates Sources/MeshAPI/Resources/protobuf-messages.json: the protobuf field tables of the
Kubernetes kinds meshsim serves, so the API server can read `application/vnd.kubernetes.protobuf`
bodies (what kubectl's typed generators send: `kubectl create deployment|namespace|service`).

The tables come from the FileDescriptorProtos that kubectl itself embeds (gzipped, as gogo-protobuf
registers them), so field numbers are exactly the client's:

    python3 scripts/gen-protobuf.py [/usr/lib/google-cloud-sdk/bin/kubectl.1.32]
"""
import json
import os
import sys
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Sources/MeshAPI/Resources/protobuf-messages.json")
BINARY = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/google-cloud-sdk/bin/kubectl.1.32"
FILES = ["k8s.io/api/core/v1/generated.proto", "k8s.io/api/apps/v1/generated.proto",
         "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto", "k8s.io/apimachinery/pkg/runtime/generated.proto",
         "k8s.io/apimachinery/pkg/util/intstr/generated.proto",
         "k8s.io/apimachinery/pkg/api/resource/generated.proto"]
ROOTS = ["k8s.io.api.core.v1." + k for k in ("Pod", "Service", "Namespace", "Node", "Endpoints", "Event")] + \
        ["k8s.io.api.apps.v1." + k for k in ("Deployment", "ReplicaSet")]
# protobuf scalar type codes -> how the decoder reads them
TYPES = {1: "double", 2: "float", 3: "int", 4: "int", 5: "int", 6: "fixed64", 7: "fixed32", 8: "bool",
         9: "string", 12: "bytes", 13: "int", 17: "sint", 18: "sint", 14: "int"}


def fields(buf):
    """(number, wire type, value) of each field of a protobuf message."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            size, i = varint(buf, i)
            value, i = buf[i:i + size], i + size
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(wire)
        yield number, wire, value


def varint(buf, i):
    result = shift = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def descriptors():
    data = open(BINARY, "rb").read()
    found, i = {}, 0
    while True:
        i = data.find(b"\x1f\x8b\x08\x00\x00\x00\x00\x00", i)
        if i < 0:
            return found
        try:
            out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[i:i + 2_000_000])
            name = dict((n, v) for n, w, v in fields(out) if n in (1, 2))
            if name.get(1, b"").decode() in FILES:
                found[name[1].decode()] = out
        except Exception:
            pass
        i += 1


def messages(file_bytes):
    """{full name: {"fields": {number: [name, type, repeated]}, "map": bool}}."""
    meta = dict((n, v) for n, w, v in fields(file_bytes) if n == 2)
    package = meta[2].decode()
    result = {}

    def visit(message, prefix):
        info = {"fields": {}, "map": False}
        name = None
        for number, wire, value in fields(message):
            if number == 1:
                name = value.decode()
            elif number == 2:
                field = {n: v for n, w, v in fields(value)}
                kind = field.get(5)
                type_name = field.get(6, b"").decode().lstrip(".")
                entry = [field[1].decode(), ("m:" + type_name) if kind == 11 else TYPES.get(kind, "int"),
                         field.get(4) == 3]
                info["fields"][str(field[3])] = entry
            elif number == 3:
                visit(value, f"{prefix}.{name}" if name else prefix)
            elif number == 7:
                info["map"] = any(n == 7 and v == 1 for n, w, v in fields(value))
        result[f"{prefix}.{name}"] = info
        return info

    for number, wire, value in fields(file_bytes):
        if number == 4:
            # nested types are registered under their parent's name
            inner_name = next(v.decode() for n, w, v in fields(value) if n == 1)
            for n, w, v in fields(value):
                if n == 3:
                    visit(v, f"{package}.{inner_name}")
            visit(value, package)
    return result


def main():
    found = descriptors()
    missing = [f for f in FILES if f not in found]
    if missing:
        sys.exit(f"descriptors not found in {BINARY}: {missing}")
    table = {}
    for name in FILES:
        table.update(messages(found[name]))
    keep, stack = {}, list(ROOTS) + ["k8s.io.apimachinery.pkg.runtime.Unknown"]
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        keep[name] = table[name]
        for field in table[name]["fields"].values():
            if field[1].startswith("m:"):
                stack.append(field[1][2:])
    compact = {name: ({"map": True} if info["map"] else {}) | {"fields": info["fields"]}
               for name, info in sorted(keep.items())}
    with open(OUT, "w") as handle:
        json.dump(compact, handle, sort_keys=True, separators=(",", ":"))
        handle.write("\n")
    print(f"wrote {OUT}: {len(compact)} messages, {os.path.getsize(OUT)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
