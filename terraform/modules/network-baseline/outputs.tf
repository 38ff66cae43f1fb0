output "region" {
  description = "Region this module governs (the caller's provider region)."
  value       = data.aws_region.current.name
}

output "vpc_ids" {
  description = "VPCs governed here: every VPC of the region at plan time, or var.vpc_ids."
  value       = sort(tolist(local.vpc_ids))
}

output "flow_log_ids" {
  description = "Flow log id per VPC id (empty when enable_flow_logs is false)."
  value       = { for vpc_id, flow_log in aws_flow_log.this : vpc_id => flow_log.id }
}

output "flow_log_traffic_type" {
  description = "Traffic type of every flow log (ALL or REJECT)."
  value       = var.flow_log_traffic_type
}

output "log_group_name" {
  description = "CloudWatch Logs group receiving the flow logs (null when enable_flow_logs is false)."
  value       = one(aws_cloudwatch_log_group.flow_logs[*].name)
}

output "log_group_arn" {
  description = "ARN of the flow-log group (null when enable_flow_logs is false)."
  value       = one(aws_cloudwatch_log_group.flow_logs[*].arn)
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the flow-log group (null when enable_flow_logs is false)."
  value       = one(module.flow_logs_kms_key[*].key_arn)
}

output "iam_role_arn" {
  description = "ARN of the IAM role VPC Flow Logs delivers with (null when enable_flow_logs is false)."
  value       = one(aws_iam_role.flow_logs[*].arn)
}

output "default_security_group_ids" {
  description = "Default security group id per VPC id, each without any rule."
  value       = { for vpc_id, group in aws_default_security_group.this : vpc_id => group.id }
}

output "instance_metadata_http_tokens" {
  description = "Account default HttpTokens for new instances in this region (null when not managed)."
  value       = one(aws_ec2_instance_metadata_defaults.this[*].http_tokens)
}

output "default_network_acl_ids" {
  description = "Default network ACL adopted per VPC (vpc id => ACL id): admin ports closed to the internet (CIS 5.1)."
  value       = { for vpc_id, acl in aws_default_network_acl.this : vpc_id => acl.id }
}
