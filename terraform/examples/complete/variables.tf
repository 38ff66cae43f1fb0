variable "region" {
  description = "Home region: the trail, AWS Config, the alerts, Security Hub and the home regional guardrails live here."
  type        = string
  default     = "us-east-1"
}

variable "secondary_region" {
  description = "The second governed region, reached through the aws.secondary provider alias: EBS default encryption, GuardDuty and IAM Access Analyzer there."
  type        = string
  default     = "eu-west-1"
}

variable "governed_regions" {
  description = "Regions the audit reads; null means [region, secondary_region], the regions this example applies regional guardrails to."
  type        = list(string)
  default     = null
}

variable "name_prefix" {
  description = "Prefix of every name the baseline creates."
  type        = string
  default     = "governance"
}

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default = {
    ManagedBy = "terraform"
    Baseline  = "aws-governance-baseline"
  }
}

variable "account_alias" {
  description = "Account alias shown on the sign-in page; null leaves it unmanaged."
  type        = string
  default     = null
}

variable "users" {
  description = "Dedicated IAM users, one per person, with the groups of their job."
  type = map(object({
    groups = list(string)
  }))
  default = {
    "jane.doe"   = { groups = ["Administrators"] }
    "john.smith" = { groups = ["Developers"] }
    "ana.lima"   = { groups = ["Auditors"] }
  }
}

variable "access_roles" {
  description = "Temporary-access roles and the IAM groups allowed to assume each (baseline access_roles)."
  type        = any
  default = {
    "platform-admin" = {
      kind                = "admin"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
      allowed_group_names = ["Administrators"]
    }
    "developer" = {
      kind                 = "developer"
      max_session_duration = 14400
      managed_policy_arns  = ["arn:aws:iam::aws:policy/PowerUserAccess"]
      allowed_group_names  = ["Developers"]
    }
    "read-only" = {
      kind                 = "read-only"
      max_session_duration = 14400
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      allowed_group_names  = ["Auditors", "Developers"]
    }
    "break-glass" = {
      kind                = "break-glass"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
      allowed_group_names = ["Administrators"]
    }
  }
}

variable "saml_metadata_file" {
  description = "The IdP's SAML 2.0 metadata XML, relative to this example or absolute. The default is the saml-federation test fixture: replace it with your IdP's metadata."
  type        = string
  default     = "../../modules/saml-federation/test-fixtures/idp-metadata.xml"
}

variable "saml_roles" {
  description = "Federated roles assumable through the SAML provider (baseline saml_roles)."
  type        = any
  default = {
    "federated-admin" = {
      kind                = "admin"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    }
    "federated-read-only" = {
      kind                 = "read-only"
      max_session_duration = 14400
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    }
  }
}

variable "tag_saml_provider" {
  description = "Tag the SAML provider too. Keep true; the tests set false on moto, which drops SAML provider tags."
  type        = bool
  default     = true
}

variable "identity_center_permission_sets" {
  description = "Identity Center permission sets, each assigned to the platform-admins group in this account."
  type        = any
  default = {
    "PlatformAdmin" = {
      description         = "Administration through Identity Center, 1 h sessions"
      session_duration    = "PT1H"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    }
  }
}

variable "log_retention_days" {
  description = "Days audit logs are kept in the audit bucket (floor 365)."
  type        = number
  default     = 365
}

variable "force_destroy_log_buckets" {
  description = "Let destroy delete log buckets that still hold logs. Keep false: audit logs are evidence; the tests set true in disposable accounts."
  type        = bool
  default     = false
}

variable "alert_subscriptions" {
  description = "Subscribers of the security alert topic."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = [{ protocol = "email", endpoint = "secops@example.com" }]
}

variable "alternate_contacts" {
  description = "Alternate contacts SECURITY, OPERATIONS and BILLING."
  type = map(object({
    name          = string
    title         = string
    email_address = string
    phone_number  = string
  }))
  default = {
    SECURITY   = { name = "Security Team", title = "Security", email_address = "security@example.com", phone_number = "+1 206 555 0100" }
    OPERATIONS = { name = "Operations Team", title = "Operations", email_address = "ops@example.com", phone_number = "+1 206 555 0101" }
    BILLING    = { name = "Finance Team", title = "Billing", email_address = "billing@example.com", phone_number = "+1 206 555 0102" }
  }
}

variable "security_hub_standards" {
  description = "Security Hub standards to subscribe to (default: CIS v3.0.0 and AWS FSBP). The tests set [] on moto, which has no standards endpoints."
  type        = list(string)
  default = [
    "cis-aws-foundations-benchmark/v/3.0.0",
    "aws-foundational-security-best-practices/v/1.0.0",
  ]
}

variable "enable_access_analyzer" {
  description = "IAM Access Analyzer in every governed region (CIS 1.20). Keep true; the tests set false on moto, which has no Access Analyzer backend."
  type        = bool
  default     = true
}

variable "vpc_flow_log_traffic_type" {
  description = "Traffic the VPC flow logs of both governed regions record: ALL or REJECT."
  type        = string
  default     = "ALL"
}

variable "vpc_flow_log_retention_days" {
  description = "Retention of the flow-log CloudWatch Logs groups: 0 or at least 365 days."
  type        = number
  default     = 365
}

