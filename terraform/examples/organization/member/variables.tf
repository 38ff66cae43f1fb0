variable "account_id" {
  description = "The member account this stack governs (the management stack's account_ids output)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "member_role_name" {
  description = "Role assumed in the member account (created by Organizations with the account)."
  type        = string
  default     = "OrganizationAccountAccessRole"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.member_role_name))
    error_message = "member_role_name must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)."
  }
}

variable "region" {
  description = "Home region of the member account (in the organization's allowed_regions)."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of every name the baseline creates (= the guardrails' protected_name_prefix)."
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

variable "alert_email" {
  description = "Who receives the CIS 4.x security alarms of this account."
  type        = string
  default     = "secops@example.com"
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

variable "enable_security_hub" {
  description = "Security Hub in the member's home region (CIS 4.16). Keep true unless the organization's delegated administrator enables it."
  type        = bool
  default     = true
}

variable "enable_saml_federation" {
  description = "An IAM SAML provider and federated roles in this account (saml_metadata_file, saml_roles), besides IAM Identity Center. Off by default: people reach member accounts through Identity Center."
  type        = bool
  default     = false
}

variable "saml_metadata_file" {
  description = "The IdP's SAML 2.0 metadata XML, relative to this example or absolute (read only with enable_saml_federation). The default is the saml-federation test fixture: replace it with your IdP's metadata."
  type        = string
  default     = "../../../modules/saml-federation/test-fixtures/idp-metadata.xml"
}

variable "saml_roles" {
  description = "Federated roles of this member account (baseline saml_roles; with enable_saml_federation)."
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
  description = "Tag the SAML provider too. Keep true; false only on moto, which drops SAML provider tags."
  type        = bool
  default     = true
}

variable "identity_center_role_arn" {
  description = "Role in the management (or delegated administrator) account that manages IAM Identity Center; null uses the caller's own credentials for the aws.identity_center provider."
  type        = string
  default     = null

  validation {
    condition     = var.identity_center_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", coalesce(var.identity_center_role_arn, "-")))
    error_message = "identity_center_role_arn must be null or an IAM role ARN (arn:<partition>:iam::<12 digits>:role/<name>)."
  }
}

variable "identity_center_region" {
  description = "Region of the Identity Center instance; null means var.region."
  type        = string
  default     = null

  validation {
    condition     = var.identity_center_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", coalesce(var.identity_center_region, "-")))
    error_message = "identity_center_region must be null or a region name such as us-east-1."
  }
}

variable "identity_center_permission_sets" {
  description = "Permission sets made in Identity Center (identity-center-access permission_sets), e.g. MemberAdmin with AdministratorAccess for 1 h. Empty (default): no Identity Center call from this stack. Permission sets are organization-wide: make each in one stack only."
  type        = any
  default     = {}
}

variable "identity_center_group_ids" {
  description = "Permission set name => Identity Center group ids (from the identity store, e.g. groups provisioned by the IdP) assigned that permission set in this member account."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for ids in values(var.identity_center_group_ids) : length(ids) > 0])
    error_message = "identity_center_group_ids: every permission set listed needs at least one group id."
  }
}

variable "force_destroy_log_buckets" {
  description = "Let destroy delete log buckets that still hold logs. Keep false: audit logs are evidence."
  type        = bool
  default     = false
}

variable "security_hub_standards" {
  description = "Security Hub standards to subscribe to (the tests set [] on moto, which has no standards endpoints)."
  type        = list(string)
  default = [
    "cis-aws-foundations-benchmark/v/3.0.0",
    "aws-foundational-security-best-practices/v/1.0.0",
  ]
}

variable "enable_access_analyzer" {
  description = "IAM Access Analyzer (CIS 1.20). Keep true; the tests set false on moto, which has no Access Analyzer backend."
  type        = bool
  default     = true
}

variable "s3_data_events" {
  description = "CloudTrail S3 object-level read and write events on this account's trail (CIS 3.8/3.9): { enabled, all_buckets, bucket_arns }. On for every bucket by default; data events are billed per event, so a member whose organization trail already records them may narrow bucket_arns or switch this off."
  type = object({
    enabled     = bool
    all_buckets = optional(bool, false)
    bucket_arns = optional(list(string), [])
  })
  default = { enabled = true, all_buckets = true }

  validation {
    condition     = !var.s3_data_events.enabled || var.s3_data_events.all_buckets || length(var.s3_data_events.bucket_arns) > 0
    error_message = "s3_data_events: when enabled is true, set all_buckets = true or list at least one bucket ARN."
  }
}

################################################################################
# Adoption of an existing account (README: Adopting an existing account). The
# defaults keep the baseline's own names; `python -m governance adopt` writes
# adopt.auto.tfvars with the names of the singletons the account already has.
################################################################################

variable "config_recorder_names" {
  description = "Existing AWS Config recorders to adopt, region => recorder name, for the home region (var.region; other keys are ignored: this example governs one region); `python -m governance adopt` writes it into adopt.auto.tfvars. A region not listed gets the baseline's own recorder (<name_prefix>-recorder). One recorder per region and the name is ForceNew: a rename is delete + create and leaves a recording gap, so an existing recorder is adopted under its own name (e.g. default) and imported."
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
  description = "Existing AWS Config delivery channels to adopt, region => channel name, for the home region (var.region; other keys are ignored: this example governs one region) (adopt.auto.tfvars). A region not listed gets the baseline's own channel (<name_prefix>-delivery). One channel per region and the name is ForceNew."
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
  description = "Existing ACCOUNT IAM Access Analyzer analyzers to adopt, region => analyzer name, for the home region (var.region; other keys are ignored: this example governs one region) (adopt.auto.tfvars). Access Analyzer allows one account analyzer per region and the name is ForceNew, so an existing one is adopted under its own name and imported. A region not listed gets <name_prefix>-account-analyzer."
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
  description = "Finding publishing frequency of the detector: FIFTEEN_MINUTES (default), ONE_HOUR or SIX_HOURS. null leaves it to the GuardDuty administrator account (adopt.auto.tfvars sets null in a member of a GuardDuty administrator, which cannot change it)."
  type        = string
  default     = "FIFTEEN_MINUTES"
  nullable    = true

  validation {
    condition     = var.guardduty_finding_publishing_frequency == null ? true : contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.guardduty_finding_publishing_frequency)
    error_message = "guardduty_finding_publishing_frequency must be null (left to the GuardDuty administrator) or FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS (the values GuardDuty accepts)."
  }
}
