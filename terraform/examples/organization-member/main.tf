provider "aws" {
  region = var.region
}

# IAM Identity Center lives in the organization's management account (or a delegated
# administrator): permission sets and assignments of this member account are made there.
provider "aws" {
  alias  = "identity_center"
  region = var.identity_center_region != null ? var.identity_center_region : var.region

  dynamic "assume_role" {
    for_each = var.identity_center_role_arn != null ? [var.identity_center_role_arn] : []

    content {
      role_arn     = assume_role.value
      session_name = "governance-baseline"
    }
  }
}

data "aws_caller_identity" "member" {}

locals {
  saml_metadata_path = startswith(var.saml_metadata_file, "/") ? var.saml_metadata_file : "${path.module}/${var.saml_metadata_file}"
}

# The member's own baseline. The organization trail belongs to the management account;
# the member keeps its own multi-region trail (is_organization_trail = false).
module "baseline" {
  source = "../../baseline"

  name_prefix      = var.name_prefix
  tags             = var.tags
  governed_regions = [var.region]

  users                  = {}
  enable_saml_federation = true
  saml_metadata_document = file(local.saml_metadata_path)
  saml_roles             = var.saml_roles
  tag_saml_provider      = var.tag_saml_provider

  is_organization_trail     = false
  force_destroy_log_buckets = var.force_destroy_log_buckets
  alert_subscriptions       = var.alert_subscriptions

  alternate_contacts     = var.alternate_contacts
  enable_security_hub    = var.enable_security_hub
  enable_access_analyzer = var.enable_access_analyzer
}

# Permission sets in the Identity Center account, assigned to IdP groups in this member.
module "identity_center_access" {
  source    = "../../modules/identity-center-access"
  providers = { aws = aws.identity_center }

  enabled         = true
  permission_sets = var.identity_center_permission_sets
  account_assignments = flatten([
    for permission_set, group_ids in var.identity_center_group_ids : [
      for group_id in group_ids : {
        permission_set = permission_set
        principal_type = "GROUP"
        principal_id   = group_id
        account_id     = data.aws_caller_identity.member.account_id
      }
    ]
  ])
  tags = var.tags
}
