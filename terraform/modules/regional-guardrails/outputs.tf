output "region" {
  description = "Region these guardrails apply to (the caller's provider region)."
  value       = data.aws_region.current.name
}

output "ebs_encryption_by_default" {
  description = "Whether EBS encryption by default is enabled in this region."
  value       = aws_ebs_encryption_by_default.this.enabled
}

output "guardduty_detector_id" {
  description = "Id of the GuardDuty detector in this region."
  value       = aws_guardduty_detector.this.id
}

output "guardduty_detector_arn" {
  description = "ARN of the GuardDuty detector in this region."
  value       = aws_guardduty_detector.this.arn
}

output "guardduty_finding_publishing_frequency" {
  description = "Finding publishing frequency of the GuardDuty detector."
  value       = aws_guardduty_detector.this.finding_publishing_frequency
}

output "access_analyzer_arn" {
  description = "ARN of this region's account analyzer (null when disabled)."
  value       = one(aws_accessanalyzer_analyzer.this[*].arn)
}

output "config_recorder_name" {
  description = "Name of this region's AWS Config recorder, or null when none."
  value       = one(aws_config_configuration_recorder.this[*].name)
}

output "security_hub_standards_arns" {
  description = "Security Hub standards subscribed in this region (empty when Security Hub is not enabled here)."
  value       = [for subscription in aws_securityhub_standards_subscription.this : subscription.standards_arn]
}
