"""The Python stack factgraph check is compared with (BenchmarkVersusPython):
PyYAML's C loader and python3-jsonschema validating every fact file under a
directory against schema/fact.schema.json, the work factgraph's per-file stage
does (factgraph also checks the strict subset of YAML, resolves references and
runs every contradiction rule, which this does not).

usage: python3 pystack.py SCHEMA FACTS
prints the number of files read and of schema violations found.
"""
import json
import os
import sys

import jsonschema
import yaml


def main():
    schema_path, facts = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        validator = jsonschema.Draft7Validator(json.load(f))
    files = violations = 0
    for dirpath, dirnames, filenames in os.walk(facts):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".yaml"):
                continue
            with open(os.path.join(dirpath, name), "rb") as f:
                doc = yaml.load(f, Loader=yaml.CSafeLoader)
            files += 1
            violations += sum(1 for _ in validator.iter_errors(doc))
    print(files, violations)


if __name__ == "__main__":
    main()
