output "enabled" {
  description = "Whether the module manages anything (var.enabled)."
  value       = var.enabled
}

output "instance_arn" {
  description = "ARN of the IAM Identity Center instance used (null when disabled)."
  value       = local.instance_arn
}

output "identity_store_id" {
  description = "Identity store id of the Identity Center instance (null when disabled); use it to create or look up groups and users."
  value       = local.identity_store_id
}

output "permission_set_arns" {
  description = "Permission set ARNs keyed by permission set name."
  value       = { for name, ps in aws_ssoadmin_permission_set.this : name => ps.arn }
}

output "permission_set_session_durations" {
  description = "Session duration (ISO-8601) keyed by permission set name."
  value       = { for name, ps in aws_ssoadmin_permission_set.this : name => ps.session_duration }
}

output "account_assignment_ids" {
  description = "Account assignment resource ids keyed by assignment key."
  value       = { for key, a in aws_ssoadmin_account_assignment.this : key => a.id }
}
