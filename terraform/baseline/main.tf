data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  account_id  = data.aws_caller_identity.current.account_id
  home_region = data.aws_region.current.name

  # One trail name for both the storage policies (aws:SourceArn pinned to it) and the trail;
  # an adopted trail keeps its own name (audit_trail_name).
  trail_name = coalesce(var.audit_trail_name, "${var.name_prefix}-trail")

  # The recorder name other governed regions get unless they adopt one of their own: the
  # baseline's, whatever name the home region adopted (names are per region and ForceNew).
  other_regions_recorder_name = "${var.name_prefix}-recorder"

  # Groups created by iam-human-access, as known values that still carry the dependency on
  # the groups: an access role's group policy is then created after its group, while its
  # for_each keys and policy stay known at plan (no module depends_on, which would defer
  # every data source of access-roles to apply time).
  human_group_names = var.enable_human_access ? module.human_access[0].group_names : []
  access_roles = {
    for name, role in var.access_roles : name => merge(role, {
      allowed_group_names = [
        for g in role.allowed_group_names :
        contains(local.human_group_names, g) ? local.human_group_names[index(local.human_group_names, g)] : g
      ]
    })
  }

  # Only the outputs the other modules need. A reference to the whole module object would
  # make them wait for every resource of audit-log-storage, the S3 lifecycle's ~55 s
  # consistency wait included.
  storage = var.enable_audit_log_storage ? {
    bucket_name = module.audit_log_storage[0].bucket_name
    kms_key_arn = module.audit_log_storage[0].kms_key_arn
  } : null
}

################################################################################
# People: IAM groups and users, roles, federation, Identity Center
################################################################################

module "human_access" {
  source = "../modules/iam-human-access"
  count  = var.enable_human_access ? 1 : 0

  name_prefix     = var.name_prefix
  groups          = var.human_access_groups
  password_policy = var.password_policy
  account_alias   = var.account_alias
  users           = var.users
  tags            = var.tags
}

module "access_roles" {
  source = "../modules/access-roles"
  count  = var.enable_access_roles ? 1 : 0

  roles                    = local.access_roles
  mfa_max_age_seconds      = var.mfa_max_age_seconds
  group_policy_name_prefix = "${var.name_prefix}-assume-"
  tags                     = var.tags
}

module "saml_federation" {
  source = "../modules/saml-federation"
  count  = var.enable_saml_federation ? 1 : 0

  saml_provider_name     = var.saml_provider_name
  saml_metadata_document = coalesce(var.saml_metadata_document, "(saml_metadata_document is required when enable_saml_federation is true)")
  roles                  = var.saml_roles
  tag_saml_provider      = var.tag_saml_provider
  tags                   = var.tags
}

module "identity_center_access" {
  source = "../modules/identity-center-access"
  count  = var.enable_identity_center ? 1 : 0

  enabled             = true
  permission_sets     = var.identity_center_permission_sets
  account_assignments = var.identity_center_account_assignments
  tags                = var.tags
}

################################################################################
# Logging: storage, trail, Config, alerts
################################################################################

module "audit_log_storage" {
  source = "../modules/audit-log-storage"
  count  = var.enable_audit_log_storage ? 1 : 0

  name_prefix                     = var.name_prefix
  trail_name                      = local.trail_name
  organization_id                 = var.organization_id
  auditor_principal_arns          = var.auditor_principal_arns
  log_retention_days              = var.log_retention_days
  object_lock_enabled             = var.object_lock_enabled
  object_lock_retention_days      = var.log_retention_days
  kms_key_deletion_window_in_days = var.kms_key_deletion_window_in_days
  force_destroy                   = var.force_destroy_log_buckets
  tags                            = var.tags
}

module "audit_trail" {
  source = "../modules/audit-trail"
  count  = var.enable_audit_trail && var.enable_audit_log_storage ? 1 : 0

  name_prefix              = var.name_prefix
  trail_name               = local.trail_name
  s3_bucket_name           = local.storage.bucket_name
  kms_key_arn              = local.storage.kms_key_arn
  log_group_retention_days = var.cloudtrail_log_group_retention_days
  is_organization_trail    = var.is_organization_trail
  s3_data_events           = var.s3_data_events
  tags                     = var.tags
}

module "config_recording" {
  source = "../modules/config-recording"
  count  = var.enable_config_recording && var.enable_audit_log_storage ? 1 : 0

  name_prefix                          = var.name_prefix
  recorder_name                        = var.config_recorder_name
  delivery_channel_name                = var.config_delivery_channel_name
  s3_bucket_name                       = local.storage.bucket_name
  s3_kms_key_arn                       = local.storage.kms_key_arn
  additional_managed_rules             = var.config_additional_managed_rules
  enable_cloudtrail_s3_dataevents_rule = var.s3_data_events.enabled
  tags                                 = var.tags
}

module "security_alerts" {
  source = "../modules/security-alerts"
  count  = var.enable_security_alerts && var.enable_audit_trail && var.enable_audit_log_storage ? 1 : 0

  name_prefix                     = var.name_prefix
  cloudtrail_log_group_name       = module.audit_trail[0].log_group_name
  kms_key_deletion_window_in_days = var.kms_key_deletion_window_in_days
  subscriptions                   = var.alert_subscriptions
  # IAM events reach EventBridge in us-east-1 only: the rule would never fire elsewhere.
  enable_iam_policy_change_event_rule = local.home_region == "us-east-1"
  tags                                = var.tags
}

################################################################################
# Guardrails: account-wide, and the home region's regional ones
################################################################################

module "account_guardrails" {
  source = "../modules/account-guardrails"
  count  = var.enable_account_guardrails ? 1 : 0

  alternate_contacts     = coalesce(var.alternate_contacts, {})
  support_role_name      = var.support_role_name
  mfa_max_age_seconds    = var.mfa_max_age_seconds
  enable_security_hub    = var.enable_security_hub
  security_hub_standards = var.security_hub_standards
  # The home region's account analyzer is regional-guardrails' (one per region).
  enable_access_analyzer = false
  tags                   = var.tags
}

module "regional_guardrails" {
  source = "../modules/regional-guardrails"
  count  = var.enable_regional_guardrails ? 1 : 0

  guardduty_finding_publishing_frequency = var.guardduty_finding_publishing_frequency
  enable_access_analyzer                 = var.enable_access_analyzer
  access_analyzer_name                   = coalesce(var.access_analyzer_name, "${var.name_prefix}-account-analyzer")
  tags                                   = var.tags
}

################################################################################
# Network: VPC flow logs, default security groups, IMDSv2 default (home region)
################################################################################

module "network_baseline" {
  source = "../modules/network-baseline"
  count  = var.enable_network_baseline ? 1 : 0

  name_prefix                     = var.name_prefix
  flow_log_traffic_type           = var.vpc_flow_log_traffic_type
  flow_log_retention_days         = var.vpc_flow_log_retention_days
  kms_key_deletion_window_in_days = var.kms_key_deletion_window_in_days
  instance_metadata_http_tokens   = var.instance_metadata_http_tokens
  tags                            = var.tags
}
