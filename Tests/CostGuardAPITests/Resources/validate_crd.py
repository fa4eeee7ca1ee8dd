#!/usr/bin/env python3
"""Validates CostGuard manifests against the CRD's schema, as the Kubernetes API server would.

    validate_crd.py CRD [MANIFEST ...] [--defaulted]   one JSON line per manifest:
        {"file": ..., "valid": bool, "errors": [{"path": "spec.caps.maxHourlySpend", "message": ...}]}
    validate_crd.py CRD --rules-only MANIFEST ...      the CEL rules alone, on each manifest as
                                                      written (no defaults filled in): a rule must
                                                      hold, or fail with its message, on a partial
                                                      object too
    validate_crd.py CRD --check-structural            one JSON line: is the CRD structural and sound?
    validate_crd.py CRD --k8s-validate [--kubernetes-version 1.33]
                                                      one JSON line: the CRD object against the
                                                      CustomResourceDefinition schema of a Kubernetes
                                                      release (needs `pip install kubernetes-validate`)

A manifest goes through the API server's steps: nulls in non-nullable fields are dropped, defaults
are applied, the openAPIV3Schema is checked (as JSON Schema: x-kubernetes-* ignored, `nullable`
honoured, and unknown fields rejected as `kubectl --validate=strict` rejects them), then the CEL
rules (x-kubernetes-validations), evaluated by cel-python, a CEL engine. --check-structural also
checks every `default` as the API server does when it accepts a CRD: against its node's schema and
CEL rules, as written, with no nested default filled in. Messages follow the API server's wording.

The `jsonschema`, `PyYAML` and `cel-python` packages are needed. Exit status: 0 when it ran
(whatever the verdicts), 2 for a usage error or an unreadable CRD, 3 when a needed Python package
is missing, 4 when a CEL rule of the CRD does not compile (nothing is validated then).
"""

import argparse
import copy
import json
import re
import sys
from decimal import Decimal, InvalidOperation

try:
    import celpy
    import jsonschema
    import yaml
except ImportError as missing:
    print(json.dumps({"error": f"missing Python package {missing.name!r}: "
                               "python3 -m pip install jsonschema PyYAML cel-python"}))
    sys.exit(3)


# --- Go regular expressions and CEL values --------------------------------------------------------

def go_regex(pattern):
    """A Go (RE2) pattern as a Python one: `$` means the end of the text in Go (Python's `\\Z`),
    not "before a final newline"."""
    result, index, class_opened = [], 0, None
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            result.append(pattern[index:index + 2])
            index += 2
            continue
        if class_opened is None and char == "[":
            class_opened = index + (2 if pattern[index + 1:index + 2] == "^" else 1)
        elif class_opened is not None and char == "]" and index > class_opened:
            class_opened = None
        elif class_opened is None and char == "$":
            char = "\\Z"
        result.append(char)
        index += 1
    return "".join(result)


def matches(text, pattern):
    """CEL `string.matches(pattern)`: RE2, unanchored."""
    return re.search(go_regex(pattern), text) is not None


class CELError(Exception):
    """What makes a CEL rule fail to compile or to evaluate (the API server reports both as invalid)."""


# --- CEL: the rules run in cel-python ------------------------------------------------------------

_CEL = celpy.Environment()
_PROGRAMS = {}


def rule_key(rule):
    return " ".join(rule.split())


def cel_program(rule):
    """The compiled rule, compiled once; CELError when it does not compile."""
    key = rule_key(rule)
    if key not in _PROGRAMS:
        try:
            _PROGRAMS[key] = _CEL.program(_CEL.compile(rule))
        except celpy.CELParseError as failure:
            _PROGRAMS[key] = CELError(f"compilation failed: {failure}")
    program = _PROGRAMS[key]
    if isinstance(program, CELError):
        raise program
    return program


def _evaluation_cause(error):
    """The first cause of a CEL evaluation error, in the API server's words: a missing field is
    'no such key: NAME'. cel-python says "no such member in mapping: 'NAME'", and an operator that
    meets the error wraps it as text ("no matching overload for _||_ ..."), so the text is searched."""
    text = repr(error.args)
    missing = re.search(r"no such member in mapping: \\?'([^'\\]*)", text)
    if missing:
        return f"no such key: {missing.group(1)}"
    return str(error.args[0]) if error.args else str(error)


