output "saml_provider_arn" {
  description = "ARN of the IAM SAML identity provider (configure it in the IdP as the provider part of the role attribute)."
  value       = aws_iam_saml_provider.this.arn
}

output "saml_provider_name" {
  description = "Name of the IAM SAML identity provider."
  value       = aws_iam_saml_provider.this.name
}

output "saml_provider_valid_until" {
  description = "Expiration of the SAML metadata as reported by IAM (may be empty on moto)."
  value       = aws_iam_saml_provider.this.valid_until
}

output "role_arns" {
  description = "Federated role ARNs keyed by role name."
  value       = { for name, role in aws_iam_role.this : name => role.arn }
}

output "role_names" {
  description = "Federated role names keyed by role name."
  value       = { for name, role in aws_iam_role.this : name => role.name }
}

output "role_max_session_durations" {
  description = "Configured max_session_duration in seconds keyed by role name."
  value       = { for name, role in aws_iam_role.this : name => role.max_session_duration }
}

output "max_session_duration_by_kind" {
  description = "Session-duration limit in seconds for each federated role kind, as enforced by the roles variable validation."
  value       = local.max_session_duration_by_kind
}

output "trust_policy_json" {
  description = "Rendered trust policy JSON shared by every federated role."
  value       = data.aws_iam_policy_document.trust.json
}

output "idp_role_attribute_values" {
  description = "Value for the IdP's https://aws.amazon.com/SAML/Attributes/Role attribute per role: \"<role arn>,<provider arn>\"."
  value       = { for name, role in aws_iam_role.this : name => "${role.arn},${aws_iam_saml_provider.this.arn}" }
}
