data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  rule_catalog = jsondecode(file("${path.module}/managed-rules.json"))

  # managed-rules.json stores input_parameters as an object; Config wants a JSON string.
  default_rules = {
    for name, r in local.rule_catalog.rules : name => {
      source_identifier           = r.source_identifier
      input_parameters            = length(r.input_parameters) > 0 ? jsonencode(r.input_parameters) : null
      maximum_execution_frequency = r.maximum_execution_frequency
    }
  }
  optional_rules = {
    for name, r in local.rule_catalog.optional_rules : name => {
      source_identifier           = r.source_identifier
      input_parameters            = length(r.input_parameters) > 0 ? jsonencode(r.input_parameters) : null
      maximum_execution_frequency = r.maximum_execution_frequency
    }
  }

  base_rules = var.managed_rules != null ? {
    for name, r in var.managed_rules : name => {
      source_identifier           = r.source_identifier
      input_parameters            = r.input_parameters
      maximum_execution_frequency = r.maximum_execution_frequency
    }
  } : local.default_rules

  extra_rules = {
    for name, r in var.additional_managed_rules : name => {
      source_identifier           = r.source_identifier
      input_parameters            = r.input_parameters
      maximum_execution_frequency = r.maximum_execution_frequency
    }
  }

  selected_optional_rules = var.enable_cloudtrail_s3_dataevents_rule ? {
    "cloudtrail-s3-dataevents-enabled" = local.optional_rules["cloudtrail-s3-dataevents-enabled"]
  } : {}

  rules = merge(local.base_rules, local.selected_optional_rules, local.extra_rules)

  # ForceNew names: an adopted recorder or channel keeps the name it has (variables.tf).
  recorder_name         = coalesce(var.recorder_name, "${var.name_prefix}-recorder")
  delivery_channel_name = coalesce(var.delivery_channel_name, "${var.name_prefix}-delivery")

  delivery_prefix = var.s3_key_prefix != null ? "${var.s3_key_prefix}/" : ""
  bucket_arn      = "arn:${local.partition}:s3:::${var.s3_bucket_name}"
}

################################################################################
# Service role
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "ConfigAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "config" {
  name                 = "${var.name_prefix}-aws-config"
  description          = "Service role for the AWS Config recorder ${local.recorder_name}"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}

data "aws_iam_policy_document" "delivery" {
  statement {
    sid       = "ConfigBucketAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [local.bucket_arn]
  }

  statement {
    sid       = "ConfigBucketDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/${local.delivery_prefix}AWSLogs/${local.account_id}/Config/*"]

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  dynamic "statement" {
    for_each = var.s3_kms_key_arn != null ? [var.s3_kms_key_arn] : []

    content {
      sid       = "ConfigDeliveryEncryption"
      effect    = "Allow"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.sns_topic_arn != null ? [var.sns_topic_arn] : []

    content {
      sid       = "ConfigNotifications"
      effect    = "Allow"
      actions   = ["sns:Publish"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "delivery" {
  name   = "aws-config-delivery"
  role   = aws_iam_role.config.id
  policy = data.aws_iam_policy_document.delivery.json
}

################################################################################
# Recorder, delivery channel, status (CIS 3.3)
################################################################################

resource "aws_config_configuration_recorder" "this" {
  name     = local.recorder_name
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.include_global_resource_types
  }

  depends_on = [aws_iam_role_policy_attachment.config, aws_iam_role_policy.delivery]
}

resource "aws_config_delivery_channel" "this" {
  name           = local.delivery_channel_name
  s3_bucket_name = var.s3_bucket_name
  s3_key_prefix  = var.s3_key_prefix
  s3_kms_key_arn = var.s3_kms_key_arn
  sns_topic_arn  = var.sns_topic_arn

  snapshot_delivery_properties {
    delivery_frequency = var.snapshot_delivery_frequency
  }

  # AWS refuses a delivery channel before a recorder exists.
  depends_on = [aws_config_configuration_recorder.this]
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

################################################################################
# Managed rules
################################################################################

resource "aws_config_config_rule" "this" {
  for_each = local.rules

  name                        = "${var.name_prefix}-${each.key}"
  input_parameters            = each.value.input_parameters
  maximum_execution_frequency = each.value.maximum_execution_frequency

  source {
    owner             = "AWS"
    source_identifier = each.value.source_identifier
  }

  tags = var.tags

  depends_on = [aws_config_configuration_recorder.this]
}
