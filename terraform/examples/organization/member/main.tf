# The account baseline of one member account, applied from the management account (or a
# pipeline role) through the role Organizations created in the member. One state per
# account: terraform init -backend-config="key=<account name>/terraform.tfstate" (../README.md).
provider "aws" {
  region = var.region

  assume_role {
    role_arn     = "arn:aws:iam::${var.account_id}:role/${var.member_role_name}"
    session_name = "governance-baseline"
  }

  allowed_account_ids = [var.account_id]
}

module "baseline" {
  source = "../../../baseline"

  name_prefix      = var.name_prefix
  tags             = var.tags
  governed_regions = [var.region]

  # People reach member accounts through IAM Identity Center (management account): no
  # IAM users or groups here, but the account password policy (CIS 1.8/1.9) and the
  # MFA-enforcement policy are set, so a user made by hand later meets them.
  enable_human_access = true
  human_access_groups = {}
  users               = {}

  # The organization trail is the management account's; each member keeps its own trail.
  is_organization_trail = false

  alternate_contacts        = var.alternate_contacts
  alert_subscriptions       = [{ protocol = "email", endpoint = var.alert_email }]
  force_destroy_log_buckets = var.force_destroy_log_buckets
  s3_data_events            = var.s3_data_events
  security_hub_standards    = var.security_hub_standards
  enable_access_analyzer    = var.enable_access_analyzer
}
