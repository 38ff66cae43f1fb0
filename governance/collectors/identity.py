"""Account-wide identity and guardrail reads: root MFA devices, roles, identity providers,
server certificates, alternate contacts and the account-level S3 public access block."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from governance.collectors import global_reader

ALTERNATE_CONTACT_TYPES = ("SECURITY", "OPERATIONS", "BILLING")


@global_reader
def read_identity(collector: Any, snapshot: Any) -> None:
    iam = collector.client("iam")
    collector.read(snapshot, "iam:ListVirtualMFADevices", lambda: virtual_mfa_devices(collector))
    collector.read(snapshot, "iam:ListRoles",
                   lambda: collector.paginate("iam", "list_roles", "Roles"))
    collector.read(snapshot, "iam:ListServerCertificates",
                   lambda: collector.paginate("iam", "list_server_certificates",
                                              "ServerCertificateMetadataList"))
    collector.read(snapshot, "iam:ListSAMLProviders",
                   lambda: iam.list_saml_providers()["SAMLProviderList"])
    collector.read(snapshot, "iam:ListOpenIDConnectProviders",
                   lambda: iam.list_open_id_connect_providers()["OpenIDConnectProviderList"])
    collector.read(snapshot, "account:GetAlternateContact", lambda: alternate_contacts(collector))
    s3control = collector.client("s3control")
    collector.read(snapshot, "s3control:GetPublicAccessBlock",
                   lambda: s3control.get_public_access_block(
                       AccountId=snapshot.account_id)["PublicAccessBlockConfiguration"],
                   absent={"NoSuchPublicAccessBlockConfiguration"})


def virtual_mfa_devices(collector: Any) -> list[dict[str, Any]]:
    """Serial number, owner and enable date of every virtual MFA device; never the seed
    or QR code (some emulators return them)."""
    devices = collector.paginate("iam", "list_virtual_mfa_devices", "VirtualMFADevices",
                                 AssignmentStatus="Any")
    return [{"SerialNumber": device.get("SerialNumber"),
             "UserArn": (device.get("User") or {}).get("Arn"),
             "EnableDate": device.get("EnableDate")} for device in devices]


def alternate_contacts(collector: Any) -> dict[str, Any]:
    """Each alternate contact type: its contact, or None when none is set."""
    account = collector.client("account")
    contacts: dict[str, Any] = {}
    for contact_type in ALTERNATE_CONTACT_TYPES:
        try:
            contacts[contact_type] = account.get_alternate_contact(
                AlternateContactType=contact_type)["AlternateContact"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
                raise
            contacts[contact_type] = None
    return contacts
