#!/usr/bin/env python3
"""The vend logic of aws-account-factory-email, in boto3, for benchmarks/vend/run: for each
request line, build bu-app-env from the tags, query the AccountName-Enum-Index GSI for the
highest Enum of that name, and put the next one (conditional on the address being new).

Usage: sample_vend.py TABLE REQUESTS.jsonl DOMAIN   (endpoint from AWS_ENDPOINT_URL)
Prints one address per line."""
import json
import sys
from datetime import datetime, timezone

import boto3

ENVIRONMENTS = {"PRODUCTION": "prod", "DEVELOPMENT": "dev", "EVALUATION": "eval",
                "QUALITYASSURANCE": "qa", "TRAINING": "trn", "VALIDATION": "val"}


def main():
    table, requests, domain = sys.argv[1:4]
    client = boto3.client("dynamodb")
    out = []
    with open(requests) as f:
        for line in f:
            if not line.strip():
                continue
            request = json.loads(line)
            tags = request["Tags"]
            env = ENVIRONMENTS.get(tags.get("Environment", ""), "eval")
            name = f"{tags['BusinessUnit']}-{tags['ApplicationName']}-{env}".lower()
            result = client.query(
                TableName=table, IndexName="AccountName-Enum-Index",
                KeyConditionExpression="AccountName = :n", ExpressionAttributeValues={":n": {"S": name}},
                ScanIndexForward=False, Limit=1)
            items = result.get("Items", [])
            counter = int(items[0]["Enum"]["S"]) + 1 if items else 1
            enum = str(counter).zfill(3)
            email = f"{name}-{enum}@{domain}"
            client.put_item(
                TableName=table,
                Item={"AccountEmail": {"S": email}, "OwnerAddress": {"S": request["OwnerAddress"]},
                      "AccountName": {"S": name}, "Enum": {"S": enum},
                      "AccountType": {"S": request["AccountType"]},
                      "Tags": {"M": {k: {"S": v} for k, v in tags.items()}},
                      "Status": {"S": "NAME-ALLOCATED"},
                      "LastUpdated": {"S": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}},
                ConditionExpression="attribute_not_exists(AccountEmail)")
            out.append(email)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
