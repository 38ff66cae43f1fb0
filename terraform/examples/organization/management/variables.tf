variable "region" {
  description = "Home region of the organization (where the management stack runs)."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of the guardrail policy names and delegated-admin resources."
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

variable "member_role_name" {
  description = "Role Organizations creates in every new account, assumed to apply the member baseline (and exempt from the guardrails)."
  type        = string
  default     = "OrganizationAccountAccessRole"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.member_role_name))
    error_message = "member_role_name must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)."
  }
}

variable "accounts" {
  description = "Accounts created in the organization: name => e-mail and OU (Security or Workloads). log-archive and audit are required (Security OU)."
  type = map(object({
    email = string
    ou    = string
  }))
  default = {
    "log-archive" = { email = "aws+log-archive@example.com", ou = "Security" }
    "audit"       = { email = "aws+audit@example.com", ou = "Security" }
    "workload-a"  = { email = "aws+workload-a@example.com", ou = "Workloads" }
    "workload-b"  = { email = "aws+workload-b@example.com", ou = "Workloads" }
  }

  validation {
    condition     = contains(keys(var.accounts), "log-archive") && contains(keys(var.accounts), "audit") && alltrue([for a in values(var.accounts) : contains(["Security", "Workloads"], a.ou)])
    error_message = "accounts must hold log-archive and audit, and every account's ou must be Security or Workloads."
  }

  validation {
    condition     = alltrue([for a in values(var.accounts) : can(regex("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", a.email))]) && length(distinct([for a in values(var.accounts) : lower(a.email)])) == length(var.accounts)
    error_message = "every account needs its own valid e-mail address (AWS refuses a second account with the same e-mail)."
  }
}

variable "close_accounts_on_destroy" {
  description = "On destroy, close the accounts (true) instead of only removing them from the organization (false). Closing is final after 90 days."
  type        = bool
  default     = false
}

variable "guardrail_target_ids" {
  description = "Where the guardrails are attached: label => root id, OU id or account id; null means the organization root."
  type        = map(string)
  default     = null
}

variable "allowed_regions" {
  description = "Regions member accounts may use."
  type        = list(string)
  default     = ["us-east-1", "eu-west-1"]
}

variable "exempt_principal_arns" {
  description = "Principals exempt from every guardrail; null means the member role in every account."
  type        = list(string)
  default     = null
}

variable "root_exempt_account_ids" {
  description = "Member accounts whose root user stays allowed (break-glass)."
  type        = list(string)
  default     = []
}

variable "enable_deny_iam_user_creation" {
  description = "Opt-in guardrail deny-iam-user-creation."
  type        = bool
  default     = false
}

variable "enable_require_imdsv2" {
  description = "Opt-in guardrail require-imdsv2."
  type        = bool
  default     = false
}

variable "organization_trail_s3_bucket_name" {
  description = "Log-archive bucket of the organization trail (the log-archive account's member stack output trail_bucket_name); null: no organization trail yet (first pass of the rollout)."
  type        = string
  default     = null
}

variable "organization_trail_kms_key_arn" {
  description = "KMS key of the organization trail (the log-archive member stack output kms_key_arn)."
  type        = string
  default     = null
}

variable "enable_guardduty_delegated_admin" {
  description = "Delegate GuardDuty administration to the audit account."
  type        = bool
  default     = true
}

variable "enable_securityhub_delegated_admin" {
  description = "Delegate Security Hub administration to the audit account."
  type        = bool
  default     = true
}

variable "enable_access_analyzer_delegated_admin" {
  description = "Delegate IAM Access Analyzer administration to the audit account."
  type        = bool
  default     = true
}

variable "enable_config_aggregator" {
  description = "Organization Config aggregator in the audit account."
  type        = bool
  default     = true
}

variable "config_delegated_admin_service_principals" {
  description = "Config service principals delegated to the audit account."
  type        = list(string)
  default     = ["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"]
}

variable "enable_organization_access_analyzer" {
  description = "The organization analyzer (IAM Access Analyzer type ORGANIZATION) in the audit account, home region (CIS v6.0.0 2.19 / v7.0.0 2.18); needs enable_access_analyzer_delegated_admin."
  type        = bool
  default     = true
}

variable "enable_cloudtrail_delegated_admin" {
  description = "Register the audit account as CloudTrail's delegated administrator (CIS v7.0.0 2.1.6, the organization trail's)."
  type        = bool
  default     = true
}

variable "enable_iam_delegated_admin" {
  description = "Register the audit account as IAM's delegated administrator for centralized root access (CIS v7.0.0 2.1.1 step 5, 2.1.6)."
  type        = bool
  default     = true
}

variable "enable_identity_center_delegated_admin" {
  description = "Register the audit account as IAM Identity Center's delegated administrator (CIS v7.0.0 2.1.6). Permission sets provisioned to the management account stay managed from it."
  type        = bool
  default     = true
}

variable "root_access_features" {
  description = "Centralized root access features for member accounts (CIS v7.0.0 2.1.1): RootCredentialsManagement, RootSessions."
  type        = list(string)
  default     = ["RootCredentialsManagement", "RootSessions"]
}

variable "policy_management_types" {
  description = "Organizations policy types the audit account manages through the delegation policy (CIS v7.0.0 2.1.5); null: no delegation policy (not compliant)."
  type        = list(string)
  default     = ["SERVICE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY"]
}
