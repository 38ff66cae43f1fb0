variable "region" {
  description = "Home region of the account (the only governed region of this example)."
  type        = string
  default     = "us-east-1"
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

variable "users" {
  description = "Dedicated IAM users, one per person, with the groups of their job."
  type = map(object({
    groups = list(string)
  }))
  default = {
    "jane.doe"   = { groups = ["Administrators"] }
    "john.smith" = { groups = ["Developers"] }
  }
}

variable "alert_email" {
  description = "Who receives the CIS 4.x security alarms (confirm the subscription e-mail)."
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
