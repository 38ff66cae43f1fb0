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
  kms_key_arn    = local.create_kms_key ? module.kms_key[0].key_arn : var.kms_master_key_arn

  topic_name     = "${var.name_prefix}-security-alerts"
  topic_arn      = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${local.topic_name}"
  event_rule_arn = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name_prefix}-iam-policy-changes"
}

################################################################################
# Dedicated KMS key for the topic (only when kms_master_key_arn is null)
################################################################################

# The key, its alias and the account root's administration statement come from
# ../_internal/kms-key; the alarm and EventBridge publishers' statements follow it.
module "kms_key" {
  source = "../_internal/kms-key"
  count  = local.create_kms_key ? 1 : 0

  alias_name              = "alias/${var.name_prefix}-security-alerts"
  description             = "${var.name_prefix}: encrypts the security alerts SNS topic"
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  account_id              = local.account_id
  partition               = local.partition
  statements = [
    {
      sid                   = "AllowCloudWatchAlarmsPublishToEncryptedTopic"
      actions               = ["kms:Decrypt", "kms:GenerateDataKey"]
      principal_type        = "Service"
      principal_identifiers = ["cloudwatch.amazonaws.com"]
    },
    {
      sid                   = "AllowEventBridgePublishToEncryptedTopic"
      actions               = ["kms:Decrypt", "kms:GenerateDataKey"]
      principal_type        = "Service"
      principal_identifiers = ["events.amazonaws.com"]
    },
  ]
  tags = var.tags
}

# State written before the key moved into ../_internal/kms-key follows without a replace.
moved {
  from = aws_kms_key.this[0]
  to   = module.kms_key[0].aws_kms_key.this
}

moved {
  from = aws_kms_alias.this[0]
  to   = module.kms_key[0].aws_kms_alias.this
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
