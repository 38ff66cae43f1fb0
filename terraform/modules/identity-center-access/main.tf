data "aws_ssoadmin_instances" "this" {
  count = var.enabled ? 1 : 0

  lifecycle {
    postcondition {
      condition     = length(self.arns) > 0
      error_message = "No IAM Identity Center instance found in this account and region: enable Identity Center (organization management or delegated administrator account) or set enabled = false."
    }
  }
}

locals {
  instance_arn      = var.enabled ? tolist(data.aws_ssoadmin_instances.this[0].arns)[0] : null
  identity_store_id = var.enabled ? tolist(data.aws_ssoadmin_instances.this[0].identity_store_ids)[0] : null

  permission_sets = var.enabled ? var.permission_sets : {}

  managed_policy_attachments = merge([
    for name, ps in local.permission_sets : {
      for arn in ps.managed_policy_arns : "${name}|${arn}" => {
        permission_set = name
        policy_arn     = arn
      }
    }
  ]...)

  account_assignments = var.enabled ? {
    for a in var.account_assignments :
    (a.key != null ? a.key : "${a.permission_set}/${a.principal_type}/${a.principal_id}/${a.account_id}") => a
  } : {}
}

resource "aws_ssoadmin_permission_set" "this" {
  for_each = local.permission_sets

  name             = each.key
  description      = each.value.description
  instance_arn     = local.instance_arn
  session_duration = each.value.session_duration
  relay_state      = each.value.relay_state

  tags = var.tags
}

resource "aws_ssoadmin_managed_policy_attachment" "this" {
  for_each = local.managed_policy_attachments

  instance_arn       = local.instance_arn
  managed_policy_arn = each.value.policy_arn
  permission_set_arn = aws_ssoadmin_permission_set.this[each.value.permission_set].arn
}

# The least-privilege rules of the inline statements (refusals name the permission set) and
# one policy document per permission set: ../_internal/least-privilege-policy. Validated
# even when enabled = false, as the variable's own rules were.
module "inline_policy" {
  source = "../_internal/least-privilege-policy"

  policies = {
    owner      = "permission set"
    enabled    = var.enabled
    statements = { for name, ps in var.permission_sets : name => ps.inline_policy_statements }
  }
}

resource "aws_ssoadmin_permission_set_inline_policy" "this" {
  for_each = { for name, ps in local.permission_sets : name => ps if length(ps.inline_policy_statements) > 0 }

  inline_policy      = module.inline_policy.documents[each.key]
  instance_arn       = local.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.this[each.key].arn
}

resource "aws_ssoadmin_account_assignment" "this" {
  for_each = local.account_assignments

  instance_arn       = local.instance_arn
  permission_set_arn = try(aws_ssoadmin_permission_set.this[each.value.permission_set].arn, null)
  principal_type     = each.value.principal_type
  principal_id       = each.value.principal_id
  target_type        = "AWS_ACCOUNT"
  target_id          = each.value.account_id

  # Assign only after the permission set carries its policies, so the first
  # provisioning to the account already has the final permissions.
  depends_on = [
    aws_ssoadmin_managed_policy_attachment.this,
    aws_ssoadmin_permission_set_inline_policy.this,
  ]

  lifecycle {
    precondition {
      condition     = contains(keys(var.permission_sets), each.value.permission_set)
      error_message = "Account assignment ${each.key} names permission set \"${each.value.permission_set}\", which is not a key of permission_sets."
    }
  }
}
