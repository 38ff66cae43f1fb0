# Single account, home region only: people (groups, users, password policy), the trail and
# its storage, AWS Config, the CIS alarms and the account guardrails. No federation.
module "baseline" {
  source = "../../baseline"

  name_prefix      = var.name_prefix
  tags             = var.tags
  governed_regions = [var.region]

  users                     = var.users
  alternate_contacts        = var.alternate_contacts
  alert_subscriptions       = [{ protocol = "email", endpoint = var.alert_email }]
  force_destroy_log_buckets = var.force_destroy_log_buckets
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
