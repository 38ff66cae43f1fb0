output "recorder_name" {
  description = "Name of the AWS Config configuration recorder."
  value       = aws_config_configuration_recorder.this.name
}

output "recorder_enabled" {
  description = "Whether the recorder is switched on (always true after apply)."
  value       = aws_config_configuration_recorder_status.this.is_enabled
}

output "delivery_channel_name" {
  description = "Name of the AWS Config delivery channel."
  value       = aws_config_delivery_channel.this.name
}

output "role_arn" {
  description = "ARN of the IAM service role the recorder uses."
  value       = aws_iam_role.config.arn
}

output "role_name" {
  description = "Name of the IAM service role the recorder uses."
  value       = aws_iam_role.config.name
}

output "rule_names" {
  description = "Map of rule key (as in managed-rules.json / managed_rules) to the created Config rule name."
  value       = { for k, r in aws_config_config_rule.this : k => r.name }
}

output "rule_arns" {
  description = "Map of rule key to Config rule ARN."
  value       = { for k, r in aws_config_config_rule.this : k => r.arn }
}

output "rule_source_identifiers" {
  description = "Map of rule key to the AWS managed rule identifier it uses."
  value       = { for k, r in local.rules : k => r.source_identifier }
}
