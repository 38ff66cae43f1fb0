output "account_id" {
  description = "Account the baseline was applied to."
  value       = local.account_id
}

output "home_region" {
  description = "Home region: the provider's region, where the trail, Config, alerts, Security Hub and the home regional guardrails live."
  value       = local.home_region
}

output "governed_regions" {
  description = "Regions the account is governed in (var.governed_regions, home region included): the audit reads exactly these regions."
  value       = var.governed_regions

  precondition {
    condition     = contains(var.governed_regions, local.home_region)
    error_message = "governed_regions must contain the home region ${local.home_region} (the provider's region), where the baseline applies its regional guardrails; got ${join(", ", var.governed_regions)}."
  }
}

output "trail_arn" {
  description = "ARN of the multi-region CloudTrail trail (null when disabled)."
  value       = one(module.audit_trail[*].trail_arn)

  precondition {
    condition     = !var.enable_audit_trail || var.enable_audit_log_storage
    error_message = "enable_audit_trail needs enable_audit_log_storage: the trail writes to the audit bucket with the audit KMS key."
  }
}

output "trail_name" {
  description = "Name of the trail (null when disabled)."
  value       = one(module.audit_trail[*].trail_name)
}

output "trail_bucket_name" {
  description = "S3 bucket receiving CloudTrail and Config logs (null when disabled)."
  value       = one(module.audit_log_storage[*].bucket_name)
}

output "access_log_bucket_name" {
  description = "S3 bucket receiving the trail bucket's server access logs (null when disabled)."
  value       = one(module.audit_log_storage[*].access_log_bucket_name)
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the trail's log files, its log group and Config delivery (null when disabled)."
  value       = one(module.audit_log_storage[*].kms_key_arn)
}

output "cloudtrail_log_group_name" {
  description = "CloudWatch Logs group receiving the trail's events, which the CIS 4.x metric filters read (null when disabled)."
  value       = one(module.audit_trail[*].log_group_name)
}

output "security_alerts_topic_arn" {
  description = "ARN of the KMS-encrypted SNS topic of the CIS 4.x alarms (null when disabled)."
  value       = one(module.security_alerts[*].topic_arn)

  precondition {
    condition     = !var.enable_security_alerts || (var.enable_audit_trail && var.enable_audit_log_storage)
    error_message = "enable_security_alerts needs enable_audit_trail (and enable_audit_log_storage): the CIS 4.x metric filters read the trail's log group."
  }
}

output "security_alerts_kms_key_arn" {
  description = "ARN of the KMS key encrypting the alert topic (null when disabled)."
  value       = one(module.security_alerts[*].kms_key_arn)
}

output "cis_alarm_names" {
  description = "CIS control id (4.1-4.15) => CloudWatch alarm name."
  value       = try(module.security_alerts[0].alarm_names, {})
}

output "config_recorder_name" {
  description = "Name of the AWS Config recorder in the home region (null when disabled)."
  value       = one(module.config_recording[*].recorder_name)

  precondition {
    condition     = !var.enable_config_recording || var.enable_audit_log_storage
    error_message = "enable_config_recording needs enable_audit_log_storage: Config delivers to the audit bucket."
  }
}

output "config_rule_names" {
  description = "Rule key => AWS Config rule name."
  value       = try(module.config_recording[0].rule_names, {})
}

output "group_arns" {
  description = "IAM group ARNs by group name."
  value       = try(module.human_access[0].group_arns, {})
}

output "enforce_mfa_policy_arn" {
  description = "ARN of the MFA-enforcement policy attached to every group (null when disabled)."
  value       = one(module.human_access[*].enforce_mfa_policy_arn)
}

output "user_arns" {
  description = "IAM user ARNs by user name."
  value       = try(module.human_access[0].user_arns, {})
}

output "access_role_arns" {
  description = "Access role ARNs by role name."
  value       = try(module.access_roles[0].role_arns, {})
}

output "access_role_kinds" {
  description = "Access role kind by role name."
  value       = try(module.access_roles[0].role_kinds, {})
}

output "access_role_groups" {
  description = "Role name => { group name => group policy name } for the groups allowed to assume each access role."
  value       = try(module.access_roles[0].group_assume_policy_names, {})
}

output "saml_provider_arn" {
  description = "ARN of the IAM SAML identity provider (null when federation is off)."
  value       = one(module.saml_federation[*].saml_provider_arn)

  precondition {
    condition     = !var.enable_saml_federation || var.saml_metadata_document != null
    error_message = "enable_saml_federation needs saml_metadata_document (the IdP's SAML 2.0 metadata XML)."
  }
}

output "saml_role_arns" {
  description = "Federated role ARNs by role name."
  value       = try(module.saml_federation[0].role_arns, {})
}

output "identity_center_instance_arn" {
  description = "ARN of the Identity Center instance used (null when off)."
  value       = one(module.identity_center_access[*].instance_arn)
}

output "identity_center_permission_set_arns" {
  description = "Identity Center permission set ARNs by name."
  value       = try(module.identity_center_access[0].permission_set_arns, {})
}

output "identity_center_account_assignment_ids" {
  description = "Identity Center account assignment ids by assignment key."
  value       = try(module.identity_center_access[0].account_assignment_ids, {})
}

output "support_role_arn" {
  description = "ARN of the AWS Support role (CIS 1.17; null when disabled)."
  value       = one(module.account_guardrails[*].support_role_arn)
}

output "security_hub_enabled" {
  description = "Whether Security Hub is managed in the home region."
  value       = var.enable_account_guardrails && var.enable_security_hub
}

output "security_hub_standards_arns" {
  description = "Subscribed Security Hub standards ARNs keyed by <name>/v/<version>."
  value       = try(module.account_guardrails[0].security_hub_standards_arns, {})
}

output "guardduty_detector_id" {
  description = "GuardDuty detector id in the home region (null when disabled)."
  value       = one(module.regional_guardrails[*].guardduty_detector_id)
}

output "access_analyzer_arn" {
  description = "ARN of the home region's account analyzer (null when disabled)."
  value       = one(module.regional_guardrails[*].access_analyzer_arn)
}

output "config_recorder_for_other_regions" {
  description = "What modules/regional-guardrails needs (variable config_recorder) to record AWS Config in another governed region with the home region's role and bucket; null without Config. name is the baseline's own recorder name (<name_prefix>-recorder) even when the home region adopted another (config_recorder_name): recorder names are per region, so a region that adopts its own recorder merges its name (and delivery_channel_name) in, as examples/complete does."
  value = length(module.config_recording) == 0 ? null : {
    name           = local.other_regions_recorder_name
    role_arn       = module.config_recording[0].role_arn
    s3_bucket_name = local.storage.bucket_name
    s3_kms_key_arn = local.storage.kms_key_arn
  }
}

output "vpc_flow_log_ids" {
  description = "Home region: flow log id per VPC id (empty without network-baseline)."
  value       = try(module.network_baseline[0].flow_log_ids, {})
}

output "vpc_flow_log_group_name" {
  description = "Home region: CloudWatch Logs group of the VPC flow logs (null without network-baseline)."
  value       = one(module.network_baseline[*].log_group_name)
}

output "default_security_group_ids" {
  description = "Home region: default security group id per VPC id, each without any rule (empty without network-baseline)."
  value       = try(module.network_baseline[0].default_security_group_ids, {})
}
