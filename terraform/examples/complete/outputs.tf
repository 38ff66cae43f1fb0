output "governed_regions" {
  description = "Regions the audit reads (each has regional guardrails in this example)."
  value       = module.baseline.governed_regions

  precondition {
    condition     = length(setsubtract(local.governed_regions, [var.region, var.secondary_region])) == 0
    error_message = "This example applies regional guardrails to ${var.region} and ${var.secondary_region} only; every other governed region needs its own aliased provider and regional-guardrails module call (see README)."
  }
}

output "baseline" {
  description = "Every output of the baseline (trail, buckets, keys, topic, groups, roles, SAML provider, Config recorder...)."
  value       = module.baseline
}

output "secondary_region_guardrails" {
  description = "Regional guardrails of the secondary region."
  value = {
    region                = module.regional_guardrails_secondary.region
    guardduty_detector_id = module.regional_guardrails_secondary.guardduty_detector_id
    access_analyzer_arn   = module.regional_guardrails_secondary.access_analyzer_arn
  }
}

output "identity_center_group_id" {
  description = "Identity store id of the platform-admins group that holds the permission sets."
  value       = aws_identitystore_group.platform_admins.group_id
}

output "secondary_region_network" {
  description = "Network baseline of the secondary region: flow log per VPC, default security groups, IMDS default."
  value = {
    region                        = module.network_baseline_secondary.region
    flow_log_ids                  = module.network_baseline_secondary.flow_log_ids
    default_security_group_ids    = module.network_baseline_secondary.default_security_group_ids
    instance_metadata_http_tokens = module.network_baseline_secondary.instance_metadata_http_tokens
  }
}