def cel_evaluate(rule, value):
    """True or False for the rule on `self`; CELError when it does not compile or evaluate."""
    program = cel_program(rule)
    try:
        result = program.evaluate({"self": celpy.json_to_cel(value)})
    except celpy.CELEvalError as failure:
        raise CELError(_evaluation_cause(failure)) from None
    if isinstance(result, celpy.CELEvalError):
        raise CELError(_evaluation_cause(result))
    if not isinstance(result, celpy.celtypes.BoolType):
        raise CELError(f"rule {rule_key(rule)!r} gives {type(result).__name__}, not a bool")
    return bool(result)


# --- Paths and the shapes of values ---------------------------------------------------------------

def join_path(path, key):
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def has_type(value, schema):
    expected = schema.get("type")
    actual = json_type(value)
    if expected is None:
        return True
    return actual == expected or (expected == "number" and actual == "integer")


def quoted(value):
    return json.dumps(value, ensure_ascii=False)


# --- The API server's steps: drop nulls, default, check the schema, run the CEL rules -------------

def field_schema(schema, name):
    """The schema of an object's field: a property, else the additionalProperties schema."""
    sub = (schema.get("properties") or {}).get(name)
    if sub is None and isinstance(schema.get("additionalProperties"), dict):
        sub = schema["additionalProperties"]
    return sub


def default(value, schema):
    """Structural defaulting (apiextensions-apiserver's PruneNonNullableNullsWithoutDefaults, then
    Default): a null in a non-nullable field or map entry is dropped, or replaced by the default
    when there is one; a missing field takes its default; defaults are themselves defaulted."""
    if isinstance(value, dict):
        for name in list(value):
            sub = field_schema(schema, name)
            if value[name] is None and sub is not None and not sub.get("nullable"):
                del value[name]
        for name, sub in (schema.get("properties") or {}).items():
            if name not in value and "default" in sub:
                value[name] = copy.deepcopy(sub["default"])
        for name, item in value.items():
            sub = field_schema(schema, name)
            if sub is not None:
                default(item, sub)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            default(item, schema["items"])
    return value


def to_json_schema(schema):
    """The openAPIV3Schema as JSON Schema (draft 4, which OpenAPI 3.0 follows): x-kubernetes-*
    dropped, `nullable` as a "null" type, int-or-string as a choice, and `additionalProperties:
    false` wherever `properties` are given without additionalProperties (pruning, made strict)."""
    if not isinstance(schema, dict):
        return schema
    result = {}
    for key, value in schema.items():
        if key.startswith("x-kubernetes-") or key in ("nullable", "default", "description", "example", "externalDocs"):
            continue
        if key == "properties":
            result[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            result[key] = to_json_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            result[key] = [to_json_schema(sub) for sub in value]
        else:
            result[key] = value
    if schema.get("x-kubernetes-int-or-string"):
        result.pop("type", None)
        result.setdefault("anyOf", []).append({"type": ["integer", "string"]})
    if schema.get("nullable"):
        if "type" in result:
            result["type"] = [result["type"], "null"]
        if "enum" in result:
            result["enum"] = list(result["enum"]) + [None]
    if ("properties" in schema and "additionalProperties" not in schema
            and not schema.get("x-kubernetes-preserve-unknown-fields")):
        result["additionalProperties"] = False
    return result


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time")
def _is_date_time(value):
    return not isinstance(value, str) or _RFC3339.match(value) is not None


@FORMATS.checks("int32")
def _is_int32(value):
    return not isinstance(value, int) or -2**31 <= value < 2**31


@FORMATS.checks("int64")
def _is_int64(value):
    return not isinstance(value, int) or -2**63 <= value < 2**63


def _go_pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not matches(instance, pattern):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_integer(checker, instance):
    """Like the API server (go-openapi's isFloatInt): a float with no fraction, 40.0, is an integer."""
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


Validator = jsonschema.validators.extend(
    jsonschema.Draft4Validator, {"pattern": _go_pattern},
    type_checker=jsonschema.Draft4Validator.TYPE_CHECKER.redefine("integer", _is_integer))

# The API server runs no CEL rule while one of these is in the object (apiextensions' hasBlockingErr).
BLOCKING = {"type", "enum", "required", "maxLength", "maxItems", "maxProperties", "unknown"}


def schema_errors(value, schema, base=""):
    """JSON Schema errors in the API server's wording, each as (keyword, path, message)."""
    found = []
    validator = Validator(to_json_schema(schema), format_checker=FORMATS)
    for error in sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path]):
        path = base
        for part in error.absolute_path:
            path = join_path(path, part)
        keyword, expected, instance = error.validator, error.validator_value, error.instance
        if keyword == "additionalProperties" and expected is False:
            for name in sorted(set(instance) - set(error.schema.get("properties", {}))):
                found.append(("unknown", join_path(path, name), f'unknown field "{join_path(path, name)}"'))
            continue
        if keyword == "required":
            missing = re.match(r"'(.*)' is a required property", error.message)
            name = missing.group(1) if missing else error.message
            found.append((keyword, join_path(path, name), "Required value"))
            continue
        if keyword == "type":
            names = expected if isinstance(expected, list) else [expected]
            message = f'Invalid value: "{json_type(instance)}": {path} in body must be of type {" or ".join(names)}: "{json_type(instance)}"'
        elif keyword == "enum":
            message = f"Unsupported value: {quoted(instance)}: supported values: " + ", ".join(quoted(v) for v in expected if v is not None)
        elif keyword == "pattern":
            message = f"Invalid value: {quoted(instance)}: {path} in body should match '{expected}'"
        elif keyword == "minimum":
            message = f"Invalid value: {quoted(instance)}: {path} in body should be greater than or equal to {expected}"
        elif keyword == "maximum":
            message = f"Invalid value: {quoted(instance)}: {path} in body should be less than or equal to {expected}"
        elif keyword == "minLength":
            message = f"Invalid value: {quoted(instance)}: {path} in body should be at least {expected} chars long"
        elif keyword == "maxLength":
            message = f"Too long: may not be more than {expected} bytes"
        elif keyword in ("maxItems", "maxProperties"):
            message = f"Too many: {len(instance)}: must have at most {expected} items"
        elif keyword == "format":
            message = f"Invalid value: {quoted(instance)}: {path} in body must be of type {expected}: {quoted(instance)}"
        else:
            message = f"Invalid value: {quoted(instance)}: {error.message}"
        found.append((keyword, path, message))
    return found


