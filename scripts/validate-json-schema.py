#!/usr/bin/env python3
"""Validate JSON files against a JSON Schema (draft 2020-12).

usage: validate-json-schema.py SCHEMA FILE...

Prints one line per invalid file (file, JSON path, reason) and exits 1 when any file is invalid, 0 otherwise.
Used by the test suite to check that everything `gongkai` emits obeys docs/report.schema.json.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-json-schema: the Python package 'jsonschema' is missing (pip install jsonschema)")


def main() -> int:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    bad = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        for error in validator.iter_errors(document):
            bad += 1
            print(f"{path}: {error.json_path}: {error.message}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
