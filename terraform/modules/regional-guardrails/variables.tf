variable "ebs_encryption_by_default" {
  description = "Encrypt new EBS volumes and snapshots by default in this region (CIS 2.2.1). Must stay true."
  type        = bool
  default     = true

  validation {
    condition     = var.ebs_encryption_by_default == true
    error_message = "ebs_encryption_by_default must be true: CIS 2.2.1 requires EBS encryption by default in every region, otherwise new volumes can be created unencrypted."
  }
}

variable "guardduty_finding_publishing_frequency" {
  description = "How often GuardDuty publishes updated findings to EventBridge/Security Hub: FIFTEEN_MINUTES (default, fastest), ONE_HOUR or SIX_HOURS. null leaves the frequency to the GuardDuty administrator account: a member account of a GuardDuty administrator cannot change it (aws_guardduty_detector docs), so an adopted member detector takes null, or every plan shows a change that never converges."
  type        = string
  default     = "FIFTEEN_MINUTES"
  nullable    = true

  validation {
    condition     = var.guardduty_finding_publishing_frequency == null ? true : contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.guardduty_finding_publishing_frequency)
    error_message = "guardduty_finding_publishing_frequency must be null (left to the GuardDuty administrator) or FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS (the values GuardDuty accepts); FIFTEEN_MINUTES gets updated findings to responders fastest."
  }
}

variable "enable_access_analyzer" {
  description = "Create an external access IAM Access Analyzer (access_analyzer_type) in this region (CIS 1.20 / v5.0.0 1.19: enabled in all regions). Opt-out exists for moto, which has no Access Analyzer backend: false is NOT compliant. Only one account analyzer per region is allowed, so disable the one in account-guardrails for the home region."
  type        = bool
  default     = true
}

variable "access_analyzer_type" {
  description = "Zone of trust of the external access analyzer in this region: ACCOUNT (every account; CIS v5.0.0 1.19) or ORGANIZATION (only in the organization's management account or its IAM Access Analyzer delegated administrator: the organization analyzer CIS v6.0.0 2.19 / v7.0.0 2.18 ask for in every region; an external access analyzer still, so 1.19 holds too)."
  type        = string
  default     = "ACCOUNT"

  validation {
    condition     = contains(["ACCOUNT", "ORGANIZATION"], var.access_analyzer_type)
    error_message = "access_analyzer_type must be ACCOUNT or ORGANIZATION (the external access analyzer types; the unused-access types are not external access analyzers)."
  }
}

variable "access_analyzer_name" {
  description = "Name of the account analyzer in this region."
  type        = string
  default     = "account-analyzer"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_.-]{0,254}$", var.access_analyzer_name))
    error_message = "access_analyzer_name must start with a letter and contain 1-255 letters, digits and _.- (Access Analyzer rules)."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default     = {}
}

variable "config_recorder" {
  description = <<-EOT
    An AWS Config recorder for this region (CIS 3.3), recording every supported resource
    type with the service role and delivery bucket of modules/config-recording in the home
    region. CIS 3.3's audit procedure, run in each region, asks for a recorder with
    allSupported AND includeGlobalResourceTypes there, so global types are recorded here
    too by default (AWS bills the duplicate IAM items; false saves that and fails CIS 3.3
    in this region). null: no recorder.
    name is the recorder's name and delivery_channel_name the channel's (null: the
    recorder's name). AWS allows one recorder and one channel per region and both names
    are ForceNew: to adopt an existing recorder or channel pass its name (e.g. "default")
    and import it; a rename is delete + create and leaves a recording gap.
  EOT
  type = object({
    name                          = optional(string, "governance-recorder")
    delivery_channel_name         = optional(string)
    role_arn                      = string
    s3_bucket_name                = string
    s3_kms_key_arn                = optional(string)
    include_global_resource_types = optional(bool, true)
  })
  default = null

  validation {
    condition     = var.config_recorder == null || can(regex("^arn:[a-z-]+:iam::[0-9]{12}:role/", var.config_recorder.role_arn))
    error_message = "config_recorder.role_arn must be an IAM role ARN (the role_arn output of modules/config-recording)."
  }

  validation {
    condition = var.config_recorder == null || (
      can(regex("^[^\\s]{1,256}$", var.config_recorder.name)) &&
      !startswith(try(var.config_recorder.name, "-"), "AWSConfigurationRecorderFor")
    )
    error_message = "config_recorder.name must be an AWS Config recorder name: 1-256 characters without whitespace, not starting with AWSConfigurationRecorderFor (reserved for service-linked recorders)."
  }

  validation {
    condition     = var.config_recorder == null || try(var.config_recorder.delivery_channel_name == null, true) || can(regex("^[^\\s]{1,256}$", var.config_recorder.delivery_channel_name))
    error_message = "config_recorder.delivery_channel_name must be null (the recorder's name) or an AWS Config delivery channel name: 1-256 characters without whitespace."
  }
}

variable "security_hub" {
  description = "Enable AWS Security Hub in this region with these standards (<name>/v/<version>, as in modules/account-guardrails). Use it in every governed region but the home one, which account-guardrails covers; null: none here (not compliant with CIS 4.16 in this region)."
  type = object({
    standards = list(string)
  })
  default = null

  validation {
    condition = var.security_hub == null || alltrue([for s in try(var.security_hub.standards, []) : contains([
      "cis-aws-foundations-benchmark/v/3.0.0",
      "cis-aws-foundations-benchmark/v/1.4.0",
      "aws-foundational-security-best-practices/v/1.0.0",
      "nist-800-53/v/5.0.0",
      "pci-dss/v/3.2.1",
    ], s)])
    error_message = "security_hub.standards entries must be one of cis-aws-foundations-benchmark/v/3.0.0, cis-aws-foundations-benchmark/v/1.4.0, aws-foundational-security-best-practices/v/1.0.0, nist-800-53/v/5.0.0, pci-dss/v/3.2.1."
  }
}