def cel_errors(value, schema, path):
    """Runs the CEL rules of every schema node that has a value of the node's type, as the API
    server does (an evaluation error, such as a missing field, fails the rule)."""
    found = []
    if value is None or not has_type(value, schema):
        return found
    for rule in schema.get("x-kubernetes-validations") or []:
        where = path + rule.get("fieldPath", "")
        message = rule.get("message") or "failed rule: " + rule_key(rule["rule"])
        try:
            passed = cel_evaluate(rule["rule"], value)
        except CELError as failure:
            found.append((where, f'Invalid value: "{json_type(value)}": {failure} evaluating rule: {message}'))
            continue
        if not passed:
            found.append((where, f'Invalid value: "{json_type(value)}": {message}'))
    if isinstance(value, dict):
        for name, item in value.items():
            sub = field_schema(schema, name)
            if sub is not None:
                found += cel_errors(item, sub, join_path(path, name))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            found += cel_errors(item, schema["items"], join_path(path, index))
    return found


# --- The CRD --------------------------------------------------------------------------------------

def load_crd(path):
    with open(path, encoding="utf-8") as handle:
        crd = yaml.safe_load(handle)
    if not isinstance(crd, dict) or crd.get("kind") != "CustomResourceDefinition":
        raise ValueError(f"{path} is not a CustomResourceDefinition")
    return crd


def storage_version(crd):
    versions = crd.get("spec", {}).get("versions") or []
    return next((v for v in versions if v.get("storage")), versions[0] if versions else {})


def crd_schema(crd):
    return storage_version(crd).get("schema", {}).get("openAPIV3Schema", {})


def rule_errors_as_written(crd, obj):
    """The CEL rules alone on the object as written: no defaulting, no schema check."""
    return cel_errors(obj, crd_schema(crd), "")


def validate_object(crd, obj):
    """The object after defaulting and its errors, as (path, message) pairs."""
    spec = crd["spec"]
    errors = []
    if not isinstance(obj, dict):
        return obj, [("", f"is {json_type(obj)}; expected a {spec['names']['kind']} object")]
    served = [f"{spec['group']}/{v['name']}" for v in spec.get("versions", []) if v.get("served")]
    if obj.get("apiVersion") not in served or obj.get("kind") != spec["names"]["kind"]:
        errors.append(("apiVersion", f"Invalid value: {quoted(obj.get('apiVersion'))}/{quoted(obj.get('kind'))}: "
                                     f"expected apiVersion {' or '.join(served)} and kind {spec['names']['kind']}"))
        return obj, errors
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict) or not (metadata.get("name") or metadata.get("generateName")):
        errors.append(("metadata.name", "Required value: name or generateName is required"))
    schema = crd_schema(crd)
    defaulted = default(copy.deepcopy(obj), schema)
    found = schema_errors(defaulted, schema)
    errors += [(path, message) for _, path, message in found]
    if any(keyword in BLOCKING for keyword, _, _ in found):
        errors.append(("", "some validation rules were not checked because the object was invalid; "
                           "correct the existing errors to complete validation"))
    else:
        errors += cel_errors(defaulted, schema, "")
    return defaulted, errors


