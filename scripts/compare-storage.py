#!/usr/bin/env python3
"""Compares what a bucket holds under a prefix with what a data folder holds, read back with
boto3 (independently of MusicAtlas's own S3 client): every object's bytes are downloaded and
hashed. Hidden files (yt-dlp's download archive) and the folders of the managed services are
not data.

  compare-storage.py --state S3STATE.json --bucket B --prefix P [--local DATA] [--json]

Prints one line per difference and a summary, or with --json
{"objects": {path: {"sha256", "bytes", "last_modified"}}, "files": {path: sha256}, "equal": bool};
exits 1 when --local is given and the two differ.
"""
import argparse
import hashlib
import json
import os
import sys

import boto3

TOPS = ("audio", "spectrograms", "exports")

parser = argparse.ArgumentParser()
parser.add_argument("--state", required=True)
parser.add_argument("--bucket", required=True)
parser.add_argument("--prefix", required=True)
parser.add_argument("--local")
parser.add_argument("--json", action="store_true")
args = parser.parse_args()
state = json.load(open(args.state))
s3 = boto3.client("s3", endpoint_url=state["endpoint"], region_name=state.get("region", "us-east-1"),
                  aws_access_key_id=state["access_key_id"], aws_secret_access_key=state["secret_access_key"])
prefix = args.prefix.strip("/") + "/"
objects = {}
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args.bucket, Prefix=prefix):
    for item in page.get("Contents", []):
        body = s3.get_object(Bucket=args.bucket, Key=item["Key"])["Body"].read()
        objects[item["Key"][len(prefix):]] = {"sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body),
                                              "last_modified": item["LastModified"].isoformat()}
files = {}
if args.local:
    for top in TOPS:
        for folder, _, names in os.walk(os.path.join(args.local, top)):
            for name in names:
                if name.startswith("."):
                    continue
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    files[os.path.relpath(path, args.local)] = hashlib.sha256(handle.read()).hexdigest()
equal = {k: v["sha256"] for k, v in objects.items()} == files
if args.json:
    json.dump({"objects": objects, "files": files, "equal": equal}, sys.stdout)
else:
    for key in sorted(set(objects) | set(files)):
        remote, local = objects.get(key, {}).get("sha256"), files.get(key)
        if args.local and remote != local:
            print(f"differs: {key}: bucket {remote or '(none)'} folder {local or '(none)'}")
    print(f"{len(objects)} objects under s3://{args.bucket}/{prefix}" + (f", {len(files)} files in {args.local}: "
          + ("identical paths and SHA-256" if equal else "NOT identical") if args.local else ""))
sys.exit(1 if args.local and not equal else 0)
