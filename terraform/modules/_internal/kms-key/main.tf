# Internal module (called by audit-log-storage, security-alerts and network-baseline; implements
# no control of its own): one customer managed KMS key with rotation on, its alias, and a key
# policy whose first statement lets the account root administer the key, then (when the caller
# names log groups) the statement that lets CloudWatch Logs encrypt them with the key, then the
# caller's own statements.

locals {
  # Key-level actions granted to the account root (delegates key access to IAM policies in
  # this account), enumerated instead of "kms:*" so the policy lint needs no action wildcard.
  account_admin_actions = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]

  # CloudWatch Logs encrypting log groups with the key: the service of the groups' region
  # (one region, validated), limited to the named groups by the encryption context. ArnLike
  # when an ARN holds a wildcard (every log group of the account ...), ArnEquals otherwise.
  cloudwatch_logs_actions = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
  ]
  cloudwatch_logs_regions = distinct([for arn in var.cloudwatch_logs_log_group_arns : try(split(":", arn)[3], arn)])
  cloudwatch_logs_condition_test = (
    anytrue([for arn in var.cloudwatch_logs_log_group_arns : length(regexall("[*?]", arn)) > 0])
    ? "ArnLike"
    : "ArnEquals"
  )
}

data "aws_iam_policy_document" "this" {
  #checkov:skip=CKV_AWS_111:a key policy's Resource "*" means this key only; every statement is scoped by principal and conditions
  #checkov:skip=CKV_AWS_356:a key policy's Resource "*" means this key only (the KMS key policy grammar)
  # In a key policy, Resource "*" means "this key".
  statement {
    sid       = "EnableAccountRootAdministration"
    effect    = "Allow"
    actions   = local.account_admin_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${var.partition}:iam::${var.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.cloudwatch_logs_log_group_arns) > 0 ? [local.cloudwatch_logs_regions[0]] : []

    content {
      sid       = var.cloudwatch_logs_statement_sid
      effect    = "Allow"
      actions   = local.cloudwatch_logs_actions
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["logs.${statement.value}.amazonaws.com"]
      }

      condition {
        test     = local.cloudwatch_logs_condition_test
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = var.cloudwatch_logs_log_group_arns
      }
    }
  }

  dynamic "statement" {
    for_each = var.statements

    content {
      sid       = statement.value.sid
      effect    = "Allow"
      actions   = statement.value.actions
      resources = ["*"]

      principals {
        type        = statement.value.principal_type
        identifiers = statement.value.principal_identifiers
      }

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

  lifecycle {
    precondition {
      condition     = length(var.cloudwatch_logs_log_group_arns) == 0 || !contains([for s in var.statements : s.sid], var.cloudwatch_logs_statement_sid)
      error_message = "cloudwatch_logs_statement_sid must differ from the sid of every entry of statements (a key policy's sids are unique)."
    }
  }
}

resource "aws_kms_key" "this" {
  description             = var.description
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.this.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = var.alias_name
  target_key_id = aws_kms_key.this.key_id
}