def validate_file(crd, path, with_defaulted, rules_only=False):
    result = {"file": path}
    try:
        with open(path, encoding="utf-8") as handle:
            if path.endswith(".json"):
                documents = [json.load(handle)]
            else:
                documents = [d for d in yaml.safe_load_all(handle) if d is not None]
    except (OSError, ValueError, yaml.YAMLError) as failure:
        result.update(valid=False, errors=[{"path": "", "message": f"cannot read: {failure}"}])
        return result
    if len(documents) != 1:
        result.update(valid=False, errors=[{"path": "", "message": f"holds {len(documents)} documents; expected one"}])
        return result
    if rules_only:
        errors = rule_errors_as_written(crd, documents[0])
        result.update(valid=not errors, errors=[{"path": p, "message": m} for p, m in errors])
        return result
    defaulted, errors = validate_object(crd, documents[0])
    result.update(valid=not errors, errors=[{"path": p, "message": m} for p, m in errors])
    if with_defaulted:
        result["defaulted"] = defaulted
    return result


# --- Is the CRD structural, and sound? ------------------------------------------------------------

SCHEMA_KEYS = {
    "type", "format", "title", "description", "default", "example", "enum", "nullable", "maximum",
    "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
    "minItems", "uniqueItems", "multipleOf", "maxProperties", "minProperties", "required", "items",
    "allOf", "anyOf", "oneOf", "not", "properties", "additionalProperties", "externalDocs",
    "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
    "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations",
}
FORBIDDEN_KEYS = {"$ref", "$schema", "id", "definitions", "dependencies", "patternProperties", "additionalItems"}
JUNCTOR_FORBIDDEN = {"type", "default", "description", "nullable", "additionalProperties", "title",
                     "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string"}
TYPES = {"object", "array", "string", "integer", "number", "boolean"}
RULE_KEYS = {"rule", "message", "messageExpression", "fieldPath", "reason", "optionalOldSelf"}


def field_path_exists(schema, field_path):
    node = schema
    for part in field_path.lstrip(".").split("."):
        # Array notation (`ceilings[0]`), which Kubernetes allows in a printer column's path.
        name, _, index = part.partition("[")
        node = (node.get("properties") or {}).get(name)
        if node is None:
            return False
        if index:
            if node.get("type") != "array" or not index.rstrip("]").lstrip("-").isdigit():
                return False
            node = node.get("items") or {}
    return True