variable "instance_metadata_http_tokens" {
  description = "EC2 account default HttpTokens in both governed regions: required (IMDSv2)."
  type        = string
  default     = "required"
}

################################################################################
# Adoption of an existing account (README: Adopting an existing account). The
# defaults keep the baseline's own names; `python -m governance adopt` writes
# adopt.auto.tfvars with the names of the singletons the account already has.
################################################################################

variable "config_recorder_names" {
  description = "Existing AWS Config recorders to adopt, region => recorder name, for the home region (var.region) and secondary_region; `python -m governance adopt` writes it into adopt.auto.tfvars. A region not listed gets the baseline's own recorder (<name_prefix>-recorder). One recorder per region and the name is ForceNew: a rename is delete + create and leaves a recording gap, so an existing recorder is adopted under its own name (e.g. default) and imported."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for region in keys(var.config_recorder_names) : can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", region))])
    error_message = "config_recorder_names keys must be region names such as us-east-1; not a region: ${join(", ", [for region in keys(var.config_recorder_names) : region if !can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", region))])}."
  }

  validation {
    condition     = alltrue([for name in values(var.config_recorder_names) : can(regex("^[^\\s]{1,256}$", name))])
    error_message = "config_recorder_names values must be AWS Config recorder names (1-256 characters without whitespace); refused: ${join(", ", [for region, name in var.config_recorder_names : "${region}=\"${name}\"" if !can(regex("^[^\\s]{1,256}$", name))])}."
  }
}

variable "config_delivery_channel_names" {
  description = "Existing AWS Config delivery channels to adopt, region => channel name, for the home region (var.region) and secondary_region (adopt.auto.tfvars). A region not listed gets the baseline's own channel (the recorder's name in secondary_region, <name_prefix>-delivery in the home region). One channel per region and the name is ForceNew."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for region in keys(var.config_delivery_channel_names) : can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", region))])
    error_message = "config_delivery_channel_names keys must be region names such as us-east-1; not a region: ${join(", ", [for region in keys(var.config_delivery_channel_names) : region if !can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", region))])}."
  }

  validation {
    condition     = alltrue([for name in values(var.config_delivery_channel_names) : can(regex("^[^\\s]{1,256}$", name))])
    error_message = "config_delivery_channel_names values must be AWS Config delivery channel names (1-256 characters without whitespace); refused: ${join(", ", [for region, name in var.config_delivery_channel_names : "${region}=\"${name}\"" if !can(regex("^[^\\s]{1,256}$", name))])}."
  }
}

variable "access_analyzer_names" {
  description = "Existing ACCOUNT IAM Access Analyzer analyzers to adopt, region => analyzer name, for the home region (var.region) and secondary_region (adopt.auto.tfvars). Access Analyzer allows one account analyzer per region and the name is ForceNew, so an existing one is adopted under its own name and imported. A region not listed gets <name_prefix>-account-analyzer."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for region in keys(var.access_analyzer_names) : can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", region))])
    error_message = "access_analyzer_names keys must be region names such as us-east-1; not a region: ${join(", ", [for region in keys(var.access_analyzer_names) : region if !can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", region))])}."
  }

  validation {
    condition     = alltrue([for name in values(var.access_analyzer_names) : can(regex("^[A-Za-z][A-Za-z0-9_.-]{0,254}$", name))])
    error_message = "access_analyzer_names values must be Access Analyzer names (start with a letter; 1-255 letters, digits and _.-); refused: ${join(", ", [for region, name in var.access_analyzer_names : "${region}=\"${name}\"" if !can(regex("^[A-Za-z][A-Za-z0-9_.-]{0,254}$", name))])}."
  }
}

variable "audit_trail_name" {
  description = "Name of the baseline's multi-region trail; null (the default) means <name_prefix>-trail. Set it (adopt.auto.tfvars) to adopt an existing trail by name: the audit bucket's and key's policies are pinned to the same name (aws:SourceArn)."
  type        = string
  default     = null

  validation {
    condition = var.audit_trail_name == null || (
      can(regex("^[A-Za-z0-9]([._-]?[A-Za-z0-9])+$", var.audit_trail_name)) &&
      length(coalesce(var.audit_trail_name, "-")) >= 3 && length(coalesce(var.audit_trail_name, "-")) <= 128 &&
      !can(regex("^[0-9]+([.][0-9]+){3}$", var.audit_trail_name))
    )
    error_message = "audit_trail_name must be null or a CloudTrail trail name: 3-128 characters of letters, digits, '.', '_' and '-', starting and ending with a letter or digit, no two of '.', '_', '-' side by side, and not an IP address (CloudTrail naming requirements)."
  }
}

variable "guardduty_finding_publishing_frequency" {
  description = "Finding publishing frequency of both governed regions' detectors: FIFTEEN_MINUTES (default), ONE_HOUR or SIX_HOURS. null leaves it to the GuardDuty administrator account (adopt.auto.tfvars sets null in a member of a GuardDuty administrator, which cannot change it)."
  type        = string
  default     = "FIFTEEN_MINUTES"
  nullable    = true

  validation {
    condition     = var.guardduty_finding_publishing_frequency == null ? true : contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.guardduty_finding_publishing_frequency)
    error_message = "guardduty_finding_publishing_frequency must be null (left to the GuardDuty administrator) or FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS (the values GuardDuty accepts)."
  }
}
