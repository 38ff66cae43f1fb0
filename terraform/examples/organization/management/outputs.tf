output "organization_id" {
  description = "The organization's id."
  value       = aws_organizations_organization.this.id
}

output "management_account_id" {
  description = "The management account (where this stack runs)."
  value       = aws_organizations_organization.this.master_account_id
}

output "root_id" {
  description = "The organization root."
  value       = aws_organizations_organization.this.roots[0].id
}

output "ou_ids" {
  description = "OU name => OU id."
  value       = { for name, ou in aws_organizations_organizational_unit.this : name => ou.id }
}

output "account_ids" {
  description = "Account name => account id (log-archive, audit, the workloads)."
  value       = { for name, account in aws_organizations_account.this : name => account.id }
}

output "member_role_arns" {
  description = "Account name => the role the member stack assumes in it."
  value       = { for name, account in aws_organizations_account.this : name => "arn:aws:iam::${account.id}:role/${var.member_role_name}" }
}

output "guardrail_policy_ids" {
  description = "Guardrail id => SCP id."
  value       = module.guardrails.policy_ids
}

output "guardrail_target_ids" {
  description = "Where the guardrails are attached."
  value       = module.guardrails.target_ids
}

output "delegated_administrators" {
  description = "Service => delegated administrator account id."
  value       = module.guardrails.delegated_administrators
}

output "config_aggregator_arn" {
  description = "The organization Config aggregator in the audit account, or null."
  value       = module.guardrails.config_aggregator_arn
}

output "root_access_features" {
  description = "Centralized root access features enabled for member accounts."
  value       = module.guardrails.root_access_features
}

output "delegation_policy_id" {
  description = "The Organizations delegation policy (the audit account manages policies), or null."
  value       = module.guardrails.delegation_policy_id
}

output "organization_access_analyzer_arn" {
  description = "The organization analyzer in the audit account, or null."
  value       = module.guardrails.organization_access_analyzer_arn
}
