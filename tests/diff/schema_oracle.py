# SPDX-License-Identifier: Apache-2.0
"""Differential test: vigil's JSON Schema validator against Python jsonschema.

Random schemas (draft-07 and 2020-12) built from the keywords both
implementations treat alike, and random instances shaped to hit them, are
validated by both; the verdicts must agree.  Left out on purpose because
the two differ by design (docs/json-schema.md): "pattern" (ECMA-262 on PCRE2
versus Python's re), "format" (Python asserts few formats without extra
packages) and "multipleOf" with fractions (vigil tolerates binary rounding:
7.3 is a multiple of 0.1).  Run by tests/diff/diff_schema.sh.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import importlib.metadata

import jsonschema

SEED = int(os.environ.get("VIGIL_DIFF_SEED", "20261129"))
SCHEMAS = int(os.environ.get("VIGIL_DIFF_SCHEMAS", "400"))
INSTANCES = 12
NAMES = ["a", "b", "c", "x-1", "é"]
rng = random.Random(SEED)


def rand_value(depth=0):
    k = rng.randrange(9 if depth < 3 else 6)
    if k == 0:
        return None
    if k == 1:
        return rng.choice([True, False])
    if k == 2:
        return rng.choice([0, 1, 2, -1, 5, 10, 100, 2**53 + 1])
    if k == 3:
        return rng.choice([0.5, 1.0, 2.5, -3.25, 10.0])
    if k in (4, 5):
        return rng.choice(["", "a", "ab", "abc", "é", "x-1", "hello"])
    if k == 6:
        return [rand_value(depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(NAMES): rand_value(depth + 1)
            for _ in range(rng.randrange(4))}


def rand_schema(draft, depth=0, defs=None):
    if depth > 0 and rng.random() < 0.08:
        return rng.choice([True, False, True])
    if defs and rng.random() < 0.1:
        key = rng.choice(sorted(defs))
        where = "definitions" if draft == 7 else "$defs"
        return {"$ref": "#/%s/%s" % (where, key)}
    s = {}
    n = rng.randrange(1, 4 if depth < 2 else 2)
    for _ in range(n):
        kw = rng.choice([
            "type", "enum", "const", "properties", "required",
            "additionalProperties", "patternless_min", "items", "tuple",
            "contains", "minItems", "maxItems", "uniqueItems", "minLength",
            "maxLength", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf",
            "not", "if", "dependencies", "propertyNames", "minProperties",
            "maxProperties", "unevaluated", "unevaluated"])
        sub = (lambda: rand_schema(draft, depth + 1, defs)) if depth < 3 \
            else (lambda: rng.choice([True, False, {"type": "integer"}]))
        if kw == "type":
            t = ["null", "boolean", "object", "array", "number", "string",
                 "integer"]
            s["type"] = rng.choice(t) if rng.random() < 0.6 else \
                rng.sample(t, rng.randrange(1, 4))
        elif kw == "enum":
            s["enum"] = [rand_value(2) for _ in range(rng.randrange(1, 5))]
        elif kw == "const":
            s["const"] = rand_value(2)
        elif kw == "properties":
            s["properties"] = {rng.choice(NAMES): sub()
                               for _ in range(rng.randrange(1, 3))}
        elif kw == "required":
            s["required"] = sorted(set(rng.choice(NAMES)
                                       for _ in range(rng.randrange(1, 3))))
        elif kw == "additionalProperties":
            s["additionalProperties"] = sub()
        elif kw == "items":
            s["items"] = sub()
        elif kw == "tuple":
            tup = [sub() for _ in range(rng.randrange(1, 3))]
            if draft == 7:
                s["items"] = tup
                if rng.random() < 0.5:
                    s["additionalItems"] = sub()
            else:
                s["prefixItems"] = tup
                if rng.random() < 0.5:
                    s["items"] = sub()
        elif kw == "contains":
            s["contains"] = sub()
            if draft == 2020 and rng.random() < 0.5:
                s["minContains"] = rng.randrange(0, 3)
                s["maxContains"] = rng.randrange(1, 3)
        elif kw in ("minItems", "maxItems", "minLength", "maxLength",
                    "minProperties", "maxProperties"):
            s[kw] = rng.randrange(0, 4)
        elif kw == "uniqueItems":
            s[kw] = rng.choice([True, False])
        elif kw in ("minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum"):
            s[kw] = rng.choice([0, 1, 2.5, -1, 10])
        elif kw == "multipleOf":
            s[kw] = rng.choice([1, 2, 5])
        elif kw in ("allOf", "anyOf", "oneOf"):
            s[kw] = [sub() for _ in range(rng.randrange(1, 4))]
        elif kw == "not":
            s["not"] = sub()
        elif kw == "if":
            s["if"] = sub()
            if rng.random() < 0.8:
                s["then"] = sub()
            if rng.random() < 0.8:
                s["else"] = sub()
        elif kw == "dependencies":
            name = rng.choice(NAMES)
            if draft == 7:
                s["dependencies"] = {name: [rng.choice(NAMES)]
                                     if rng.random() < 0.5 else sub()}
            elif rng.random() < 0.5:
                s["dependentRequired"] = {name: [rng.choice(NAMES)]}
            else:
                s["dependentSchemas"] = {name: sub()}
        elif kw == "propertyNames":
            s["propertyNames"] = {"maxLength": rng.randrange(1, 3)}
        elif kw == "patternless_min":
            s["minProperties"] = 1
        elif kw == "unevaluated" and draft == 2020:
            which = rng.choice(["unevaluatedProperties",
                                "unevaluatedItems"])
            s[which] = rng.choice([False, False, True, {"type": "integer"},
                                   {"type": "string"}])
    return s


def main():
    vigil = os.environ["VIGIL_BIN"]
    tmp = tempfile.mkdtemp(prefix="vigil-diff-schema-")
    agree = disagree = invalid = 0
    try:
        for i in range(SCHEMAS):
            draft = rng.choice([7, 2020])
            defs = {"d%d" % k: {} for k in range(2)}
            for k in defs:
                defs[k] = rand_schema(draft, 2)
            schema = rand_schema(draft, 0, defs)
            if not isinstance(schema, dict):
                schema = {"allOf": [schema]}
            schema["$schema"] = ("http://json-schema.org/draft-07/schema#"
                                 if draft == 7 else
                                 "https://json-schema.org/draft/2020-12/schema")
            schema["definitions" if draft == 7 else "$defs"] = defs
            sdir = os.path.join(tmp, "s%d" % i)
            os.mkdir(sdir)
            with open(os.path.join(sdir, "s.json"), "w") as f:
                json.dump(schema, f)
            cls = jsonschema.validators.validator_for(schema)
            oracle = cls(schema)
            files, want = [], {}
            for j in range(INSTANCES):
                inst = rand_value()
                path = os.path.join(tmp, "i%d_%d.json" % (i, j))
                with open(path, "w") as f:
                    json.dump(inst, f)
                files.append(path)
                want[path] = oracle.is_valid(inst)
            out = subprocess.run([vigil, "schema", "validate", "-d", sdir,
                                  "-s", "s.json"] + files,
                                 capture_output=True, text=True)
            if out.returncode not in (0, 1):
                print("vigil failed on schema %d: %s" % (i, out.stderr))
                print(json.dumps(schema))
                return 1
            bad = set(line.split(":", 1)[0] for line in
                      out.stdout.splitlines())
            for path in files:
                got = path not in bad
                invalid += not want[path]
                if got == want[path]:
                    agree += 1
                else:
                    disagree += 1
                    if disagree <= 10:
                        with open(path) as f:
                            inst = f.read()
                        print("DISAGREE: schema %s instance %s: vigil %s, "
                              "jsonschema %s" % (json.dumps(schema), inst,
                                                 got, want[path]))
    finally:
        shutil.rmtree(tmp)
    print("diff_schema: %d/%d verdicts agree with jsonschema %s "
          "(%d invalid instances; seed %d)" %
          (agree, agree + disagree, importlib.metadata.version("jsonschema"),
           invalid, SEED))
    return 0 if disagree == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
