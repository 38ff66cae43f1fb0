variable "region" {
  description = "Home region of the account (IAM is global; the provider needs one)."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of the managed policy names."
  type        = string
  default     = "governance"
}

variable "account_alias" {
  description = "Account alias shown on the sign-in page; null leaves it unmanaged."
  type        = string
  default     = null
}

variable "groups" {
  description = "IAM groups per job; null keeps the module's defaults (Administrators, Developers, Auditors)."
  type        = any
  default     = null
}

variable "password_policy" {
  description = "Account password policy overrides; the module's defaults meet CIS 1.8 and 1.9."
  type        = any
  default     = {}
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

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default = {
    ManagedBy = "terraform"
    Baseline  = "aws-governance-baseline"
  }
}
