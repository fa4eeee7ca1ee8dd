#!/usr/bin/env python3
"""Validates Kubernetes manifests, saying for each object what was checked.

    validate_manifests.py --crd-validator PATH [--crd CRD.yaml ...] [--kubernetes-version X] FILE ...

FILE is a YAML file of one or more documents, or `-` for standard input. One JSON line per object:

    {"file": ..., "document": 0, "apiVersion": ..., "kind": ..., "name": ..., "namespace": ...,
     "check": "kubernetes-schema" | "crd-schema" | "metadata-only",
     "schema": "what it was checked against", "valid": bool, "errors": [{"path": ..., "message": ...}]}

then one summary line: {"summary": true, "kubernetesVersion": ..., "objects": N, "invalid": N,
"byCheck": {...}, "schemaNotAvailable": ["Kind apiVersion", ...]}.

- `kubernetes-schema`: a kind of Kubernetes itself, checked with the `kubernetes-validate` package
  against the JSON schema of the given release (default: the newest it ships), strictly: unknown
  fields are errors, as `kubectl apply --validate=strict` makes them.
- `crd-schema`: a custom resource whose CRD was given with --crd (the CostGuard CRD), checked as the
  API server would by Tests/CostGuardAPITests/Resources/validate_crd.py (defaults, the structural
  schema, the CEL rules' Python twins); that script is imported, not copied (--crd-validator).
- `metadata-only`: any other custom resource (Calico, Cilium, Traefik, Prometheus Operator ...),
  whose schema neither ships: only apiVersion, kind and metadata (names, labels) are checked, and
  the summary lists the kind under schemaNotAvailable.

Every object also gets the metadata checks. Exit status: 0 when it ran (whatever the verdicts),
2 for a usage error or an unreadable file, 3 when a needed Python package is missing.
"""

import argparse
import importlib.util
import json
import re
import sys

try:
    import yaml
    import kubernetes_validate
except ImportError as missing:
    print(json.dumps({"error": f"missing Python package {missing.name!r}: "
                               "python3 -m pip install kubernetes-validate PyYAML jsonschema"}))
    sys.exit(3)

DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
LABEL_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
GROUP_VERSION = re.compile(r"^(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?v[0-9]+((alpha|beta)[0-9]+)?$")
KIND = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def qualified_name_errors(key, what):
    """A label or annotation key: an optional DNS subdomain prefix and a name of at most 63."""
    prefix, _, name = key.rpartition("/")
    errors = []
    if prefix and (len(prefix) > 253 or not DNS1123_SUBDOMAIN.match(prefix)):
        errors.append(f"{what} key {key!r}: the prefix must be a DNS subdomain")
    if not name or len(name) > 63 or not LABEL_NAME.match(name):
        errors.append(f"{what} key {key!r}: the name must be 1-63 alphanumerics, '-', '_' or '.'")
    return errors


def metadata_errors(obj):
    """What the API server checks of every object, whatever its kind."""
    errors = []

    def fail(path, message):
        errors.append({"path": path, "message": message})

    api_version = obj.get("apiVersion")
    if not isinstance(api_version, str) or not GROUP_VERSION.match(api_version):
        fail("apiVersion", f"must be GROUP/VERSION or a core VERSION, not {api_version!r}")
    kind = obj.get("kind")
    if not isinstance(kind, str) or not KIND.match(kind):
        fail("kind", f"must be a CamelCase kind, not {kind!r}")
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        fail("metadata", "Required value")
        return errors
    name = metadata.get("name")
    if not isinstance(name, str) or not name:
        fail("metadata.name", "Required value")
    elif len(name) > 253 or not DNS1123_SUBDOMAIN.match(name):
        fail("metadata.name", f"{name!r} is not a DNS subdomain (lower case alphanumerics, '-' and '.')")
    namespace = metadata.get("namespace")
    if namespace is not None and (not isinstance(namespace, str) or not DNS1123_LABEL.match(namespace) or len(namespace) > 63):
        fail("metadata.namespace", f"{namespace!r} is not a DNS label")
    for field in ("labels", "annotations"):
        values = metadata.get(field)
        if values is None:
            continue
        if not isinstance(values, dict):
            fail(f"metadata.{field}", "must be a map of strings")
            continue
        for key, value in values.items():
            for message in qualified_name_errors(str(key), field[:-1]):
                fail(f"metadata.{field}", message)
            if not isinstance(value, str):
                fail(f"metadata.{field}.{key}", f"must be a string, not {type(value).__name__} (quote it)")
            elif field == "labels" and (len(value) > 63 or not LABEL_VALUE.match(value)):
                fail(f"metadata.labels.{key}", f"{value!r} is not a valid label value")
    return errors


