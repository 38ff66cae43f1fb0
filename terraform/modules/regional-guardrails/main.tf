data "aws_region" "current" {}

################################################################################
# EBS encryption by default (CIS 2.2.1)
################################################################################

resource "aws_ebs_encryption_by_default" "this" {
  enabled = var.ebs_encryption_by_default
}

################################################################################
# GuardDuty
################################################################################

resource "aws_guardduty_detector" "this" {
  enable = true
  # null: not sent, the GuardDuty administrator's (a member cannot change it).
  finding_publishing_frequency = var.guardduty_finding_publishing_frequency

  tags = var.tags
}

################################################################################
# IAM Access Analyzer, external access (CIS v3/v4 1.20, v5 1.19; ORGANIZATION in the
# management account or the Access Analyzer delegated administrator: v6 2.19, v7 2.18)
################################################################################

resource "aws_accessanalyzer_analyzer" "this" {
  count = var.enable_access_analyzer ? 1 : 0

  analyzer_name = var.access_analyzer_name
  type          = var.access_analyzer_type

  tags = var.tags
}

################################################################################
# AWS Config recorder (CIS 3.3: Config in every region). Optional: the home region
# records through modules/config-recording (rules, service role); other regions record
# here with that role, delivering to the same audit bucket.
################################################################################

resource "aws_config_configuration_recorder" "this" {
  count = var.config_recorder == null ? 0 : 1

  name     = var.config_recorder.name
  role_arn = var.config_recorder.role_arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.config_recorder.include_global_resource_types
  }
}

resource "aws_config_delivery_channel" "this" {
  count = var.config_recorder == null ? 0 : 1

  name           = coalesce(var.config_recorder.delivery_channel_name, var.config_recorder.name)
  s3_bucket_name = var.config_recorder.s3_bucket_name
  s3_kms_key_arn = var.config_recorder.s3_kms_key_arn

  depends_on = [aws_config_configuration_recorder.this]
}

resource "aws_config_configuration_recorder_status" "this" {
  count = var.config_recorder == null ? 0 : 1

  name       = aws_config_configuration_recorder.this[0].name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

################################################################################
# Security Hub (CIS 4.16) for a governed region other than the home region, where
# modules/account-guardrails enables it. null: not here.
################################################################################

data "aws_partition" "current" {}

resource "aws_securityhub_account" "this" {
  count = var.security_hub == null ? 0 : 1

  enable_default_standards  = false
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}

resource "aws_securityhub_standards_subscription" "this" {
  for_each = toset(var.security_hub == null ? [] : var.security_hub.standards)

  standards_arn = "arn:${data.aws_partition.current.partition}:securityhub:${data.aws_region.current.name}::standards/${each.value}"

  depends_on = [aws_securityhub_account.this]
}
