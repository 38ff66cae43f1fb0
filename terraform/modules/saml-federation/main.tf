data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  # Built from the name so the trust policy is known at plan time (plan-time lint); the
  # roles are created after the provider (depends_on below).
  saml_provider_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:saml-provider/${var.saml_provider_name}"

  # Session limit per federated role kind, in seconds. The roles variable
  # validation repeats these numbers literally; keep both and the README in sync.
  max_session_duration_by_kind = {
    "admin"     = 3600
    "developer" = 14400
    "read-only" = 14400
  }

  managed_policy_attachments = merge([
    for name, role in var.roles : {
      for arn in role.managed_policy_arns : "${name}|${arn}" => {
        role       = name
        policy_arn = arn
      }
    }
  ]...)
}

resource "aws_iam_saml_provider" "this" {
  name                   = var.saml_provider_name
  saml_metadata_document = var.saml_metadata_document

  tags = var.tag_saml_provider ? var.tags : {}
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "SamlFederatedAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithSAML"]

    principals {
      type        = "Federated"
      identifiers = [local.saml_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "SAML:aud"
      values   = [var.saml_audience]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = var.roles

  name                 = each.key
  path                 = each.value.path
  description          = coalesce(each.value.description, "${each.value.kind} SAML-federated role (managed by saml-federation)")
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = each.value.max_session_duration
  permissions_boundary = each.value.permissions_boundary_arn

  tags = var.tags

  depends_on = [aws_iam_saml_provider.this]
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
