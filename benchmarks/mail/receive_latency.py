"""Drives benchmarks/mail/receive-latency against one moto_server (AWS_ENDPOINT_URL etc. in the
environment): sets up the receipt topic, queue and dead-letter queue as `deploy --queue` does,
then, per subcommand:
  setup BUCKET NAME                 -> prints the queue URL
  latency BUCKET TOPIC N SPACING QUEUE(0|1) START
                                    puts N password-reset mails SPACING seconds apart (and, with
                                    QUEUE=1, publishes SES's Received notification for each, as
                                    SES's S3 action with a TopicArn does: moto's SES does not), and
                                    measures from each put to its reset link readable in SSM;
                                    prints "median p95 max" in seconds
  fill BUCKET N                     puts N small mails (idle-cost runs)
  burst BUCKET TOPIC N START        puts and notifies N reset mails at once; prints the seconds
                                    until every link is in SSM
"""
import json
import sys
import threading
import time

import boto3

sqs = boto3.client("sqs")
sns = boto3.client("sns")
s3 = boto3.client("s3")
ssm = boto3.client("ssm")


def reset_mail(n):
    to = f"root+{n:012x}@aws.example.com"
    return to, (
        "Return-Path: <bounce@amazonses.com>\nX-SES-Spam-Verdict: PASS\nX-SES-Virus-Verdict: PASS\n"
        "Authentication-Results: amazonses.com;\n spf=pass (spfCheck: ok) client-ip=54.240.8.1; envelope-from=bounce@amazonses.com;\n"
        " dkim=pass header.i=@amazon.com;\n dmarc=pass header.from=amazon.com;\n"
        f"From: Amazon Web Services <no-reply-aws@amazon.com>\nTo: {to}\nMessage-ID: <latency-{n}@amazon.com>\n"
        "Subject: Amazon Web Services Password Assistance\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><body><p>Dear AWS Customer,</p><p><a href=\"https://signin.aws.amazon.com/resetpassword?type=RootUser&amp;"
        f"token={n:032x}\">reset</a></p></body></html>\n").encode()


def notification(bucket, key, topic, to):
    # SES's documented Received notification for an S3 action.
    return json.dumps({
        "notificationType": "Received",
        "mail": {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()), "source": "no-reply-aws@amazon.com",
                 "messageId": key.rsplit("/", 1)[-1], "destination": [to],
                 "commonHeaders": {"from": ["no-reply-aws@amazon.com"], "to": [to],
                                   "subject": "Amazon Web Services Password Assistance"}},
        "receipt": {"recipients": [to], "spamVerdict": {"status": "PASS"}, "virusVerdict": {"status": "PASS"},
                    "spfVerdict": {"status": "PASS"}, "dkimVerdict": {"status": "PASS"}, "dmarcVerdict": {"status": "PASS"},
                    "action": {"type": "S3", "topicArn": topic, "bucketName": bucket, "objectKeyPrefix": "RootMail/",
                               "objectKey": key}},
    })


def deliver(bucket, topic, n, notify):
    to, body = reset_mail(n)
    key = f"RootMail/latency-{n:06d}"
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    if notify:
        sns.publish(TopicArn=topic, Message=notification(bucket, key, topic, to), Subject="Amazon SES Email Receipt Notification")
    return f"/rootmail/pw_reset_link/{n:012x}"


def link_in_ssm(name):
    try:
        ssm.get_parameter(Name=name, WithDecryption=True)
        return True
    except ssm.exceptions.ParameterNotFound:
        return False


def setup(bucket, name):
    s3.create_bucket(Bucket=bucket)
    dlq = sqs.create_queue(QueueName=name + "-dead-letters")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    topic = sns.create_topic(Name=name)["TopicArn"]
    queue = sqs.create_queue(QueueName=name, Attributes={
        "VisibilityTimeout": "120", "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": arn,
        "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]}
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": json.dumps(policy)})
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    print(topic)


def latency(bucket, topic, n, spacing, notify, start):
    latencies = [None] * n
    lock = threading.Lock()
    pending = {}

    def watch():
        while True:
            with lock:
                items = list(pending.items())
            if not items and done.is_set():
                return
            for i, (name, t0) in items:
                if link_in_ssm(name):
                    seen = time.monotonic()
                    with lock:
                        if pending.pop(i, None) is not None:
                            latencies[i] = seen - t0
            time.sleep(0.02)

    done = threading.Event()
    watchers = [threading.Thread(target=watch) for _ in range(2)]
    for w in watchers:
        w.start()
    for i in range(n):
        t0 = time.monotonic()
        name = deliver(bucket, topic, start + i, notify)
        with lock:
            pending[i] = (name, t0)
        time.sleep(spacing)
    done.set()
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        with lock:
            if not pending:
                break
        time.sleep(0.1)
    for w in watchers:
        w.join(timeout=5)
    got = sorted(x for x in latencies if x is not None)
    if len(got) < n:
        print(f"only {len(got)} of {n} links reached SSM", file=sys.stderr)
        sys.exit(1)
    print(f"{got[len(got) // 2]:.3f} {got[int(len(got) * 0.95) - 1]:.3f} {got[-1]:.3f}")


def fill(bucket, n):
    def put(lo, hi):
        for i in range(lo, hi):
            s3.put_object(Bucket=bucket, Key=f"RootMail/idle-{i:06d}", Body=f"Subject: idle {i}\n\nbody\n".encode())
    threads = [threading.Thread(target=put, args=(k * n // 8, (k + 1) * n // 8)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def burst(bucket, topic, n, start):
    t0 = time.monotonic()
    names = []

    def send(lo, hi):
        for i in range(lo, hi):
            names.append(deliver(bucket, topic, start + i, True))
    threads = [threading.Thread(target=send, args=(k * n // 8, (k + 1) * n // 8)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Done when the queue is empty (every message deleted: its mail settled); probing 2,000
    # parameters in a loop would load moto more than the watchers do. Then every link is checked.
    queue = sqs.get_queue_url(QueueName="bench-receipts")["QueueUrl"]
    names_attr = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    while time.monotonic() - t0 < 1800:
        a = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=names_attr)["Attributes"]
        if sum(int(a[k]) for k in names_attr) == 0:
            break
        time.sleep(0.2)
    elapsed = time.monotonic() - t0
    missing = [name for name in names if not link_in_ssm(name)]
    if missing:
        print(f"{len(missing)} links missing", file=sys.stderr)
        sys.exit(1)
    print(f"{elapsed:.2f}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "setup":
        setup(*args)
    elif cmd == "latency":
        latency(args[0], args[1], int(args[2]), float(args[3]), args[4] == "1", int(args[5]))
    elif cmd == "fill":
        fill(args[0], int(args[1]))
    elif cmd == "burst":
        burst(args[0], args[1], int(args[2]), int(args[3]))
