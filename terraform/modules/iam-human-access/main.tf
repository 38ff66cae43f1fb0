data "aws_partition" "current" {}

locals {
  group_managed_policy_attachments = merge([
    for group_name, group in var.groups : {
      for arn in group.managed_policy_arns : "${group_name}|${arn}" => { group = group_name, policy_arn = arn }
    }
  ]...)
  groups_with_statements = { for name, group in var.groups : name => group if length(group.statements) > 0 }
}

# --- MFA enforcement: deny everything but MFA self-service until signed in with MFA ---

data "aws_iam_policy_document" "enforce_mfa" {
  statement {
    sid       = "AllowViewAccountPasswordAndMFAInfo"
    effect    = "Allow"
    actions   = ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"]
    resources = ["*"]
  }

  statement {
    sid     = "AllowManageOwnPasswordAndMFADevice"
    effect  = "Allow"
    actions = ["iam:ChangePassword", "iam:GetUser", "iam:ListMFADevices", "iam:EnableMFADevice", "iam:ResyncMFADevice"]
    resources = [
      "arn:${data.aws_partition.current.partition}:iam::*:user/&{aws:username}",
    ]
  }

  statement {
    sid     = "AllowManageOwnVirtualMFADevice"
    effect  = "Allow"
    actions = ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"]
    resources = [
      "arn:${data.aws_partition.current.partition}:iam::*:mfa/&{aws:username}",
      "arn:${data.aws_partition.current.partition}:iam::*:mfa/&{aws:username}-*",
    ]
  }

  statement {
    sid       = "AllowDeactivateOwnMFAOnlyWithMFA"
    effect    = "Allow"
    actions   = ["iam:DeactivateMFADevice"]
    resources = ["arn:${data.aws_partition.current.partition}:iam::*:user/&{aws:username}"]

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }

  statement {
    sid    = "DenyAllExceptMFASetupUnlessSignedInWithMFA"
    effect = "Deny"
    not_actions = [
      "iam:ChangePassword", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetAccountPasswordPolicy",
      "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice",
      "sts:GetSessionToken",
    ]
    resources = ["*"]

    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "enforce_mfa" {
  name        = "${var.name_prefix}-enforce-mfa"
  description = "Denies every action except managing one's own password and MFA device unless signed in with MFA."
  policy      = data.aws_iam_policy_document.enforce_mfa.json
  tags        = var.tags
}

# --- Groups per job ---

resource "aws_iam_group" "this" {
  for_each = var.groups

  name = each.key
}

resource "aws_iam_group_policy_attachment" "enforce_mfa" {
  for_each = var.groups

  group      = aws_iam_group.this[each.key].name
  policy_arn = aws_iam_policy.enforce_mfa.arn
}

data "aws_iam_policy_document" "group" {
  for_each = local.groups_with_statements

  dynamic "statement" {
    for_each = each.value.statements

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

resource "aws_iam_policy" "group" {
  for_each = local.groups_with_statements

  name        = "${var.name_prefix}-${lower(each.key)}"
  description = coalesce(each.value.description, "Job policy of the ${each.key} group.")
  policy      = data.aws_iam_policy_document.group[each.key].json
  tags        = var.tags
}

resource "aws_iam_group_policy_attachment" "job" {
  for_each = local.groups_with_statements

  group      = aws_iam_group.this[each.key].name
  policy_arn = aws_iam_policy.group[each.key].arn
}

resource "aws_iam_group_policy_attachment" "managed" {
  for_each = local.group_managed_policy_attachments

  group      = aws_iam_group.this[each.value.group].name
  policy_arn = replace(each.value.policy_arn, "arn:aws:", "arn:${data.aws_partition.current.partition}:")
}

# --- Password policy (CIS 1.8, 1.9) ---

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = var.password_policy.minimum_password_length
  password_reuse_prevention      = var.password_policy.password_reuse_prevention
  max_password_age               = var.password_policy.max_password_age
  require_lowercase_characters   = var.password_policy.require_lowercase_characters
  require_uppercase_characters   = var.password_policy.require_uppercase_characters
  require_numbers                = var.password_policy.require_numbers
  require_symbols                = var.password_policy.require_symbols
  allow_users_to_change_password = var.password_policy.allow_users_to_change_password
  hard_expiry                    = var.password_policy.hard_expiry
}

resource "aws_iam_account_alias" "this" {
  count = var.account_alias == null ? 0 : 1

  account_alias = var.account_alias
}

# --- Dedicated users: one per person, permissions only through groups ---

resource "aws_iam_user" "this" {
  for_each = var.users

  name = each.key
  tags = var.tags
}

resource "aws_iam_user_group_membership" "this" {
  for_each = var.users

  user   = aws_iam_user.this[each.key].name
  groups = [for group in each.value.groups : aws_iam_group.this[group].name]

  lifecycle {
    precondition {
      condition     = alltrue([for group in each.value.groups : contains(keys(var.groups), group)])
      error_message = "users.${each.key}: groups must be among the groups this module creates (${join(", ", keys(var.groups))})."
    }
  }
}
