output "group_arns" {
  description = "ARNs of the IAM groups per job."
  value       = module.human_access.group_arns
}

output "enforce_mfa_policy_arn" {
  description = "ARN of the MFA-enforcement policy attached to every group."
  value       = module.human_access.enforce_mfa_policy_arn
}

output "user_arns" {
  description = "ARNs of the dedicated users."
  value       = module.human_access.user_arns
}

output "account_alias" {
  description = "The account alias."
  value       = module.human_access.account_alias
}
