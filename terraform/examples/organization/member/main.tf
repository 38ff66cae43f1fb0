# The account baseline of one member account (its provider, the member role: providers.tf).
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

  # Adoption of an existing account's singletons (adopt.auto.tfvars; defaults: the
  # baseline's own names and settings).
  audit_trail_name                       = var.audit_trail_name
  config_recorder_name                   = lookup(var.config_recorder_names, var.region, null)
  config_delivery_channel_name           = lookup(var.config_delivery_channel_names, var.region, null)
  access_analyzer_name                   = lookup(var.access_analyzer_names, var.region, null)
  guardduty_finding_publishing_frequency = var.guardduty_finding_publishing_frequency
}
