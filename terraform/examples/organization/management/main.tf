provider "aws" {
  region = var.region
}

# The audit account, reached through the role Organizations created in it. Its id is known
# once the account exists: the first apply configures this provider during apply.
provider "aws" {
  alias  = "audit"
  region = var.region

  assume_role {
    role_arn     = "arn:aws:iam::${aws_organizations_account.this["audit"].id}:role/${var.member_role_name}"
    session_name = "governance-baseline"
  }
}

resource "aws_organizations_organization" "this" {
  feature_set          = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY"]
  aws_service_access_principals = [
    "access-analyzer.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "config.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "guardduty.amazonaws.com",
    "iam.amazonaws.com", # centralized root access (CIS v7.0.0 2.1.1)
    "securityhub.amazonaws.com",
    "sso.amazonaws.com",
  ]
}

resource "aws_organizations_organizational_unit" "this" {
  for_each = toset(["Security", "Workloads"])

  name      = each.key
  parent_id = aws_organizations_organization.this.roots[0].id
  tags      = var.tags
}

resource "aws_organizations_account" "this" {
  for_each = var.accounts

  name              = each.key
  email             = each.value.email
  parent_id         = aws_organizations_organizational_unit.this[each.value.ou].id
  role_name         = var.member_role_name
  close_on_deletion = var.close_accounts_on_destroy
  tags              = var.tags

  lifecycle {
    # Organizations never returns role_name: it is only used when the account is created.
    ignore_changes = [role_name]
  }
}

module "guardrails" {
  source = "../../../modules/organization-guardrails"
  providers = {
    aws       = aws
    aws.audit = aws.audit
  }

  name_prefix             = var.name_prefix
  tags                    = var.tags
  target_ids              = var.guardrail_target_ids != null ? var.guardrail_target_ids : { root = aws_organizations_organization.this.roots[0].id }
  allowed_regions         = var.allowed_regions
  home_region             = var.region
  exempt_principal_arns   = var.exempt_principal_arns != null ? var.exempt_principal_arns : ["arn:aws:iam::*:role/${var.member_role_name}"]
  root_exempt_account_ids = var.root_exempt_account_ids
  protected_name_prefix   = var.name_prefix

  enable_deny_iam_user_creation = var.enable_deny_iam_user_creation
  enable_require_imdsv2         = var.enable_require_imdsv2

  enable_organization_trail         = var.organization_trail_s3_bucket_name != null
  organization_trail_s3_bucket_name = var.organization_trail_s3_bucket_name
  organization_trail_kms_key_arn    = var.organization_trail_kms_key_arn

  delegated_administrators = {
    account_id                   = aws_organizations_account.this["audit"].id
    guardduty                    = var.enable_guardduty_delegated_admin
    security_hub                 = var.enable_securityhub_delegated_admin
    access_analyzer              = var.enable_access_analyzer_delegated_admin
    organization_access_analyzer = var.enable_organization_access_analyzer
    cloudtrail                   = var.enable_cloudtrail_delegated_admin
    iam_root_access              = var.enable_iam_delegated_admin
    identity_center              = var.enable_identity_center_delegated_admin
    config_aggregator            = var.enable_config_aggregator
    config_service_principals    = var.config_delegated_admin_service_principals
  }

  # CIS v7.0.0 2.1.1: centralized root access, after IAM's trusted access (the principals
  # also order the features and the delegations after the organization).
  organization_service_access_principals = aws_organizations_organization.this.aws_service_access_principals
  root_access_features                   = var.root_access_features

  # CIS v7.0.0 2.1.5: the audit account manages the organization's policies through the
  # delegation policy.
  policy_management_delegate = var.policy_management_types == null ? null : {
    account_id   = aws_organizations_account.this["audit"].id
    policy_types = var.policy_management_types
  }

  # No module-level depends_on: it would defer the policy documents (and the 5,120-character
  # precondition) to apply. The delegations depend on the organization through the audit
  # account's id, the attachments through the root id.
}
