"""botocore's own S3 signer on requests given as JSON on stdin; prints, per request, its
canonical request, string to sign and signature (JSON on stdout). The URL is built here with
Python's quoting (botocore's rule for S3 keys: quote(key, safe='/~')), not taken from the caller.
"""
import json
import sys
from urllib.parse import quote

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

out = []
for case in json.load(sys.stdin):
    url = f"{case['endpoint']}/{case['bucket']}/{quote(case['key'], safe='/~')}"
    if case["query"]:
        url += "?" + "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in case["query"])
    request = AWSRequest(method=case["method"], url=url, headers=dict(case["headers"]))
    request.context["timestamp"] = case["timestamp"]
    request.headers["X-Amz-Date"] = case["timestamp"]
    request.headers["X-Amz-Content-SHA256"] = case["payload_hash"]
    credentials = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    if case.get("token"):
        request.headers["X-Amz-Security-Token"] = case["token"]
    auth = S3SigV4Auth(credentials, "s3", case["region"])
    canonical = auth.canonical_request(request)
    to_sign = auth.string_to_sign(request, canonical)
    out.append({"canonical_request": canonical, "string_to_sign": to_sign, "signature": auth.signature(to_sign, request)})
json.dump(out, sys.stdout)
