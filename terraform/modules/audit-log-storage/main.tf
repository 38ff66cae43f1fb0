data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  trail_bucket_name      = "${var.name_prefix}-audit-logs-${local.account_id}-${local.region}"
  access_log_bucket_name = "${var.name_prefix}-s3-access-logs-${local.account_id}-${local.region}"
  # Built from the names (not read from the bucket resources) so the bucket policies are
  # known at plan time and the plan-time policy lint sees them.
  trail_bucket_arn      = "arn:${local.partition}:s3:::${local.trail_bucket_name}"
  access_log_bucket_arn = "arn:${local.partition}:s3:::${local.access_log_bucket_name}"

  # aws:SourceArn value for CloudTrail: the named trail when known, else any trail of this account.
  trail_source_arn = (
    var.trail_name != null
    ? "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${var.trail_name}"
    : "arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"
  )
  trail_encryption_context_arn = "arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"

  cloudtrail_write_prefixes = compact([
    "AWSLogs/${local.account_id}/*",
    var.organization_id != null ? "AWSLogs/${var.organization_id}/*" : "",
  ])
}

################################################################################
# KMS key for CloudTrail, CloudWatch Logs and AWS Config delivery (CIS 3.5, 3.6)
################################################################################

# The key, its alias, the account root's administration statement and CloudWatch Logs'
# statement (every log group of the account in this region, ArnLike; sid
# AllowCloudWatchLogsLogGroupEncryption, the internal module's default) come from
# ../_internal/kms-key; these are the other services' statements after them.
locals {
  kms_statements = concat(
    [
      {
        sid                   = "AllowCloudTrailEncryptLogs"
        actions               = ["kms:GenerateDataKey*"]
        principal_type        = "Service"
        principal_identifiers = ["cloudtrail.amazonaws.com"]
        conditions = [
          { test = "StringLike", variable = "aws:SourceArn", values = [local.trail_source_arn] },
          { test = "StringLike", variable = "kms:EncryptionContext:aws:cloudtrail:arn", values = [local.trail_encryption_context_arn] },
        ]
      },
      {
        sid                   = "AllowCloudTrailDescribeKey"
        actions               = ["kms:DescribeKey"]
        principal_type        = "Service"
        principal_identifiers = ["cloudtrail.amazonaws.com"]
        conditions = [
          { test = "StringLike", variable = "aws:SourceArn", values = [local.trail_source_arn] },
        ]
      },
      {
        sid                   = "AllowConfigDeliveryEncryption"
        actions               = ["kms:Decrypt", "kms:GenerateDataKey"]
        principal_type        = "Service"
        principal_identifiers = ["config.amazonaws.com"]
        conditions = [
          { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
        ]
      },
    ],
    var.allow_sns_alarm_publishers ? [
      {
        sid                   = "AllowAlarmPublishersEncryptedTopic"
        actions               = ["kms:Decrypt", "kms:GenerateDataKey"]
        principal_type        = "Service"
        principal_identifiers = ["cloudwatch.amazonaws.com", "events.amazonaws.com"]
        conditions            = []
      },
    ] : [],
    length(var.auditor_principal_arns) > 0 ? [
      {
        sid                   = "AllowAuditorsDecryptViaS3"
        actions               = ["kms:Decrypt"]
        principal_type        = "AWS"
        principal_identifiers = var.auditor_principal_arns
        conditions = [
          { test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] },
        ]
      },
      {
        sid                   = "AllowAuditorsDescribeKey"
        actions               = ["kms:DescribeKey"]
        principal_type        = "AWS"
        principal_identifiers = var.auditor_principal_arns
        conditions            = []
      },
    ] : [],
  )
}

module "kms_key" {
  source = "../_internal/kms-key"

  alias_name              = "alias/${var.name_prefix}-audit-logs"
  description             = "${var.name_prefix}: encrypts CloudTrail logs, the CloudTrail CloudWatch Logs group and AWS Config delivery"
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  account_id              = local.account_id
  partition               = local.partition
  # ArnLike: the CloudTrail group and any group the caller encrypts with the key.
  cloudwatch_logs_log_group_arns = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  statements                     = local.kms_statements
  tags                           = var.tags
}

