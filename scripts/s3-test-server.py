#!/usr/bin/env python3
"""A real S3 API server for tests, benchmarks and CI: moto's server (PyPI moto[server]) with its
request authentication on, so every request's SigV4 signature is checked (botocore's rules).

  s3-test-server.py start --state FILE [--host 127.0.0.1] [--port 0] [--bucket NAME ...]
  s3-test-server.py stop --state FILE

`start` launches moto_server bound to --host only, lets exactly three requests through
unauthenticated (INITIAL_NO_AUTH_ACTION_COUNT=3: create an IAM user, give it s3:*, create its
access key), creates the buckets with that key, and writes FILE (mode 600) as JSON:
{"pid", "endpoint", "region", "access_key_id", "secret_access_key", "buckets"}. It prints the
endpoint and pid, never the secret. `stop` sends SIGTERM to the recorded pid and waits.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time


def free_port(host):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_listening(host, port, process, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"moto_server exited with {process.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("moto_server did not start listening")


def start(args):
    import boto3  # from moto[server]

    port = args.port or free_port(args.host)
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3", MOTO_ALLOW_NONEXISTENT_REGION="true")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        env.pop(name, None)
    moto = os.path.join(os.path.dirname(sys.executable), "moto_server")
    log = open(args.log or os.devnull, "ab")
    process = subprocess.Popen([moto, "-H", args.host, "-p", str(port)], env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                               start_new_session=True)
    try:
        wait_listening(args.host, port, process)
        endpoint = f"http://{args.host}:{port}"
        boot = dict(endpoint_url=endpoint, region_name=args.region, aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        iam = boto3.client("iam", **boot)
        iam.create_user(UserName="musicatlas")
        iam.put_user_policy(UserName="musicatlas", PolicyName="s3-all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="musicatlas")["AccessKey"]
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name=args.region, aws_access_key_id=key["AccessKeyId"],
                          aws_secret_access_key=key["SecretAccessKey"])
        for bucket in args.bucket:
            s3.create_bucket(Bucket=bucket)
    except BaseException:
        process.terminate()
        raise
    state = {"pid": process.pid, "endpoint": endpoint, "region": args.region, "access_key_id": key["AccessKeyId"],
             "secret_access_key": key["SecretAccessKey"], "buckets": args.bucket}
    descriptor = os.open(args.state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(state, handle)
    print(f"s3 test server: {endpoint} (pid {process.pid}), buckets {', '.join(args.bucket) or '(none)'}")


def stop(args):
    try:
        with open(args.state) as handle:
            pid = json.load(handle)["pid"]
    except (OSError, ValueError, KeyError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    begin = sub.add_parser("start")
    begin.add_argument("--state", required=True)
    begin.add_argument("--host", default="127.0.0.1")
    begin.add_argument("--port", type=int, default=0)
    begin.add_argument("--region", default="us-east-1")
    begin.add_argument("--bucket", action="append", default=[])
    begin.add_argument("--log")
    end = sub.add_parser("stop")
    end.add_argument("--state", required=True)
    args = parser.parse_args()
    start(args) if args.command == "start" else stop(args)


if __name__ == "__main__":
    main()
