"""Operations moto lacks, answered by the model proxy (model_proxy.py) with AWS's documented
behaviour, on top of moto's own Organizations state (the organization, its management account,
its member accounts and their emails, trusted access):

- Account Management: GetPrimaryEmail, StartPrimaryEmailUpdate (a 6-character code, delivered
  as AWS's verification mail stored by "SES" in the moto bucket the test names),
  AcceptPrimaryEmailUpdate.
- IAM: ListOrganizationsFeatures, Enable/DisableOrganizationsRootCredentialsManagement,
  Enable/DisableOrganizationsRootSessions.
- SSM: CreateOpsItem (moto models parameters, not OpsCenter): `{OpsItemId, OpsItemArn}`, the
  same id again for an `/aws/dedup` string already seen, as SSM does for an open item.
- STS: AssumeRoot (credentials for one member account, at most 900 s), and every request signed
  with those credentials: the root user's GetLoginProfile, ListAccessKeys, ListMFADevices,
  ListSigningCertificates (no UserName), GetAccessKeyLastUsed and STS GetCallerIdentity, from the
  per-account root state the test sets; anything else is AccessDenied.

The admin API (JSON over `/model-proxy/…`) is described in Tests/Support/MODEL_PROXY.md.
"""
import base64
import datetime
import http.client
import json
import os
import random
import secrets
import string
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
OTP_TEMPLATE = os.path.join(HERE, "..", "Fixtures", "mail", "primary-email-otp.eml")
TASK_POLICIES = {
    "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials": (
        "RootCredentialsManagement",
        {"iam:GetLoginProfile", "iam:ListAccessKeys", "iam:ListMFADevices", "iam:ListSigningCertificates", "iam:GetAccessKeyLastUsed"},
    ),
    "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword": ("RootCredentialsManagement", {"iam:CreateLoginProfile", "iam:GetLoginProfile"}),
    "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials": (
        "RootCredentialsManagement",
        {
            "iam:DeleteLoginProfile", "iam:GetLoginProfile", "iam:ListAccessKeys", "iam:DeleteAccessKey",
            "iam:ListSigningCertificates", "iam:DeleteSigningCertificate", "iam:ListMFADevices",
            "iam:DeactivateMFADevice", "iam:GetAccessKeyLastUsed",
        },
    ),
    "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy": ("RootSessions", {"s3:GetBucketPolicy", "s3:DeleteBucketPolicy"}),
    "arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy": ("RootSessions", {"sqs:GetQueueAttributes", "sqs:SetQueueAttributes"}),
}
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
CODE_LIFETIME = 24 * 3600  # "This code expires in 24 hours" (AWS's mail)


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml(tag, value):
    """`value` (dict, list of dicts, scalar) as query-protocol XML elements."""
    if isinstance(value, dict):
        return f"<{tag}>" + "".join(xml(k, v) for k, v in value.items() if v is not None) + f"</{tag}>"
    if isinstance(value, list):
        return f"<{tag}>" + "".join(xml("member", v) for v in value) + f"</{tag}>"
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"<{tag}>{esc(value)}</{tag}>"


def query_ok(action, ns, result):
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><{action}Response xmlns="{ns}"><{action}Result>'
        + "".join(xml(k, v) for k, v in result.items() if v is not None)
        + f"</{action}Result><ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></{action}Response>"
    )
    return 200, None, ({"Content-Type": "text/xml"}, body.encode())


def json_ok(value):
    return 200, None, ({"Content-Type": "application/json", "x-amzn-RequestId": str(uuid.uuid4())}, json.dumps(value).encode())