# State written before the key moved into ../_internal/kms-key follows without a replace.
moved {
  from = aws_kms_key.this
  to   = module.kms_key.aws_kms_key.this
}

moved {
  from = aws_kms_alias.this
  to   = module.kms_key.aws_kms_alias.this
}

################################################################################
# Access-log bucket: target of S3 server access logging for the trail bucket (CIS 3.4)
################################################################################

resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_145:S3 server access logging delivers only to buckets with SSE-S3 (AWS requirement), not SSE-KMS
  bucket        = local.access_log_bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

# S3 server access logging only supports SSE-S3 on the destination bucket.
resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

data "aws_iam_policy_document" "access_logs" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.access_log_bucket_arn, "${local.access_log_bucket_arn}/*"]

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

  statement {
    sid       = "S3ServerAccessLogsDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.access_log_bucket_arn}/${local.trail_bucket_name}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.trail_bucket_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  dynamic "statement" {
    for_each = var.deny_bucket_deletion ? [1] : []

    content {
      sid       = "DenyBucketDeletion"
      effect    = "Deny"
      actions   = ["s3:DeleteBucket"]
      resources = [local.access_log_bucket_arn]

      principals {
        type        = "AWS"
        identifiers = ["*"]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs.json

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}

################################################################################
# Trail bucket: CloudTrail logs and AWS Config snapshots/history
################################################################################

resource "aws_s3_bucket" "trail" {
  bucket              = local.trail_bucket_name
  force_destroy       = var.force_destroy
  object_lock_enabled = var.object_lock_enabled
  tags                = var.tags
}

resource "aws_s3_bucket_ownership_controls" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket                  = aws_s3_bucket.trail.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "trail" {
  bucket = aws_s3_bucket.trail.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.kms_key.key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_object_lock_configuration" "trail" {
  count = var.object_lock_enabled ? 1 : 0

  bucket = aws_s3_bucket.trail.id

  rule {
    default_retention {
      mode = var.object_lock_mode
      days = var.object_lock_retention_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.trail]
}

resource "aws_s3_bucket_lifecycle_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    id     = "retain-audit-logs"
    status = "Enabled"

    filter {}

    dynamic "transition" {
      for_each = var.transition_days != null ? [var.transition_days] : []

      content {
        days          = transition.value
        storage_class = var.transition_storage_class
      }
    }

    expiration {
      days = var.log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.trail]
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.trail_bucket_name}/"

  # As on AWS: the target bucket must allow logging.s3.amazonaws.com before logging is enabled.
  depends_on = [aws_s3_bucket_policy.access_logs]
}

data "aws_iam_policy_document" "trail" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.trail_bucket_arn, "${local.trail_bucket_arn}/*"]

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

  statement {
    sid       = "AWSCloudTrailAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.trail_bucket_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "aws:SourceArn"
      values   = [local.trail_source_arn]
    }
  }

  statement {
    sid       = "AWSCloudTrailWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = [for p in local.cloudtrail_write_prefixes : "${local.trail_bucket_arn}/${p}"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringLike"
      variable = "aws:SourceArn"
      values   = [local.trail_source_arn]
    }
  }

  statement {
    sid       = "AWSConfigBucketPermissionsCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.trail_bucket_arn]

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

  statement {
    sid       = "AWSConfigBucketExistenceCheck"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [local.trail_bucket_arn]

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

  statement {
    sid       = "AWSConfigBucketDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.trail_bucket_arn}/AWSLogs/${local.account_id}/Config/*"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  dynamic "statement" {
    for_each = var.deny_bucket_deletion ? [1] : []

    content {
      sid       = "DenyBucketDeletion"
      effect    = "Deny"
      actions   = ["s3:DeleteBucket"]
      resources = [local.trail_bucket_arn]

      principals {
        type        = "AWS"
        identifiers = ["*"]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = data.aws_iam_policy_document.trail.json

  depends_on = [aws_s3_bucket_public_access_block.trail]
}