def check_schema(node, path, errors, in_junctor=False, root=False):
    def fail(message):
        errors.append({"path": path or "openAPIV3Schema", "message": message})

    if not isinstance(node, dict):
        return fail("is not a schema object")
    for key in sorted(set(node) - SCHEMA_KEYS):
        fail(f"{key!r} is forbidden" if key in FORBIDDEN_KEYS else f"{key!r} is not a field of a Kubernetes schema")
    if node.get("uniqueItems") is True:
        fail("uniqueItems cannot be true (use x-kubernetes-list-type: set)")
    if in_junctor:
        for key in sorted(set(node) & JUNCTOR_FORBIDDEN):
            fail(f"{key!r} must not be set inside allOf, anyOf, oneOf or not")
    else:
        kind = node.get("type")
        open_node = node.get("x-kubernetes-int-or-string") or node.get("x-kubernetes-preserve-unknown-fields")
        if kind is None and not open_node:
            fail("type is missing (a structural schema sets it on every node)")
        elif kind is not None and kind not in TYPES:
            fail(f"type {kind!r} is not one of {sorted(TYPES)}")
        if kind == "array" and not isinstance(node.get("items"), dict):
            fail("an array needs a single items schema")
        if kind not in (None, "object") and ("properties" in node or "additionalProperties" in node):
            fail("properties and additionalProperties are only for type object")
        for value in node.get("enum") or []:
            if kind and not has_type(value, node):
                fail(f"enum value {value!r} is not of type {kind}")
    if "properties" in node and "additionalProperties" in node:
        fail("properties and additionalProperties are mutually exclusive")
    if root and "default" in node:
        fail("the root cannot have a default")
    if "pattern" in node:
        if re.search(r"\(\?[=!<]|\\[1-9]", node["pattern"]):
            fail(f"pattern {node['pattern']!r} uses look-around or back-references, which Go (RE2) lacks")
        else:
            try:
                re.compile(go_regex(node["pattern"]))
            except re.error as failure:
                fail(f"pattern {node['pattern']!r} does not compile: {failure}")
    if "default" in node and not in_junctor:
        # As the API server checks a default: against this node's schema and the CEL rules of this
        # node and below, on the value as written, with no nested default filled in.
        wrapper = {"type": "object", "properties": {"value": node}}
        given = {"value": copy.deepcopy(node["default"])}
        for _, where, message in schema_errors(given, wrapper):
            fail(f"default: {message}")
        for where, message in cel_errors(given, wrapper, ""):
            fail(f"default: {message}")
    for rule in node.get("x-kubernetes-validations") or []:
        for key in sorted(set(rule) - RULE_KEYS):
            fail(f"x-kubernetes-validations: {key!r} is not a field of a rule")
        text = rule.get("rule", "")
        try:
            cel_program(text)
        except CELError as failure:
            fail(f"CEL rule {text!r}: {failure}")
        if not rule.get("message") and not rule.get("messageExpression"):
            fail(f"CEL rule {text!r} has no message")
        elif "\n" in rule.get("message", ""):
            fail(f"the message of CEL rule {text!r} has a line break")
        if "fieldPath" in rule and not field_path_exists(node, rule["fieldPath"]):
            fail(f"fieldPath {rule['fieldPath']!r} is not a field of this schema")
    if node.get("x-kubernetes-list-type") == "map":
        items = node.get("items") or {}
        for key in node.get("x-kubernetes-list-map-keys") or []:
            sub = (items.get("properties") or {}).get(key)
            if sub is None or (key not in (items.get("required") or []) and "default" not in sub):
                fail(f"list-map key {key!r} must be a required or defaulted field of the items")
        if not node.get("x-kubernetes-list-map-keys"):
            fail("x-kubernetes-list-type map needs x-kubernetes-list-map-keys")
    for name, sub in (node.get("properties") or {}).items():
        if root and name == "metadata":
            extra = set(sub) - {"type", "description", "properties"}
            if extra or set((sub.get("properties") or {})) - {"name", "generateName"}:
                errors.append({"path": "metadata", "message": "only type, and restrictions of name and generateName, are allowed at metadata"})
            continue
        check_schema(sub, join_path(path, name) if path else name, errors, in_junctor)
    if isinstance(node.get("additionalProperties"), dict):
        check_schema(node["additionalProperties"], f"{path}.additionalProperties", errors, in_junctor)
    if isinstance(node.get("items"), dict):
        check_schema(node["items"], f"{path}.items", errors, in_junctor)
    for junctor in ("allOf", "anyOf", "oneOf"):
        for index, sub in enumerate(node.get(junctor) or []):
            check_schema(sub, f"{path}.{junctor}[{index}]", errors, True)
    if isinstance(node.get("not"), dict):
        check_schema(node["not"], f"{path}.not", errors, True)


def uncompiled_rules(node):
    """The CEL rules anywhere in a schema that do not compile."""
    found = []
    if isinstance(node, dict):
        for rule in node.get("x-kubernetes-validations") or []:
            try:
                cel_program(rule.get("rule", ""))
            except CELError as failure:
                found.append(f"{rule.get('rule', '')}: {failure}")
        for key, value in node.items():
            if key != "x-kubernetes-validations":
                found += uncompiled_rules(value)
    elif isinstance(node, list):
        for value in node:
            found += uncompiled_rules(value)
    return found


def json_path_exists(schema, json_path):
    node = schema
    for part in json_path.lstrip(".").split("."):
        if node.get("x-kubernetes-preserve-unknown-fields") or (node.get("type") == "object" and "properties" not in node):
            return True
        # Array notation (`ceilings[0]`), which Kubernetes allows in a printer column's path.
        name, _, index = part.partition("[")
        node = (node.get("properties") or {}).get(name)
        if node is None:
            return False
        if index:
            if node.get("type") != "array" or not index.rstrip("]").lstrip("-").isdigit():
                return False
            node = node.get("items") or {}
    return True


