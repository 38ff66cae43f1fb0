output "documents" {
  description = "The policy document (JSON) of each owner with at least one statement, by owner name (empty when policies.enabled is false)."
  value       = { for name, document in data.aws_iam_policy_document.this : name => document.json }
}
