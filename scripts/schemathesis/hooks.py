"""Schemathesis hooks for dckit-mock (loaded through SCHEMATHESIS_HOOKS by scripts/schemathesis/run).

* The secrets a request needs inside its body are pinned in the schema as it is loaded, so
  positive cases carry real ones and negative cases anything else:
  - `ade_credentials_encrypted` (DataCash bodies) becomes the blob in DCKIT_ST_CREDENTIALS,
    made by `dckit-mock credentials` for the running mock;
  - the WebService form's `token` becomes DCKIT_ST_WS_TOKEN.
* `webservice_error_envelope`: the WebService answers every request with HTTP 200, WHMCS style,
  so Schemathesis's `negative_data_rejection` cannot see a refusal there; this check asks instead
  that a negative case is answered `{"result": "error", "message": ...}`.
"""

import json
import os

import schemathesis

CREDENTIALS = os.environ.get("DCKIT_ST_CREDENTIALS", "")
WS_TOKEN = os.environ.get("DCKIT_ST_WS_TOKEN", "")
WS_PATH = "/modules/addons/BillingExtension/core/BillingExtension_Admin/resources/einvoice/einvoice.php"


def _pin(schema, name, value):
    """Makes property `name` of `schema` (an object schema) the constant `value`."""
    properties = schema.get("properties") or {}
    if name in properties and value:
        properties[name] = {"type": "string", "const": value}


@schemathesis.hook
def before_load_schema(context, raw_schema):
    schemas = raw_schema.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        if isinstance(schema, dict):
            _pin(schema, "ade_credentials_encrypted", CREDENTIALS)
    if "WsForm" in schemas:
        _pin(schemas["WsForm"], "token", WS_TOKEN)


@schemathesis.check
def webservice_error_envelope(ctx, response, case):
    """A negative WebService case is answered with the WHMCS error object."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return None
    if case.operation.path != WS_PATH:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError("the WebService answered a negative case with something other than JSON")
    if not (isinstance(body, dict) and body.get("result") == "error" and isinstance(body.get("message"), str)):
        raise AssertionError(
            "the WebService accepted invalid data: expected {\"result\": \"error\", \"message\": ...}"
        )
    return None
