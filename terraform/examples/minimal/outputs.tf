output "governed_regions" {
  description = "Regions the audit reads."
  value       = module.baseline.governed_regions
}

output "trail_arn" {
  description = "ARN of the multi-region trail."
  value       = module.baseline.trail_arn
}

output "trail_bucket_name" {
  description = "Bucket receiving CloudTrail and Config logs."
  value       = module.baseline.trail_bucket_name
}

output "kms_key_arn" {
  description = "KMS key encrypting the audit logs."
  value       = module.baseline.kms_key_arn
}

output "security_alerts_topic_arn" {
  description = "SNS topic of the CIS 4.x alarms."
  value       = module.baseline.security_alerts_topic_arn
}

output "group_arns" {
  description = "IAM group ARNs by name."
  value       = module.baseline.group_arns
}
