"""The aws-account-factory-email forwarder's work as a boto3 loop, for comparison with rootmail's
`forward` receiver: for every mail under the prefix, get the object, parse it with Python's email
package, look the recipient's owner up (a dict loaded from MAPPINGS, cheaper than the sample's
DynamoDB GetItem), rewrite From/Reply-To/To, drop Return-Path and DKIM-Signature, add
X-Processed-By, and send it with SES SendRawEmail. One mail after another, as the loop a user
would write. Usage: boto3_forward.py BUCKET PREFIX MAPPINGS.jsonl FROM ADMIN"""
import email
import json
import sys

import boto3

bucket, prefix, mappings_file, address_from, address_admin = sys.argv[1:6]
owners = {}
with open(mappings_file) as f:
    for line in f:
        row = json.loads(line)
        owners[row["AccountEmail"].lower()] = row["OwnerAddress"]
s3 = boto3.client("s3")
ses = boto3.client("ses")
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
    keys += [o["Key"] for o in page.get("Contents", [])]
sent = 0
for key in keys:
    raw = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    message = email.message_from_bytes(raw)
    recipient = email.utils.parseaddr(message.get("To", ""))[1].lower()
    owner = owners.get(recipient, address_admin)
    original_from = message.get("From", "")
    for name in ("From", "Reply-To", "To", "Return-Path", "DKIM-Signature", "X-Processed-By"):
        del message[name]
    message["From"] = address_from
    message["Reply-To"] = original_from
    message["To"] = owner
    message["X-Processed-By"] = "rootmail-bench"
    ses.send_raw_email(Source=address_from, Destinations=[owner], RawMessage={"Data": message.as_bytes()})
    sent += 1
print(sent)
