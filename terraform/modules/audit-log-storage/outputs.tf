output "bucket_name" {
  description = "Name of the trail/Config log bucket. Known only after the bucket policy and default encryption exist, so a trail or delivery channel that uses it is created after them."
  value       = aws_s3_bucket.trail.id

  depends_on = [
    aws_s3_bucket_policy.trail,
    aws_s3_bucket_server_side_encryption_configuration.trail,
    aws_s3_bucket_public_access_block.trail,
  ]
}

output "bucket_arn" {
  description = "ARN of the trail/Config log bucket."
  value       = aws_s3_bucket.trail.arn
}

output "access_log_bucket_name" {
  description = "Name of the S3 server access log bucket that receives the trail bucket's access logs."
  value       = aws_s3_bucket.access_logs.id
}

output "access_log_bucket_arn" {
  description = "ARN of the S3 server access log bucket."
  value       = aws_s3_bucket.access_logs.arn
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts trail logs, the CloudTrail log group and Config delivery."
  value       = module.kms_key.key_arn
}

output "kms_key_id" {
  description = "Id of the KMS key."
  value       = module.kms_key.key_id
}

output "kms_alias_name" {
  description = "Alias name of the KMS key (alias/<name_prefix>-audit-logs)."
  value       = module.kms_key.alias_name
}

output "kms_alias_arn" {
  description = "ARN of the KMS key alias."
  value       = module.kms_key.alias_arn
}
