# Internal module (called by access-roles, saml-federation and identity-center-access; implements
# no control of its own): the least-privilege rules of inline policy statements, checked once
# here, and one IAM policy document per owner with a sid on every statement.

data "aws_iam_policy_document" "this" {
  for_each = var.policies.enabled ? { for name, statements in var.policies.statements : name => statements if length(statements) > 0 } : {}

  dynamic "statement" {
    for_each = each.value

    content {
      sid       = statement.value.sid
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.conditions

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
