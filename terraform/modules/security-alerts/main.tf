data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # CIS AWS Foundations v3.0.0 section 4 (4.1-4.15); keyed by id, e.g. "4.1".
  metric_filters = { for f in jsondecode(file("${path.module}/cis-metric-filters.json")) : f.id => f }

  # The 16 event names of CIS 4.4, also used by the EventBridge rule.
  iam_policy_change_events = jsondecode(file("${path.module}/iam-policy-change-events.json"))

  create_kms_key = var.kms_master_key_arn == null
  kms_key_arn    = local.create_kms_key ? aws_kms_key.this[0].arn : var.kms_master_key_arn

  topic_name     = "${var.name_prefix}-security-alerts"
  topic_arn      = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${local.topic_name}"
  event_rule_arn = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name_prefix}-iam-policy-changes"

  kms_account_admin_actions = [
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
}

################################################################################
# Dedicated KMS key for the topic (only when kms_master_key_arn is null)
################################################################################

data "aws_iam_policy_document" "kms" {
  count = local.create_kms_key ? 1 : 0

  # In a key policy, Resource "*" means "this key".
  statement {
    sid       = "EnableAccountRootAdministration"
    effect    = "Allow"
    actions   = local.kms_account_admin_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "AllowCloudWatchAlarmsPublishToEncryptedTopic"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }

  statement {
    sid       = "AllowEventBridgePublishToEncryptedTopic"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  count = local.create_kms_key ? 1 : 0

  description             = "${var.name_prefix}: encrypts the security alerts SNS topic"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.kms[0].json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  count = local.create_kms_key ? 1 : 0

  name          = "alias/${var.name_prefix}-security-alerts"
  target_key_id = aws_kms_key.this[0].key_id
}

################################################################################
# SNS topic
################################################################################

resource "aws_sns_topic" "this" {
  name              = local.topic_name
  kms_master_key_id = local.kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "topic" {
  statement {
    sid    = "AccountOwnerManagement"
    effect = "Allow"
    actions = [
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:Publish",
    ]
    resources = [local.topic_arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "AllowCloudWatchAlarmsPublish"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [local.topic_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  dynamic "statement" {
    for_each = var.enable_iam_policy_change_event_rule ? [1] : []

    content {
      sid       = "AllowEventBridgeRulePublish"
      effect    = "Allow"
      actions   = ["sns:Publish"]
      resources = [local.topic_arn]

      principals {
        type        = "Service"
        identifiers = ["events.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [local.event_rule_arn]
      }
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [local.topic_arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_sns_topic_subscription" "this" {
  # Keyed by list index: keys stay known even when an endpoint (e.g. an SQS ARN) is not.
  for_each = { for i, s in var.subscriptions : tostring(i) => s }

  topic_arn             = aws_sns_topic.this.arn
  protocol              = each.value.protocol
  endpoint              = each.value.endpoint
  subscription_role_arn = each.value.protocol == "firehose" ? var.subscription_role_arn : null
}

################################################################################
# CIS 4.1-4.15: metric filters and alarms on the CloudTrail log group
################################################################################

resource "aws_cloudwatch_log_metric_filter" "cis" {
  for_each = local.metric_filters

  name           = "${var.name_prefix}-cis-${replace(each.key, ".", "-")}-${each.value.name}"
  log_group_name = var.cloudtrail_log_group_name
  pattern        = each.value.pattern

  metric_transformation {
    name      = each.value.metric_name
    namespace = var.metric_namespace
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis" {
  for_each = local.metric_filters

  alarm_name          = "${var.name_prefix}-cis-${replace(each.key, ".", "-")}-${each.value.name}"
  alarm_description   = "CIS AWS Foundations v3.0 ${each.key}: ${each.value.description}"
  namespace           = var.metric_namespace
  metric_name         = aws_cloudwatch_log_metric_filter.cis[each.key].metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  tags                = var.tags
}

################################################################################
# Near-real-time IAM policy change notification (EventBridge; us-east-1 only)
################################################################################

resource "aws_cloudwatch_event_rule" "iam_policy_changes" {
  count = var.enable_iam_policy_change_event_rule ? 1 : 0

  name        = "${var.name_prefix}-iam-policy-changes"
  description = "CIS 4.4 IAM policy changes, forwarded to ${local.topic_name} as they happen (IAM events arrive in us-east-1 only)"
  event_pattern = jsonencode({
    source        = ["aws.iam"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail = {
      eventSource = ["iam.amazonaws.com"]
      eventName   = local.iam_policy_change_events
    }
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "iam_policy_changes" {
  count = var.enable_iam_policy_change_event_rule ? 1 : 0

  rule      = aws_cloudwatch_event_rule.iam_policy_changes[0].name
  target_id = "security-alerts-topic"
  arn       = aws_sns_topic.this.arn

  depends_on = [aws_sns_topic_policy.this]
}