class State:
    def __init__(self, upstream_url):
        hostport = upstream_url.split("://", 1)[-1].rstrip("/")
        self.host, _, port = hostport.partition(":")
        self.port = int(port or 80)
        self.lock = threading.RLock()
        self.reset()

    def reset(self):
        with getattr(self, "lock", threading.RLock()):
            self.emails = {}  # account id → primary email after an accepted update
            self.pending = {}  # account id → {email, code, expires}
            self.codes = []  # every code sent: {AccountId, PrimaryEmail, Otp, Key, Time}
            self.mail = {"bucket": None, "prefix": "RootMail/", "deliver": True}
            self.features = set()
            self.trusted = set()  # service principals moto refuses to know (iam.amazonaws.com)
            self.roots = {}  # account id → root user state
            self.sessions = {}  # access key → {account, secret, token, expires, actions, task}
            self.calls = []  # stand-in calls answered: {operation, AccountId, caller}
            self.opsitems = []  # CreateOpsItem bodies: {body, errors}
            self.dedup = {}  # /aws/dedup string → OpsItemId

    # ------------------------------------------------------------------ moto underneath

    def moto(self, method, path, headers, body=b""):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def auth(self, access_key, service):
        day = time.strftime("%Y%m%d", time.gmtime())
        return f"AWS4-HMAC-SHA256 Credential={access_key}/{day}/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0"

    def organizations(self, access_key, op, request=None):
        status, data = self.moto(
            "POST",
            "/",
            {
                "X-Amz-Target": f"AWSOrganizationsV20161128.{op}",
                "Content-Type": "application/x-amz-json-1.1",
                "Authorization": self.auth(access_key, "organizations"),
            },
            json.dumps(request or {}).encode(),
        )
        try:
            return status, json.loads(data or b"{}")
        except ValueError:
            return status, {}

    def caller_account(self, access_key):
        status, data = self.moto(
            "POST",
            "/",
            {"Content-Type": "application/x-www-form-urlencoded", "Authorization": self.auth(access_key, "sts")},
            b"Action=GetCallerIdentity&Version=2011-06-15",
        )
        text = data.decode("utf-8", "replace")
        start = text.find("<Account>")
        return text[start + 9 : text.find("</Account>")] if start >= 0 else "123456789012"

    def organization(self, access_key):
        """(organization, {account id: account}, services with trusted access) or None."""
        status, org = self.organizations(access_key, "DescribeOrganization")
        if status != 200:
            return None
        accounts, token = {}, None
        while True:
            status, page = self.organizations(access_key, "ListAccounts", {"NextToken": token} if token else {})
            for a in page.get("Accounts", []):
                accounts[a["Id"]] = a
            token = page.get("NextToken")
            if not token:
                break
        status, access = self.organizations(access_key, "ListAWSServiceAccessForOrganization")
        trusted = {s.get("ServicePrincipal") for s in access.get("EnabledServicePrincipals", [])}
        with self.lock:
            trusted |= self.trusted
        return org["Organization"], accounts, trusted

    # ------------------------------------------------------------------ dispatch

    def handle(self, call, headers):
        """None: moto answers. Else (status, None, (headers, body)) or (status, code, message)."""
        session = self.sessions.get(call.access_key)
        if session is not None or (call.access_key or "").startswith("ASIAROOT"):
            return self.root_session(call, headers, session)
        if call.op is None:
            return None
        name = f"{call.service}:{call.op.name}"
        handler = {
            "account:GetPrimaryEmail": self.get_primary_email,
            "account:StartPrimaryEmailUpdate": self.start_primary_email_update,
            "account:AcceptPrimaryEmailUpdate": self.accept_primary_email_update,
            "iam:ListOrganizationsFeatures": self.list_features,
            "iam:EnableOrganizationsRootCredentialsManagement": lambda c: self.toggle(c, "RootCredentialsManagement", True),
            "iam:DisableOrganizationsRootCredentialsManagement": lambda c: self.toggle(c, "RootCredentialsManagement", False),
            "iam:EnableOrganizationsRootSessions": lambda c: self.toggle(c, "RootSessions", True),
            "iam:DisableOrganizationsRootSessions": lambda c: self.toggle(c, "RootSessions", False),
            "sts:AssumeRoot": self.assume_root,
            "ssm:CreateOpsItem": self.create_ops_item,
            "organizations:ListAccounts": self.list_accounts,
            "organizations:EnableAWSServiceAccess": lambda c: self.service_access(c, True),
            "organizations:DisableAWSServiceAccess": lambda c: self.service_access(c, False),
        }.get(name)
        if handler is None:
            return None
        answer = handler(call)
        if answer is not None:
            with self.lock:
                self.calls.append(
                    {"operation": name, "AccountId": call.params.get("AccountId") or call.params.get("TargetPrincipal"), "status": answer[0]}
                )
        return answer

    # ------------------------------------------------------------------ SSM OpsItems

    def create_ops_item(self, call):
        """The request was checked against SSM's model already (a broken one never gets here)."""
        params = call.params
        key = None
        entry = (params.get("OperationalData") or {}).get("/aws/dedup")
        if entry:
            try:
                key = json.loads(entry.get("Value", "{}")).get("dedupString")
            except ValueError:
                key = None
        with self.lock:
            self.opsitems.append({"body": params, "errors": []})
            item_id = self.dedup.get(key) if key else None
            if item_id is None:
                item_id = "oi-%012x" % len(self.opsitems)
                if key:
                    self.dedup[key] = item_id
        account = self.caller_account(call.access_key)
        return 200, None, (
            {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": str(uuid.uuid4())},
            json.dumps({"OpsItemId": item_id, "OpsItemArn": f"arn:aws:ssm:{call.region}:{account}:opsitem/{item_id}"}).encode(),
        )

    # ------------------------------------------------------------------ Account Management

    def member_check(self, call):
        """(organization, accounts, error): the checks AWS makes before any primary-email call."""
        found = self.organization(call.access_key)
        if found is None:
            return None, None, (403, "AccessDeniedException", "The caller's account is not a member of an organization.")
        org, accounts, trusted = found
        caller = self.caller_account(call.access_key)
        account = call.params["AccountId"]
        if caller != org["MasterAccountId"]:
            return org, accounts, (
                403,
                "AccessDeniedException",
                "Only the management account or a delegated administrator of the organization can call this operation with an AccountId.",
            )
        if org.get("FeatureSet") != "ALL":
            return org, accounts, (
                403,
                "AccessDeniedException",
                "The organization must have all features enabled to use this operation.",
            )
        if "account.amazonaws.com" not in trusted:
            return org, accounts, (
                403,
                "AccessDeniedException",
                "The operation failed because the organization has not enabled trusted access for the AWS Account Management service (account.amazonaws.com).",
            )
        if account == org["MasterAccountId"]:
            return org, accounts, (
                403,
                "AccessDeniedException",
                "The management account can't specify its own AccountId; call the operation without AccountId.",
            )
        if account not in accounts:
            return org, accounts, (403, "AccessDeniedException", f"Account {account} is not a member of the organization.")
        return org, accounts, None

    def email_of(self, account_id, accounts):
        with self.lock:
            return self.emails.get(account_id) or accounts[account_id].get("Email")

    def get_primary_email(self, call):
        org, accounts, error = self.member_check(call)
        if error:
            return error
        return json_ok({"PrimaryEmail": self.email_of(call.params["AccountId"], accounts)})

    def start_primary_email_update(self, call):
        org, accounts, error = self.member_check(call)
        if error:
            return error
        account, email = call.params["AccountId"], call.params["PrimaryEmail"]
        in_use = {self.email_of(a, accounts).lower(): a for a in accounts}
        if email.lower() in in_use:
            return 409, "ConflictException", "The provided email address is already in use by an AWS account."
        code = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(6))
        with self.lock:
            self.pending[account] = {"email": email, "code": code, "expires": time.time() + CODE_LIFETIME}
            mail = dict(self.mail)
        key = None
        if mail["deliver"] and mail["bucket"]:
            key = self.deliver(call.access_key, mail, account, email, code)
        with self.lock:
            self.codes.append({"AccountId": account, "PrimaryEmail": email, "Otp": code, "Key": key, "Time": time.time()})
        return json_ok({"Status": "PENDING"})

    def accept_primary_email_update(self, call):
        org, accounts, error = self.member_check(call)
        if error:
            return error
        account, email, otp = call.params["AccountId"], call.params["PrimaryEmail"], call.params["Otp"]
        with self.lock:
            pending = self.pending.get(account)
            if pending is None:
                return 404, "ResourceNotFoundException", "There is no pending primary email update for this account; call StartPrimaryEmailUpdate first."
            if pending["email"].lower() != email.lower():
                return 400, "ValidationException", "The PrimaryEmail does not match the address given to StartPrimaryEmailUpdate."
            if time.time() > pending["expires"]:
                return 400, "ValidationException", "The one-time password has expired. Call StartPrimaryEmailUpdate again."
            if otp != pending["code"]:
                return 400, "ValidationException", "The one-time password is not valid."
            in_use = {self.email_of(a, accounts).lower() for a in accounts if a != account}
            if email.lower() in in_use:
                return 409, "ConflictException", "The provided email address is already in use by an AWS account."
            del self.pending[account]
            self.emails[account] = email
        return json_ok({"Status": "ACCEPTED"})

    def deliver(self, access_key, mail, account, email, code):
        """AWS's verification mail as SES stores a received mail: an object named by its SES
        message id under the rule's prefix, with SES's Received, verdict and
        Authentication-Results headers (DKIM passed for verify.signin.aws and amazonses.com)."""
        with open(OTP_TEMPLATE, "rb") as f:
            text = f.read().decode("utf-8")
        message_id = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(40))
        now = time.time()
        stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(now))
        text = (
            text.replace("K7Q2ZB", code)
            .replace("root+5e6f7a8b9c0d@aws.example.com", email)
            .replace("account ID ending in 4321", f"account ID ending in {account[-4:]}")
            .replace("otpfixture0001", message_id)
            .replace("0100019a-otp-fixture-0001", f"0100019a{secrets.token_hex(8)}-{uuid.uuid4()}-000000")
            .replace("Wed, 02 Dec 2026 10:00:03 +0000 (UTC)", stamp + " (UTC)")
            .replace("Wed, 02 Dec 2026 10:00:02 +0000", stamp)
        )
        text = self.receipt_headers(text, now)
        key = mail["prefix"] + message_id
        status, data = self.moto(
            "PUT",
            f"/{mail['bucket']}/{key}",
            {"Authorization": self.auth(access_key, "s3"), "Content-Type": "application/octet-stream"},
            text.replace("\r\n", "\n").replace("\n", "\r\n").encode(),
        )
        return key if status == 200 else None

    @staticmethod
    def receipt_headers(text, now):
        """SES's receipt headers after its Authentication-Results (X-SES-RECEIPT and SES's own
        DKIM signature over the stored mail), and the signatures the sender's mail carried
        (verify.signin.aws and amazonses.com), as a mail SES received for an S3 action has them.
        The signature values are random: SES's verdict, not the signature, is what a reader of
        the stored mail can trust."""

        def b64(n):
            return base64.b64encode(secrets.token_bytes(n)).decode()

        t = int(now)
        ses = (
            f"X-SES-RECEIPT: {b64(150)}\n"
            f"X-SES-DKIM-SIGNATURE: a=rsa-sha256; q=dns/txt; b={b64(96)}; c=relaxed/simple; s=224i4yxa5dv7c2xz3womw6peuasteono; "
            f"d=amazonses.com; t={t}; v=1; bh={b64(32)}; h=From:To:Cc:Bcc:Subject:Date:Message-ID:MIME-Version:Content-Type:X-SES-RECEIPT;\n"
        )
        sender = "".join(
            f"DKIM-Signature: v=1; a=rsa-sha256; q=dns/txt; c=relaxed/simple; s={selector}; d={domain}; t={t}; "
            f"h=From:To:Subject:Date:Message-ID:MIME-Version:Content-Type; bh={b64(32)}; b={b64(128)}\n"
            for selector, domain in (("ub6z4ymzj3ztlqmqeyz6hvnfhtqhbajy", "verify.signin.aws"), ("6gbrjpgwjskckoa6a5zn6fwqkn67xbtw", "amazonses.com"))
        )
        head, sep, rest = text.partition("\nFrom: ")
        lines = head.split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("Authentication-Results:")) + 1
        lines.insert(at, ses.rstrip("\n"))
        return "\n".join(lines) + "\n" + sender.rstrip("\n") + sep + rest

    # ------------------------------------------------------------------ IAM organization features

    def list_accounts(self, call):
        """Outside an organization AWS refuses ListAccounts; moto answers an empty list."""
        status, _ = self.organizations(call.access_key, "DescribeOrganization")
        if status == 200:
            return None
        return 400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."

    def service_access(self, call, on):
        """Trusted access for IAM, whose principal moto does not know; others go to moto."""
        if call.params.get("ServicePrincipal") != "iam.amazonaws.com":
            return None
        if self.organization(call.access_key) is None:
            return 400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."
        with self.lock:
            (self.trusted.add if on else self.trusted.discard)("iam.amazonaws.com")
        return json_ok({})

    def org_features_check(self, call, management_only=True):
        found = self.organization(call.access_key)
        if found is None:
            return None, (400, "OrganizationNotFoundException", "The request failed because your account is not a member of an organization.")
        org, accounts, trusted = found
        if self.caller_account(call.access_key) != org["MasterAccountId"]:
            return org, (
                400,
                "AccountNotManagementOrDelegatedAdministratorException",
                "The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.",
            )
        if org.get("FeatureSet") != "ALL":
            return org, (400, "OrganizationNotInAllFeaturesModeException", "The request failed because your organization does not have all features enabled.")
        if "iam.amazonaws.com" not in trusted:
            return org, (
                400,
                "ServiceAccessNotEnabledException",
                "The request was rejected because trusted access is not enabled for IAM in AWS Organizations (aws organizations enable-aws-service-access --service-principal iam.amazonaws.com).",
            )
        return org, None

    def list_features(self, call):
        org, error = self.org_features_check(call)
        if error:
            return error
        with self.lock:
            features = sorted(self.features)
        return query_ok("ListOrganizationsFeatures", IAM_NS, {"OrganizationId": org["Id"], "EnabledFeatures": features})

    def toggle(self, call, feature, on):
        org, error = self.org_features_check(call)
        if error:
            return error
        with self.lock:
            (self.features.add if on else self.features.discard)(feature)
            features = sorted(self.features)
        action = ("Enable" if on else "Disable") + "Organizations" + feature
        return query_ok(action, IAM_NS, {"OrganizationId": org["Id"], "EnabledFeatures": features})

    # ------------------------------------------------------------------ STS AssumeRoot

    def assume_root(self, call):
        target = call.params["TargetPrincipal"]
        task = (call.params.get("TaskPolicyArn") or {}).get("arn", "")
        duration = call.params.get("DurationSeconds", 900)
        found = self.organization(call.access_key)
        if found is None:
            return 403, "AccessDenied", "The caller is not in an organization; AssumeRoot needs centralized root access."
        org, accounts, trusted = found
        if self.caller_account(call.access_key) != org["MasterAccountId"]:
            return 403, "AccessDenied", "Only the management account or a delegated administrator can call AssumeRoot."
        if task not in TASK_POLICIES:
            return 400, "MalformedPolicyDocument", f"TaskPolicyArn {task!r} is not an AWS managed root-task policy."
        feature, actions = TASK_POLICIES[task]
        with self.lock:
            enabled = feature in self.features
        if not enabled:
            return 403, "AccessDenied", f"Centralized root access ({feature}) is not enabled for the organization (aws iam enable-organizations-{'root-credentials-management' if feature == 'RootCredentialsManagement' else 'root-sessions'})."
        account = target.split(":")[4] if target.startswith("arn:") else target
        if account not in accounts or account == org["MasterAccountId"]:
            return 403, "AccessDenied", f"TargetPrincipal {target} is not a member account of the organization."
        key = "ASIAROOT" + "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(12))
        secret = secrets.token_urlsafe(30)[:40]
        token = base64_token()
        expires = time.time() + duration
        with self.lock:
            self.sessions[key] = {"account": account, "secret": secret, "token": token, "expires": expires, "actions": actions, "task": task}
        return query_ok(
            "AssumeRoot",
            STS_NS,
            {
                "Credentials": {"AccessKeyId": key, "SecretAccessKey": secret, "SessionToken": token, "Expiration": iso(expires)},
                "SourceIdentity": None,
            },
        )

    def root_session(self, call, headers, session):
        """A request signed with AssumeRoot credentials: answered for that one account only."""
        if session is None:
            return 403, "InvalidClientTokenId", "The security token included in the request is invalid."
        if headers.get("x-amz-security-token") != session["token"]:
            return 403, "InvalidClientTokenId", "The security token included in the request is invalid."
        if time.time() > session["expires"]:
            return 400, "ExpiredToken", "The security token included in the request is expired"
        account = session["account"]
        if call.op is None:
            return 403, "AccessDenied", "Not authorized."
        action = f"{call.service}:{call.op.name}"
        if action == "sts:GetCallerIdentity":
            return query_ok("GetCallerIdentity", STS_NS, {"UserId": account, "Account": account, "Arn": f"arn:aws:iam::{account}:root"})
        denied = (
            403,
            "AccessDenied" if call.service != "iam" else "AccessDenied",
            f"User: arn:aws:iam::{account}:root is not authorized to perform: {action} with the task policy {session['task'].rsplit('/', 1)[-1]}",
        )
        if action not in session["actions"]:
            return denied
        if call.params.get("UserName"):
            return denied  # root sessions act on the root user only
        with self.lock:
            self.calls.append({"operation": action, "AccountId": account, "caller": "root-session"})
            root = self.root(account)
        op = call.op.name
        if op == "GetLoginProfile":
            if not root["password"]:
                return 404, "NoSuchEntity", "Login Profile for User root cannot be found."
            return query_ok("GetLoginProfile", IAM_NS, {"LoginProfile": {"CreateDate": root["password"], "PasswordResetRequired": False}})
        if op == "ListAccessKeys":
            return query_ok("ListAccessKeys", IAM_NS, {"AccessKeyMetadata": root["accessKeys"], "IsTruncated": False})
        if op == "ListMFADevices":
            return query_ok("ListMFADevices", IAM_NS, {"MFADevices": root["mfaDevices"], "IsTruncated": False})
        if op == "ListSigningCertificates":
            return query_ok("ListSigningCertificates", IAM_NS, {"Certificates": root["signingCertificates"], "IsTruncated": False})
        if op == "GetAccessKeyLastUsed":
            return query_ok("GetAccessKeyLastUsed", IAM_NS, {"AccessKeyLastUsed": {"ServiceName": "N/A", "Region": "N/A"}})
        return denied

    def root(self, account):
        r = self.roots.get(account) or {}
        now = iso(time.time() - 86400 * 30)

        def items(value, make):
            if isinstance(value, list):
                return value
            return [make(i) for i in range(int(value or 0))]

        return {
            "password": (r.get("password") if isinstance(r.get("password"), str) else now) if r.get("password") else None,
            "accessKeys": items(r.get("accessKeys"), lambda i: {"AccessKeyId": f"AKIA{account[-8:]}ROOT{i:04d}", "Status": "Active", "CreateDate": now}),
            "mfaDevices": items(
                r.get("mfaDevices"),
                lambda i: {"UserName": account, "SerialNumber": f"arn:aws:iam::{account}:mfa/root-account-mfa-device{'' if i == 0 else i}", "EnableDate": now},
            ),
            "signingCertificates": items(
                r.get("signingCertificates"),
                lambda i: {"CertificateId": f"ROOTCERT{account}{i:02d}", "CertificateBody": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "Status": "Active", "UploadDate": now},
            ),
        }

    # ------------------------------------------------------------------ admin API

    def admin(self, method, path, request):
        """(status, JSON value) for `/model-proxy/…` (see MODEL_PROXY.md)."""
        with self.lock:
            if path == "/model-proxy/reset" and method == "POST":
                self.reset()
                return 200, {}
            if path == "/model-proxy/account/mail" and method in ("PUT", "POST"):
                for k in ("bucket", "prefix", "deliver"):
                    if k in request:
                        self.mail[k] = request[k]
                return 200, self.mail
            if path == "/model-proxy/account/mail" and method == "GET":
                return 200, self.mail
            if path == "/model-proxy/account/codes":
                return 200, self.codes
            if path == "/model-proxy/account/expire" and method == "POST":
                account = request.get("AccountId")
                for a, p in self.pending.items():
                    if account in (None, a):
                        p["expires"] = time.time() - 1
                return 200, {"expired": [a for a in self.pending if account in (None, a)]}
            if path == "/model-proxy/account/emails" and method == "GET":
                return 200, self.emails
            if path == "/model-proxy/iam/features":
                if method in ("PUT", "POST"):
                    self.features = set(request.get("EnabledFeatures", []))
                return 200, {"EnabledFeatures": sorted(self.features)}
            if path == "/model-proxy/organizations/trusted-access":
                if method in ("PUT", "POST"):
                    self.trusted = set(request.get("ServicePrincipals", []))
                return 200, {"ServicePrincipals": sorted(self.trusted)}
            if path == "/model-proxy/iam/root" and method in ("PUT", "POST"):
                account = request.get("AccountId")
                if not account:
                    return 400, {"error": "AccountId is required"}
                self.roots[account] = {k: request[k] for k in ("password", "accessKeys", "mfaDevices", "signingCertificates") if k in request}
                return 200, self.root(account)
            if path == "/model-proxy/iam/root" and method == "GET":
                return 200, {a: self.root(a) for a in self.roots}
            if path == "/model-proxy/sts/sessions":
                return 200, [
                    {
                        "AccessKeyId": k, "AccountId": s["account"], "Expiration": iso(s["expires"]), "TaskPolicyArn": s["task"],
                        # For tests that check no secret reached a log.
                        "SecretAccessKey": s["secret"], "SessionToken": s["token"],
                    }
                    for k, s in self.sessions.items()
                ]
            if path == "/model-proxy/ssm/opsitems":
                return 200, self.opsitems
            if path == "/model-proxy/calls":
                return 200, self.calls
        return 404, {"error": f"no admin endpoint {method} {path}"}


def base64_token():
    return base64.b64encode(b"rootmail-root-session:" + secrets.token_bytes(48)).decode()
