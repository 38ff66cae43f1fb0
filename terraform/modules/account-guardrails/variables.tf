variable "alternate_contacts" {
  description = "Alternate contacts keyed by contact type; all three of SECURITY, OPERATIONS and BILLING are required (CIS 1.2, ACCT-001). Each: name, title, email_address (prefer a monitored distribution list), phone_number."
  type = map(object({
    name          = string
    title         = string
    email_address = string
    phone_number  = string
  }))

  validation {
    condition = (
      length(setsubtract(["SECURITY", "OPERATIONS", "BILLING"], keys(var.alternate_contacts))) == 0 &&
      length(setsubtract(keys(var.alternate_contacts), ["SECURITY", "OPERATIONS", "BILLING"])) == 0
    )
    error_message = "alternate_contacts must have exactly the keys SECURITY, OPERATIONS and BILLING: AWS must be able to reach the right team for security notices (CIS 1.2) and each contact type is required by ACCT-001. Got: ${join(", ", keys(var.alternate_contacts))}."
  }

  validation {
    condition     = alltrue([for type, c in var.alternate_contacts : can(regex("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", c.email_address)) && length(c.email_address) <= 254])
    error_message = "Each alternate contact email_address must be a single valid e-mail address (local@domain.tld, at most 254 characters) so that AWS notices are delivered: ${join(", ", [for type, c in var.alternate_contacts : "${type}=${c.email_address}" if !(can(regex("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", c.email_address)) && length(c.email_address) <= 254)])}."
  }

  validation {
    condition     = alltrue([for type, c in var.alternate_contacts : can(regex("^\\+?[0-9(][0-9 ()-]{5,23}$", c.phone_number))])
    error_message = "Each alternate contact phone_number must be 6-25 characters of digits, spaces, ( ) and -, optionally starting with + (international format, e.g. +1 206 555 0100), as accepted by the Account API: ${join(", ", [for type, c in var.alternate_contacts : "${type}=${c.phone_number}" if !can(regex("^\\+?[0-9(][0-9 ()-]{5,23}$", c.phone_number))])}."
  }

  validation {
    condition     = alltrue([for type, c in var.alternate_contacts : length(trimspace(c.name)) >= 1 && length(c.name) <= 64 && length(trimspace(c.title)) >= 1 && length(c.title) <= 50])
    error_message = "Each alternate contact needs a name (1-64 characters) and a title (1-50 characters)."
  }
}

variable "support_role_name" {
  description = "Name of the IAM role that manages incidents with AWS Support (CIS 1.17)."
  type        = string
  default     = "aws-support"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.support_role_name))
    error_message = "support_role_name must be 1-64 characters of letters, digits and +=,.@_- (IAM role name rules)."
  }
}

variable "support_role_trusted_principal_arns" {
  description = "IAM principals allowed to assume the support role (MFA required). Empty means this account's root, so IAM policies (e.g. a group policy) decide who may assume it."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.support_role_trusted_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|user/.+|role/.+)$", arn))])
    error_message = "support_role_trusted_principal_arns must be IAM ARNs of an account root, user or role; wildcards are not allowed because the trust policy must name who may assume the role."
  }
}

variable "support_role_max_session_duration" {
  description = "Maximum session duration of the support role in seconds (900..3600)."
  type        = number
  default     = 3600

  validation {
    condition     = var.support_role_max_session_duration >= 900 && var.support_role_max_session_duration <= 3600
    error_message = "support_role_max_session_duration must be between 900 and 3600 s: the support role can open cases that expose account data, so sessions stay short."
  }
}

variable "mfa_max_age_seconds" {
  description = "Maximum age in seconds of the MFA authentication used to assume the support role (aws:MultiFactorAuthAge NumericLessThan). 1..43200."
  type        = number
  default     = 3600

  validation {
    condition     = var.mfa_max_age_seconds >= 1 && var.mfa_max_age_seconds <= 43200
    error_message = "mfa_max_age_seconds must be between 1 and 43200 (12 h); an older MFA authentication no longer proves the caller is present."
  }
}

variable "enable_security_hub" {
  description = "Enable AWS Security Hub in the provider's (home) region and subscribe to security_hub_standards. Opt-out exists for environments without Security Hub (moto): false is NOT compliant."
  type        = bool
  default     = true
}

variable "security_hub_standards" {
  description = "Security Hub standards to subscribe to, as <name>/v/<version> (the part after standards/ in the standards ARN). Default: CIS AWS Foundations v3.0.0 and AWS Foundational Security Best Practices v1.0.0."
  type        = list(string)
  default = [
    "cis-aws-foundations-benchmark/v/3.0.0",
    "aws-foundational-security-best-practices/v/1.0.0",
  ]

  validation {
    condition = alltrue([for s in var.security_hub_standards : contains([
      "cis-aws-foundations-benchmark/v/3.0.0",
      "cis-aws-foundations-benchmark/v/1.4.0",
      "aws-foundational-security-best-practices/v/1.0.0",
      "nist-800-53/v/5.0.0",
      "pci-dss/v/3.2.1",
    ], s)])
    error_message = "security_hub_standards entries must be one of cis-aws-foundations-benchmark/v/3.0.0, cis-aws-foundations-benchmark/v/1.4.0, aws-foundational-security-best-practices/v/1.0.0, nist-800-53/v/5.0.0, pci-dss/v/3.2.1 (regional standards ARNs this module knows how to build; CIS v1.2.0 uses a different ARN form and is superseded by v3.0.0)."
  }

  validation {
    condition     = length(distinct(var.security_hub_standards)) == length(var.security_hub_standards)
    error_message = "security_hub_standards must not contain duplicates."
  }
}

variable "enable_access_analyzer" {
  description = "Create an ACCOUNT-type IAM Access Analyzer in the provider's (home) region (CIS 1.20). Only one account analyzer per region is allowed: set false when regional-guardrails also runs in the home region. moto has no Access Analyzer backend."
  type        = bool
  default     = true
}

variable "access_analyzer_name" {
  description = "Name of the account analyzer."
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
