# The account baseline of one member account (its provider, the member role: providers.tf).
locals {
  saml_metadata_path = startswith(var.saml_metadata_file, "/") ? var.saml_metadata_file : "${path.module}/${var.saml_metadata_file}"
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

  # Opt-in: an IdP federated straight into this account (SAML), besides Identity Center.
  enable_saml_federation = var.enable_saml_federation
  saml_metadata_document = var.enable_saml_federation ? file(local.saml_metadata_path) : null
  saml_roles             = var.saml_roles
  tag_saml_provider      = var.tag_saml_provider

  # The organization trail is the management account's; each member keeps its own trail.
  is_organization_trail = false

  alternate_contacts        = var.alternate_contacts
  alert_subscriptions       = [{ protocol = "email", endpoint = var.alert_email }]
  force_destroy_log_buckets = var.force_destroy_log_buckets
  s3_data_events            = var.s3_data_events
  enable_security_hub       = var.enable_security_hub
  security_hub_standards    = var.security_hub_standards
  enable_access_analyzer    = var.enable_access_analyzer

  # Adoption of an existing account's singletons (adopt.auto.tfvars; defaults: the
  # baseline's own names and settings).
  audit_trail_name                       = var.audit_trail_name
  config_recorder_name                   = lookup(var.config_recorder_names, var.region, null)
  config_delivery_channel_name           = lookup(var.config_delivery_channel_names, var.region, null)
  access_analyzer_name                   = lookup(var.access_analyzer_names, var.region, null)
  guardduty_finding_publishing_frequency = var.guardduty_finding_publishing_frequency
}

# Opt-in (identity_center_permission_sets not empty): permission sets in the Identity Center
# account (aws.identity_center: the management account or a delegated administrator, see
# providers.tf), assigned to identity-store groups in this member account. Permission sets
# are organization-wide: make each in one stack only.
module "identity_center_access" {
  source    = "../../../modules/identity-center-access"
  providers = { aws = aws.identity_center }

  enabled         = length(var.identity_center_permission_sets) > 0
  permission_sets = var.identity_center_permission_sets
  account_assignments = flatten([
    for permission_set, group_ids in var.identity_center_group_ids : [
      for group_id in group_ids : {
        permission_set = permission_set
        principal_type = "GROUP"
        principal_id   = group_id
        account_id     = var.account_id
      }
    ]
  ])
  tags = var.tags
}
