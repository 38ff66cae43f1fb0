output "topic_arn" {
  description = "ARN of the security alerts SNS topic."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the security alerts SNS topic."
  value       = aws_sns_topic.this.name
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the topic (the dedicated key, or kms_master_key_arn when supplied)."
  value       = local.kms_key_arn
}

output "subscription_arns" {
  description = "Map of subscriptions list index (as a string) to subscription ARN (pending email confirmations show as \"pending confirmation\")."
  value       = { for k, s in aws_sns_topic_subscription.this : k => s.arn }
}

output "metric_filter_names" {
  description = "Map of CIS control id (e.g. \"4.1\") to metric filter name."
  value       = { for k, f in aws_cloudwatch_log_metric_filter.cis : k => f.name }
}

output "metric_names" {
  description = "Map of CIS control id to the CloudWatch metric name the filter emits (namespace: metric_namespace)."
  value       = { for k, f in aws_cloudwatch_log_metric_filter.cis : k => f.metric_transformation[0].name }
}

output "alarm_arns" {
  description = "Map of CIS control id to CloudWatch alarm ARN."
  value       = { for k, a in aws_cloudwatch_metric_alarm.cis : k => a.arn }
}

output "alarm_names" {
  description = "Map of CIS control id to CloudWatch alarm name."
  value       = { for k, a in aws_cloudwatch_metric_alarm.cis : k => a.alarm_name }
}

output "iam_policy_change_rule_arn" {
  description = "ARN of the EventBridge rule for IAM policy changes, or null when disabled."
  value       = var.enable_iam_policy_change_event_rule ? aws_cloudwatch_event_rule.iam_policy_changes[0].arn : null
}

output "iam_policy_change_rule_name" {
  description = "Name of the EventBridge rule for IAM policy changes, or null when disabled."
  value       = var.enable_iam_policy_change_event_rule ? aws_cloudwatch_event_rule.iam_policy_changes[0].name : null
}
