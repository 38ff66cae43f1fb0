output "account_id" {
  description = "Account id the guardrails were applied to."
  value       = local.account_id
}

output "s3_account_public_access_block_id" {
  description = "Id (account id) of the account-level S3 Block Public Access configuration."
  value       = aws_s3_account_public_access_block.this.id
}

output "alternate_contact_types" {
  description = "Alternate contact types that are set (SECURITY, OPERATIONS, BILLING)."
  value       = sort(keys(aws_account_alternate_contact.this))
}

output "support_role_arn" {
  description = "ARN of the AWS Support role (CIS 1.17)."
  value       = aws_iam_role.support.arn
}

output "support_role_name" {
  description = "Name of the AWS Support role."
  value       = aws_iam_role.support.name
}

output "support_policy_arn" {
  description = "ARN of the AWSSupportAccess managed policy attached to the support role."
  value       = aws_iam_role_policy_attachment.support.policy_arn
}

output "security_hub_enabled" {
  description = "Whether Security Hub is managed by this module."
  value       = var.enable_security_hub
}

output "security_hub_account_arn" {
  description = "ARN of the Security Hub hub resource (null when disabled)."
  value       = one(aws_securityhub_account.this[*].arn)
}

output "security_hub_standards_arns" {
  description = "Subscribed Security Hub standards ARNs keyed by <name>/v/<version>."
  value       = { for key, sub in aws_securityhub_standards_subscription.this : key => sub.standards_arn }
}

output "access_analyzer_arn" {
  description = "ARN of the home-region account analyzer (null when disabled)."
  value       = one(aws_accessanalyzer_analyzer.this[*].arn)
}