def load_crd_validator(path):
    spec = importlib.util.spec_from_file_location("validate_crd", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents(path):
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    return [d for d in yaml.safe_load_all(text) if d is not None]


def check(obj, crds, crd_validator, version):
    """(check, schema, errors) for one object."""
    errors = metadata_errors(obj)
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    for crd in crds:
        spec = crd["spec"]
        served = [f"{spec['group']}/{v['name']}" for v in spec.get("versions", []) if v.get("served")]
        if kind == spec["names"]["kind"] and api_version in served:
            _, found = crd_validator.validate_object(crd, obj)
            errors += [{"path": p, "message": m} for p, m in found]
            return "crd-schema", f"CRD {crd['metadata']['name']} ({api_version})", errors
    try:
        kubernetes_validate.validate(obj, version, strict=True)
        return "kubernetes-schema", f"Kubernetes {version} {kind} {api_version} (strict)", errors
    except kubernetes_validate.ValidationError as failure:
        errors.append({"path": ".".join(str(p) for p in failure.path), "message": failure.message})
        return "kubernetes-schema", f"Kubernetes {version} {kind} {api_version} (strict)", errors
    except kubernetes_validate.SchemaNotFoundError:
        return "metadata-only", f"schema not available for {kind} {api_version}: apiVersion, kind and metadata only", errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--crd", action="append", default=[], help="a CRD whose custom resources to check against it")
    parser.add_argument("--crd-validator", required=True, help="Tests/CostGuardAPITests/Resources/validate_crd.py")
    parser.add_argument("--kubernetes-version", help="default: the newest release kubernetes-validate ships")
    arguments = parser.parse_args()
    version = arguments.kubernetes_version or kubernetes_validate.latest_version()
    try:
        crd_validator = load_crd_validator(arguments.crd_validator)
        crds = [crd_validator.load_crd(path) for path in arguments.crd]
    except (OSError, ValueError, yaml.YAMLError) as failure:
        print(json.dumps({"error": f"cannot load the CRD validator or a CRD: {failure}"}))
        return 2
    summary = {"summary": True, "kubernetesVersion": version, "objects": 0, "invalid": 0, "byCheck": {},
               "schemaNotAvailable": []}
    for path in arguments.files:
        try:
            objects = documents(path)
        except (OSError, yaml.YAMLError) as failure:
            print(json.dumps({"file": path, "error": f"cannot read: {failure}"}))
            return 2
        for index, obj in enumerate(objects):
            if not isinstance(obj, dict):
                line = {"file": path, "document": index, "check": "metadata-only", "schema": "none", "valid": False,
                        "errors": [{"path": "", "message": f"is a {type(obj).__name__}, not an object"}]}
            else:
                kind_check, schema, errors = check(obj, crds, crd_validator, version)
                metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
                line = {"file": path, "document": index, "apiVersion": obj.get("apiVersion"), "kind": obj.get("kind"),
                        "name": metadata.get("name"), "namespace": metadata.get("namespace"),
                        "check": kind_check, "schema": schema, "valid": not errors, "errors": errors}
                if kind_check == "metadata-only":
                    label = f"{obj.get('kind')} {obj.get('apiVersion')}"
                    if label not in summary["schemaNotAvailable"]:
                        summary["schemaNotAvailable"].append(label)
            summary["objects"] += 1
            summary["invalid"] += 0 if line["valid"] else 1
            summary["byCheck"][line["check"]] = summary["byCheck"].get(line["check"], 0) + 1
            print(json.dumps(line, ensure_ascii=False), flush=True)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
