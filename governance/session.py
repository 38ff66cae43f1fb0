"""Open a boto3 session on the audited account: a profile, then optionally a role in it."""

from __future__ import annotations

from typing import Any


class SessionError(Exception):
    """The account cannot be opened with what was given (profile, role, credentials)."""


def open_session(profile: str | None = None, role_arn: str | None = None,
                 external_id: str | None = None, endpoint_url: str | None = None,
                 region: str | None = None) -> Any:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        session = boto3.Session(profile_name=profile, region_name=region)
        if role_arn:
            sts = session.client("sts", endpoint_url=endpoint_url)
            extra = {"ExternalId": external_id} if external_id else {}
            credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="governance-audit",
                                          **extra)["Credentials"]
            session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                                    aws_secret_access_key=credentials["SecretAccessKey"],
                                    aws_session_token=credentials["SessionToken"],
                                    region_name=session.region_name or region)
    except (BotoCoreError, ClientError) as error:
        raise SessionError(f"cannot open the audited account: {error}") from error
    return session