def check_crd(crd):
    errors = []

    def fail(path, message):
        errors.append({"path": path, "message": message})

    spec = crd.get("spec") or {}
    names = spec.get("names") or {}
    if crd.get("apiVersion") != "apiextensions.k8s.io/v1":
        fail("apiVersion", "must be apiextensions.k8s.io/v1")
    if crd.get("metadata", {}).get("name") != f"{names.get('plural')}.{spec.get('group')}":
        fail("metadata.name", "must be spec.names.plural + '.' + spec.group")
    if spec.get("scope") not in ("Cluster", "Namespaced"):
        fail("spec.scope", "must be Cluster or Namespaced")
    for key in ("plural", "kind"):
        if not names.get(key):
            fail(f"spec.names.{key}", "Required value")
    versions = spec.get("versions") or []
    if sum(1 for v in versions if v.get("storage")) != 1:
        fail("spec.versions", "exactly one version must be the storage version")
    for index, version in enumerate(versions):
        where = f"spec.versions[{index}]"
        schema = (version.get("schema") or {}).get("openAPIV3Schema")
        if not isinstance(schema, dict):
            fail(f"{where}.schema.openAPIV3Schema", "Required value")
            continue
        if schema.get("type") != "object":
            fail(f"{where}.schema.openAPIV3Schema.type", "the root must be of type object")
        found = []
        check_schema(schema, "", found, root=True)
        errors += [{"path": f"{where}.schema.openAPIV3Schema.{e['path']}", "message": e["message"]} for e in found]
        for column in version.get("additionalPrinterColumns") or []:
            if column.get("type") not in ("integer", "number", "string", "boolean", "date"):
                fail(f"{where}.additionalPrinterColumns", f"column {column.get('name')!r} has type {column.get('type')!r}")
            if not json_path_exists(schema, column.get("jsonPath", "")) and column.get("jsonPath") != ".metadata.creationTimestamp":
                fail(f"{where}.additionalPrinterColumns", f"column {column.get('name')!r}: {column.get('jsonPath')} is not in the schema")
    return errors


def k8s_validate(crd, version):
    try:
        import kubernetes_validate
    except ImportError:
        return None, "kubernetes-validate is not installed (python3 -m pip install kubernetes-validate)"
    version = version or kubernetes_validate.latest_version()
    try:
        kubernetes_validate.validate(crd, version, strict=True)
    except kubernetes_validate.ValidationError as failure:
        path = ".".join(str(p) for p in failure.path)
        return version, [{"path": path, "message": failure.message}]
    return version, []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("crd")
    parser.add_argument("manifests", nargs="*")
    parser.add_argument("--check-structural", action="store_true", help="check the CRD's schema is structural and sound")
    parser.add_argument("--k8s-validate", action="store_true", help="check the CRD object with kubernetes-validate")
    parser.add_argument("--kubernetes-version", help="the release for --k8s-validate (default: the newest it knows)")
    parser.add_argument("--defaulted", action="store_true", help="add each manifest's object after defaulting")
    parser.add_argument("--rules-only", action="store_true", help="run only the CEL rules, on each manifest as written")
    arguments = parser.parse_intermixed_args()
    try:
        crd = load_crd(arguments.crd)
    except (OSError, yaml.YAMLError, ValueError) as failure:
        print(json.dumps({"file": arguments.crd, "error": str(failure)}))
        return 2
    status = 0
    if arguments.check_structural:
        errors = check_crd(crd)
        print(json.dumps({"file": arguments.crd, "check": "structural", "ok": not errors, "errors": errors}))
    if arguments.k8s_validate:
        version, errors = k8s_validate(crd, arguments.kubernetes_version)
        if version is None:
            print(json.dumps({"file": arguments.crd, "check": "k8s-validate", "ok": False, "skipped": errors}))
            status = 3
        else:
            print(json.dumps({"file": arguments.crd, "check": "k8s-validate", "kubernetesVersion": version,
                              "ok": not errors, "errors": errors}))
    uncompiled = list(dict.fromkeys(uncompiled_rules(crd_schema(crd))))
    if arguments.manifests and uncompiled:
        print(json.dumps({"file": arguments.crd, "error": "the CRD has CEL rules that do not compile", "rules": uncompiled}))
        return 4
    for path in arguments.manifests:
        print(json.dumps(validate_file(crd, path, arguments.defaulted, arguments.rules_only), ensure_ascii=False), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
