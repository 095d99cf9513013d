# SPDX-License-Identifier: Apache-2.0
"""Tamper with a device audit log (docs/device-kit.md record layout) for
the CLI tests of `vigil device audit verify`.

    tamper.py remove N IN OUT      drop record N (1-based position)
    tamper.py alter N IN OUT       flip one bit of record N's time
    tamper.py swap N M IN OUT      exchange records N and M
    tamper.py garbage IN OUT       append a stray byte
    tamper.py keep N IN OUT        keep only the first N records
"""
import sys


def records(data):
    out, off = [], 0
    while off < len(data):
        n = 20 + data[off + 1] + 32
        out.append(bytearray(data[off:off + n]))
        off += n
    return out


def main(argv):
    op = argv[1]
    src, dst = argv[-2], argv[-1]
    with open(src, "rb") as f:
        recs = records(f.read())
    if op == "remove":
        del recs[int(argv[2]) - 1]
    elif op == "alter":
        recs[int(argv[2]) - 1][19] ^= 1
    elif op == "keep":
        del recs[int(argv[2]):]
    elif op == "swap":
        a, b = int(argv[2]) - 1, int(argv[3]) - 1
        recs[a], recs[b] = recs[b], recs[a]
    tail = b"\x01" if op == "garbage" else b""
    with open(dst, "wb") as f:
        f.write(b"".join(bytes(r) for r in recs) + tail)


if __name__ == "__main__":
    main(sys.argv)
