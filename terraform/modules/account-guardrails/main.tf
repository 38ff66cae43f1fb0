data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name

  support_role_trusted_principal_arns = (
    length(var.support_role_trusted_principal_arns) > 0
    ? var.support_role_trusted_principal_arns
    : ["arn:${local.partition}:iam::${local.account_id}:root"]
  )

  security_hub_standards_arns = var.enable_security_hub ? {
    for s in var.security_hub_standards : s => "arn:${local.partition}:securityhub:${local.region}::standards/${s}"
  } : {}
}

################################################################################
# S3 account-level Block Public Access (CIS 2.1.4)
################################################################################

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

################################################################################
# Alternate contacts (CIS 1.2, ACCT-001)
################################################################################

resource "aws_account_alternate_contact" "this" {
  for_each = var.alternate_contacts

  alternate_contact_type = each.key
  name                   = each.value.name
  title                  = each.value.title
  email_address          = each.value.email_address
  phone_number           = each.value.phone_number
}

################################################################################
# AWS Support role (CIS 1.17)
################################################################################

data "aws_iam_policy_document" "support_trust" {
  statement {
    sid     = "TrustedPrincipalsAssumeRoleWithMfa"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = local.support_role_trusted_principal_arns
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "aws:MultiFactorAuthAge"
      values   = [tostring(var.mfa_max_age_seconds)]
    }
  }
}

resource "aws_iam_role" "support" {
  name                 = var.support_role_name
  description          = "Manages incidents with AWS Support (CIS 1.17; managed by account-guardrails)"
  assume_role_policy   = data.aws_iam_policy_document.support_trust.json
  max_session_duration = var.support_role_max_session_duration

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "support" {
  role       = aws_iam_role.support.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSSupportAccess"
}

################################################################################
# Security Hub in the home region (regional service, managed here once)
################################################################################

resource "aws_securityhub_account" "this" {
  count = var.enable_security_hub ? 1 : 0

  # Standards are subscribed explicitly below, so the set is exactly the one
  # asked for; consolidated control findings across standards.
  enable_default_standards  = false
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}

resource "aws_securityhub_standards_subscription" "this" {
  for_each = local.security_hub_standards_arns

  standards_arn = each.value

  depends_on = [aws_securityhub_account.this]
}

################################################################################
# IAM Access Analyzer in the home region (CIS 1.20)
################################################################################

resource "aws_accessanalyzer_analyzer" "this" {
  count = var.enable_access_analyzer ? 1 : 0

  analyzer_name = var.access_analyzer_name
  type          = "ACCOUNT"

  tags = var.tags
}
