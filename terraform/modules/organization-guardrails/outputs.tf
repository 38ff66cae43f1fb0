output "policy_ids" {
  description = "Guardrail id => SCP id of every guardrail that is on."
  value       = { for id, policy in aws_organizations_policy.guardrail : id => policy.id }
}

output "policy_names" {
  description = "Guardrail id => SCP name (<name_prefix>-<guardrail id>)."
  value       = { for id, policy in aws_organizations_policy.guardrail : id => policy.name }
}

output "policy_documents" {
  description = "Guardrail id => the minified SCP JSON (every guardrail, on or off), as attached."
  value       = { for id, document in data.aws_iam_policy_document.guardrail : id => document.minified_json }
}

output "target_ids" {
  description = "Roots, OUs or accounts the SCPs are attached to."
  value       = local.target_ids
}

output "enabled_guardrails" {
  description = "Ids of the guardrails that are on."
  value       = sort(local.active)
}

output "organization_trail_arn" {
  description = "ARN of the organization trail, or null."
  value       = var.enable_organization_trail ? module.organization_trail[0].trail_arn : null
}

output "config_aggregator_arn" {
  description = "ARN of the organization Config aggregator in the audit account, or null."
  value       = try(aws_config_configuration_aggregator.organization[0].arn, null)
}

output "delegated_administrators" {
  description = "Service => the delegated administrator account id of each delegation made."
  value = merge(
    length(aws_guardduty_organization_admin_account.this) > 0 ? { guardduty = var.delegated_administrators.account_id } : {},
    length(aws_securityhub_organization_admin_account.this) > 0 ? { securityhub = var.delegated_administrators.account_id } : {},
    length(aws_organizations_delegated_administrator.access_analyzer) > 0 ? { access-analyzer = var.delegated_administrators.account_id } : {},
    length(aws_cloudtrail_organization_delegated_admin_account.this) > 0 ? { cloudtrail = var.delegated_administrators.account_id } : {},
    length(aws_organizations_delegated_administrator.iam) > 0 ? { iam = var.delegated_administrators.account_id } : {},
    length(aws_organizations_delegated_administrator.identity_center) > 0 ? { sso = var.delegated_administrators.account_id } : {},
    { for p, d in aws_organizations_delegated_administrator.config : p => d.account_id },
  )
}

output "organization_access_analyzer_arn" {
  description = "ARN of the organization analyzer (type ORGANIZATION) in the audit account, or null."
  value       = try(aws_accessanalyzer_analyzer.organization[0].arn, null)
}

output "root_access_features" {
  description = "The centralized root access features enabled for member accounts (CIS v7.0.0 2.1.1)."
  value       = try(aws_iam_organizations_features.this[0].enabled_features, [])
}

output "delegation_policy_id" {
  description = "Id of the Organizations resource-based delegation policy (CIS v7.0.0 2.1.5), or null."
  value       = try(aws_organizations_resource_policy.delegation[0].id, null)
}
