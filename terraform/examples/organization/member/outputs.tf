output "account_id" {
  description = "The member account governed by this state."
  value       = var.account_id
}

output "governed_regions" {
  description = "Regions the audit reads."
  value       = module.baseline.governed_regions
}

output "trail_bucket_name" {
  description = "Bucket receiving this account's CloudTrail and Config logs (in log-archive: pass it to the management stack as organization_trail_s3_bucket_name)."
  value       = module.baseline.trail_bucket_name
}

output "kms_key_arn" {
  description = "KMS key of the audit logs (in log-archive: organization_trail_kms_key_arn)."
  value       = module.baseline.kms_key_arn
}

output "security_alerts_topic_arn" {
  description = "SNS topic of the CIS 4.x alarms."
  value       = module.baseline.security_alerts_topic_arn
}

output "identity_center_permission_set_arns" {
  description = "Permission set ARNs in the Identity Center account (empty unless identity_center_permission_sets is set)."
  value       = module.identity_center_access.permission_set_arns
}

output "identity_center_account_assignment_ids" {
  description = "Assignments of permission sets to groups in this member account."
  value       = module.identity_center_access.account_assignment_ids
}
