"""Uploads every file of FOLDER into s3://BUCKET/PREFIX (creating the bucket) with boto3,
eight threads. Usage: upload.py FOLDER BUCKET PREFIX"""
import concurrent.futures
import os
import sys

import boto3

folder, bucket, prefix = sys.argv[1:4]
s3 = boto3.client("s3")
s3.create_bucket(Bucket=bucket)
names = sorted(os.listdir(folder))


def put(name):
    with open(os.path.join(folder, name), "rb") as f:
        s3.put_object(Bucket=bucket, Key=prefix + name, Body=f.read())


with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(put, names))
