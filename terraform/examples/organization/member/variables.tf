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
