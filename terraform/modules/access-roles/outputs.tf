output "role_arns" {
  description = "Role ARNs keyed by role name."
  value       = { for name, role in aws_iam_role.this : name => role.arn }
}

output "role_names" {
  description = "Role names keyed by role name (useful as a dependency handle)."
  value       = { for name, role in aws_iam_role.this : name => role.name }
}

output "role_kinds" {
  description = "Role kind (admin, developer, read-only, break-glass, partner) keyed by role name."
  value       = { for name, role in var.roles : name => role.kind }
}

output "role_max_session_durations" {
  description = "Configured max_session_duration in seconds keyed by role name."
  value       = { for name, role in aws_iam_role.this : name => role.max_session_duration }
}

output "max_session_duration_by_kind" {
  description = "Session-duration limit in seconds for each role kind, as enforced by the roles variable validation."
  value       = local.max_session_duration_by_kind
}

output "trust_policy_json" {
  description = "Rendered trust (assume-role) policy JSON keyed by role name."
  value       = { for name, doc in data.aws_iam_policy_document.trust : name => doc.json }
}

output "group_assume_policy_names" {
  description = "Inline group policy names granting sts:AssumeRole, as role name => { group name => policy name }."
  value = {
    for name, role in var.roles : name => {
      for key, policy in aws_iam_group_policy.assume : policy.group => policy.name if local.group_assume_grants[key].role == name
    }
  }
}
