output "group_names" {
  description = "Names of the IAM groups per job."
  value       = sort([for group in aws_iam_group.this : group.name])
}

output "group_arns" {
  description = "ARNs of the IAM groups, by group name."
  value       = { for name, group in aws_iam_group.this : name => group.arn }
}

output "enforce_mfa_policy_arn" {
  description = "ARN of the MFA-enforcement policy attached to every group."
  value       = aws_iam_policy.enforce_mfa.arn
}

output "group_policy_arns" {
  description = "ARNs of the job policies built from each group's statements, by group name."
  value       = { for name, policy in aws_iam_policy.group : name => policy.arn }
}

output "user_arns" {
  description = "ARNs of the dedicated users, by user name."
  value       = { for name, user in aws_iam_user.this : name => user.arn }
}

output "password_policy" {
  description = "The account password policy as applied."
  value = {
    minimum_password_length   = aws_iam_account_password_policy.this.minimum_password_length
    password_reuse_prevention = aws_iam_account_password_policy.this.password_reuse_prevention
    max_password_age          = aws_iam_account_password_policy.this.max_password_age
    require_symbols           = aws_iam_account_password_policy.this.require_symbols
  }
}

output "account_alias" {
  description = "The account alias, or null when unmanaged."
  value       = one(aws_iam_account_alias.this[*].account_alias)
}
