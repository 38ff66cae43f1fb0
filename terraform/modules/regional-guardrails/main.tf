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
  enable                       = true
  finding_publishing_frequency = var.guardduty_finding_publishing_frequency

  tags = var.tags
}

################################################################################
# IAM Access Analyzer (CIS 1.20)
################################################################################

resource "aws_accessanalyzer_analyzer" "this" {
  count = var.enable_access_analyzer ? 1 : 0

  analyzer_name = var.access_analyzer_name
  type          = "ACCOUNT"

  tags = var.tags
}
