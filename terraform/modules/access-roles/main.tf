data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  # Session limit per role kind, in seconds. The roles variable validation
  # repeats these numbers literally (validations may reference only the
  # variable); keep both and the README table in sync.
  max_session_duration_by_kind = {
    "admin"       = 3600
    "break-glass" = 3600
    "partner"     = 3600
    "developer"   = 14400
    "read-only"   = 14400
  }

  human_kinds = ["admin", "developer", "read-only", "break-glass"]

  roles = {
    for name, role in var.roles : name => merge(role, {
      is_partner = role.kind == "partner"
      # Human roles always require MFA; partner roles only when asked to.
      require_mfa = role.kind == "partner" ? coalesce(role.require_mfa, false) : true
      # Human roles trust this account's root by default, so only identities
      # whose IAM policies allow sts:AssumeRole on the role (the allowed groups
      # below) can assume it.
      trusted_principal_arns = (
        length(role.trusted_principal_arns) > 0
        ? role.trusted_principal_arns
        : ["arn:${local.partition}:iam::${local.account_id}:root"]
      )
    })
  }

  managed_policy_attachments = merge([
    for name, role in var.roles : {
      for arn in role.managed_policy_arns : "${name}|${arn}" => {
        role       = name
        policy_arn = arn
      }
    }
  ]...)

  group_assume_grants = merge([
    for name, role in var.roles : {
      for group in role.allowed_group_names : "${name}|${group}" => {
        role  = name
        group = group
      }
    }
  ]...)
}

################################################################################
# Trust policies
################################################################################

data "aws_iam_policy_document" "trust" {
  for_each = local.roles

  statement {
    sid     = each.value.is_partner ? "PartnerAssumeRoleWithExternalId" : "TrustedPrincipalsAssumeRoleWithMfa"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = each.value.trusted_principal_arns
    }

    dynamic "condition" {
      for_each = each.value.is_partner ? [each.value.external_id] : []

      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [condition.value]
      }
    }

    dynamic "condition" {
      for_each = each.value.require_mfa ? ["true"] : []

      content {
        test     = "Bool"
        variable = "aws:MultiFactorAuthPresent"
        values   = [condition.value]
      }
    }

    dynamic "condition" {
      for_each = each.value.require_mfa ? [tostring(var.mfa_max_age_seconds)] : []

      content {
        test     = "NumericLessThan"
        variable = "aws:MultiFactorAuthAge"
        values   = [condition.value]
      }
    }
  }
}

################################################################################
# Roles
################################################################################

resource "aws_iam_role" "this" {
  for_each = local.roles

  name                 = each.key
  path                 = each.value.path
  description          = coalesce(each.value.description, "${each.value.kind} access role (managed by access-roles)")
  assume_role_policy   = data.aws_iam_policy_document.trust[each.key].json
  max_session_duration = each.value.max_session_duration
  permissions_boundary = each.value.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = local.managed_policy_attachments

  role       = aws_iam_role.this[each.value.role].name
  policy_arn = each.value.policy_arn
}

# The least-privilege rules of the inline statements (refusals name the role) and one policy
# document per role: ../_internal/least-privilege-policy.
module "inline_policy" {
  source = "../_internal/least-privilege-policy"

  policies = {
    owner      = "role"
    statements = { for name, role in var.roles : name => role.inline_policy_statements }
  }
}

resource "aws_iam_role_policy" "inline" {
  for_each = { for name, role in var.roles : name => role if length(role.inline_policy_statements) > 0 }

  name   = "${each.key}-inline"
  role   = aws_iam_role.this[each.key].id
  policy = module.inline_policy.documents[each.key]
}

################################################################################
# Who may assume: one inline policy per (role, allowed group)
################################################################################

data "aws_iam_policy_document" "group_assume" {
  for_each = local.group_assume_grants

  statement {
    sid     = "AllowAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    # Built from path and name so the policy is known at plan time (plan-time lint).
    resources = ["arn:${local.partition}:iam::${local.account_id}:role${var.roles[each.value.role].path}${each.value.role}"]
  }
}

resource "aws_iam_group_policy" "assume" {
  for_each = local.group_assume_grants

  name   = "${var.group_policy_name_prefix}${each.value.role}"
  group  = each.value.group
  policy = data.aws_iam_policy_document.group_assume[each.key].json

  # The policy names the role by ARN string; grant only once the role exists.
  depends_on = [aws_iam_role.this]
}
