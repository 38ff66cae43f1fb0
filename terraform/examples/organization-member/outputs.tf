output "governed_regions" {
  description = "Regions the audit reads."
  value       = module.baseline.governed_regions
}

output "baseline" {
  description = "Every output of the member's baseline."
  value       = module.baseline
}

output "identity_center_permission_set_arns" {
  description = "Permission set ARNs in the Identity Center account."
  value       = module.identity_center_access.permission_set_arns
}

output "identity_center_account_assignment_ids" {
  description = "Assignments of permission sets to groups in this member account."
  value       = module.identity_center_access.account_assignment_ids
}
