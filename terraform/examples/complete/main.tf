locals {
  governed_regions = var.governed_regions != null ? var.governed_regions : [var.region, var.secondary_region]

  # The secondary region's recorder: the home region's role and bucket, and the names of
  # the recorder and channel adopted there, if any (else the baseline's own name, and the
  # channel named after the recorder).
  other_regions_recorder = module.baseline.config_recorder_for_other_regions
  secondary_config_recorder = local.other_regions_recorder == null ? null : merge(local.other_regions_recorder, {
    name                  = lookup(var.config_recorder_names, var.secondary_region, local.other_regions_recorder.name)
    delivery_channel_name = lookup(var.config_delivery_channel_names, var.secondary_region, null)
  })

  # file() relative to this example unless the path is absolute.
  saml_metadata_path = startswith(var.saml_metadata_file, "/") ? var.saml_metadata_file : "${path.module}/${var.saml_metadata_file}"
}

data "aws_caller_identity" "current" {}

# The Identity Center instance of this account and region, and a group in its identity
# store that receives the permission sets (in production the group usually comes from
# the IdP through SCIM: look it up with data "aws_identitystore_group" instead).
data "aws_ssoadmin_instances" "this" {}

resource "aws_identitystore_group" "platform_admins" {
  identity_store_id = tolist(data.aws_ssoadmin_instances.this.identity_store_ids)[0]
  display_name      = "${var.name_prefix}-platform-admins"
  description       = "Platform administrators (Identity Center)"
}

module "baseline" {
  source = "../../baseline"

  name_prefix      = var.name_prefix
  tags             = var.tags
  governed_regions = local.governed_regions

  # People
  account_alias          = var.account_alias
  users                  = var.users
  access_roles           = var.access_roles
  enable_saml_federation = true
  saml_metadata_document = file(local.saml_metadata_path)
  saml_roles             = var.saml_roles
  tag_saml_provider      = var.tag_saml_provider

  enable_identity_center          = true
  identity_center_permission_sets = var.identity_center_permission_sets
  identity_center_account_assignments = [
    for name in keys(var.identity_center_permission_sets) : {
      key            = "${name}/platform-admins"
      permission_set = name
      principal_type = "GROUP"
      principal_id   = aws_identitystore_group.platform_admins.group_id
      account_id     = data.aws_caller_identity.current.account_id
    }
  ]

  # Logging
  audit_trail_name             = var.audit_trail_name
  config_recorder_name         = lookup(var.config_recorder_names, var.region, null)
  config_delivery_channel_name = lookup(var.config_delivery_channel_names, var.region, null)
  log_retention_days           = var.log_retention_days
  force_destroy_log_buckets    = var.force_destroy_log_buckets
  s3_data_events               = { enabled = true, all_buckets = true }
  alert_subscriptions          = var.alert_subscriptions

  # Guardrails
  alternate_contacts     = var.alternate_contacts
  security_hub_standards = var.security_hub_standards
  enable_access_analyzer = var.enable_access_analyzer
  access_analyzer_name   = lookup(var.access_analyzer_names, var.region, null)

  guardduty_finding_publishing_frequency = var.guardduty_finding_publishing_frequency

  # Network (home region; the secondary region's is network_baseline_secondary)
  vpc_flow_log_traffic_type     = var.vpc_flow_log_traffic_type
  vpc_flow_log_retention_days   = var.vpc_flow_log_retention_days
  instance_metadata_http_tokens = var.instance_metadata_http_tokens
}

module "regional_guardrails_secondary" {
  source    = "../../modules/regional-guardrails"
  providers = { aws = aws.secondary }

  guardduty_finding_publishing_frequency = var.guardduty_finding_publishing_frequency
  enable_access_analyzer                 = var.enable_access_analyzer
  access_analyzer_name                   = lookup(var.access_analyzer_names, var.secondary_region, "${var.name_prefix}-account-analyzer")
  config_recorder                        = local.secondary_config_recorder
  security_hub                           = { standards = var.security_hub_standards }
  tags                                   = var.tags
}

module "network_baseline_secondary" {
  source    = "../../modules/network-baseline"
  providers = { aws = aws.secondary }

  name_prefix                   = var.name_prefix
  flow_log_traffic_type         = var.vpc_flow_log_traffic_type
  flow_log_retention_days       = var.vpc_flow_log_retention_days
  instance_metadata_http_tokens = var.instance_metadata_http_tokens
  tags                          = var.tags
}
