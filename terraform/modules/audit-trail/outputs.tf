output "trail_arn" {
  description = "ARN of the CloudTrail trail."
  value       = aws_cloudtrail.this.arn
}

output "trail_name" {
  description = "Name of the CloudTrail trail."
  value       = aws_cloudtrail.this.name
}

output "trail_home_region" {
  description = "Region in which the trail was created (its home region)."
  value       = aws_cloudtrail.this.home_region
}

output "log_group_name" {
  description = "Name of the CloudWatch Logs group that receives the trail's events (input for security-alerts)."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the CloudWatch Logs group (without the trailing :*)."
  value       = aws_cloudwatch_log_group.this.arn
}

output "cloudwatch_logs_role_arn" {
  description = "ARN of the IAM role CloudTrail assumes to deliver events to CloudWatch Logs."
  value       = aws_iam_role.cloudwatch_logs.arn
}

output "cloudwatch_logs_role_name" {
  description = "Name of the IAM role CloudTrail assumes to deliver events to CloudWatch Logs."
  value       = aws_iam_role.cloudwatch_logs.name
}
