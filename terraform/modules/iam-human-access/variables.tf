variable "name_prefix" {
  description = "Prefix of the managed policy names this module creates, so several baselines can coexist."
  type        = string
  default     = "governance"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,32}$", var.name_prefix))
    error_message = "name_prefix must be 1-32 characters from A-Z a-z 0-9 +=,.@_- (IAM name characters)."
  }
}

variable "groups" {
  nullable    = false
  description = <<-EOT
    IAM groups per job, by group name. Each group gets the MFA-enforcement policy, its
    `managed_policy_arns`, and one customer managed policy built from `statements`
    (least privilege: no `*` or `service:*` actions, no NotAction; `*` resources only for
    actions that accept nothing else). `&{aws:username}` in a resource is the caller's user name.
  EOT
  type = map(object({
    description         = optional(string, "")
    managed_policy_arns = optional(list(string), [])
    statements = optional(list(object({
      sid       = string
      effect    = optional(string, "Allow")
      actions   = list(string)
      resources = list(string)
      conditions = optional(list(object({
        test     = string
        variable = string
        values   = list(string)
      })), [])
    })), [])
  }))
  default = {
    Administrators = {
      description = "Administer IAM people of this account; everything else through roles."
      statements = [
        {
          sid = "ManagePeopleAndGroups"
          actions = [
            "iam:AddUserToGroup", "iam:CreateLoginProfile", "iam:CreateUser", "iam:DeleteLoginProfile",
            "iam:DeleteUser", "iam:GetGroup", "iam:GetLoginProfile", "iam:GetUser", "iam:ListGroupsForUser",
            "iam:ListMFADevices", "iam:RemoveUserFromGroup", "iam:TagUser", "iam:UntagUser",
            "iam:UpdateLoginProfile", "iam:DeactivateMFADevice", "iam:ResyncMFADevice",
          ]
          resources = ["arn:aws:iam::*:user/*", "arn:aws:iam::*:group/*"]
        },
        {
          sid = "ReadAccountIdentitySettings"
          actions = [
            "iam:GenerateCredentialReport", "iam:GetAccountPasswordPolicy", "iam:GetAccountSummary",
            "iam:GetCredentialReport", "iam:ListAccountAliases", "iam:ListGroups", "iam:ListPolicies",
            "iam:ListRoles", "iam:ListUsers", "iam:ListVirtualMFADevices",
          ]
          resources = ["*"]
        },
      ]
    }
    Developers = {
      description = "Developers: self-service on their own identity; workload access through roles."
      statements = [
        {
          sid       = "ReadOwnIdentity"
          actions   = ["iam:GetUser", "iam:ListGroupsForUser", "iam:ListSSHPublicKeys", "iam:UploadSSHPublicKey"]
          resources = ["arn:aws:iam::*:user/&{aws:username}"]
        },
      ]
    }
    Auditors = {
      description         = "Auditors: read configuration and security settings (SecurityAudit), never data."
      managed_policy_arns = ["arn:aws:iam::aws:policy/SecurityAudit"]
      statements = [
        {
          sid       = "ReadIdentityReports"
          actions   = ["iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetAccountAuthorizationDetails"]
          resources = ["*"]
        },
      ]
    }
  }

  validation {
    # An empty map keeps only the password policy and the MFA policy (accounts whose people
    # come through Identity Center); a user naming a group that is not here fails the plan
    # (precondition of aws_iam_user_group_membership). No reference to var.users: Terraform
    # skips a variable's validations when one of them reads another invalid variable.
    condition     = alltrue([for name in keys(var.groups) : can(regex("^[A-Za-z0-9+=,.@_-]{1,128}$", name))])
    error_message = "groups: group names must be 1-128 characters from A-Z a-z 0-9 +=,.@_-."
  }

  validation {
    condition = alltrue(flatten([
      for group in values(var.groups) : [
        for statement in group.statements : [
          for action in statement.actions : statement.effect == "Deny" || (action != "*" && !can(regex("^[A-Za-z0-9-]+:\\*$", action)))
        ]
      ]
    ]))
    error_message = "groups: Allow statements may not use '*' or 'service:*' actions (least privilege, CIS 1.16); list the actions the job needs."
  }

  validation {
    condition = alltrue(flatten([
      for group in values(var.groups) : [
        for statement in group.statements : contains(["Allow", "Deny"], statement.effect) && can(regex("^[A-Za-z0-9]+$", statement.sid))
      ]
    ]))
    error_message = "groups: every statement needs an alphanumeric sid and effect \"Allow\" or \"Deny\"."
  }

  validation {
    condition = alltrue([
      for group in values(var.groups) : !contains([for arn in group.managed_policy_arns : element(split("/", arn), length(split("/", arn)) - 1)], "AdministratorAccess")
    ])
    error_message = "groups: AdministratorAccess may not be attached to a group (standing '*' on '*', CIS 1.16); give administrators an MFA-protected role instead."
  }
}

variable "password_policy" {
  nullable    = false
  description = "Account password policy. Defaults meet CIS AWS Foundations v3.0 1.8 and 1.9."
  type = object({
    minimum_password_length        = optional(number, 14)
    password_reuse_prevention      = optional(number, 24)
    max_password_age               = optional(number, 90)
    require_lowercase_characters   = optional(bool, true)
    require_uppercase_characters   = optional(bool, true)
    require_numbers                = optional(bool, true)
    require_symbols                = optional(bool, true)
    allow_users_to_change_password = optional(bool, true)
    hard_expiry                    = optional(bool, false)
  })
  default = {
    minimum_password_length        = 14
    password_reuse_prevention      = 24
    max_password_age               = 90
    require_lowercase_characters   = true
    require_uppercase_characters   = true
    require_numbers                = true
    require_symbols                = true
    allow_users_to_change_password = true
    hard_expiry                    = false
  }

  validation {
    condition     = var.password_policy.minimum_password_length >= 14 && var.password_policy.minimum_password_length <= 128
    error_message = "password_policy.minimum_password_length must be 14 to 128: CIS AWS Foundations v3.0 1.8 requires at least 14."
  }

  validation {
    condition     = var.password_policy.password_reuse_prevention == 24
    error_message = "password_policy.password_reuse_prevention must be 24: CIS AWS Foundations v3.0 1.9 requires preventing reuse of the last 24 passwords."
  }

  validation {
    condition     = var.password_policy.max_password_age >= 1 && var.password_policy.max_password_age <= 90
    error_message = "password_policy.max_password_age must be 1 to 90 days (Security Hub IAM.7 / AWS Config iam-password-policy: passwords expire within 90 days)."
  }

  validation {
    condition = alltrue([
      var.password_policy.require_lowercase_characters, var.password_policy.require_uppercase_characters,
      var.password_policy.require_numbers, var.password_policy.require_symbols,
      var.password_policy.allow_users_to_change_password,
    ])
    error_message = "password_policy: every character class must be required and users must be allowed to change their password (Security Hub IAM.7)."
  }
}

variable "account_alias" {
  description = "Account alias shown on the sign-in page; null leaves the alias unmanaged."
  type        = string
  default     = null

  validation {
    condition     = var.account_alias == null || (can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.account_alias)) && !can(regex("--", var.account_alias)))
    error_message = "account_alias must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit."
  }
}

variable "users" {
  nullable    = false
  description = <<-EOT
    Dedicated IAM users, one per person, by user name, each with the groups of their job.
    Users never get policies of their own; console passwords and MFA are set by the person.
  EOT
  type = map(object({
    groups = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for name, user in var.users : length(user.groups) > 0 && can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", name))])
    error_message = "users: every user needs at least one group (permissions come only through groups, CIS 1.15) and a 1-64 character IAM name."
  }

  validation {
    # Generic name words: keep in step with governance/checks/iam.py GENERIC_NAME_TOKENS (a unit test compares them).
    condition = alltrue([
      for name in keys(var.users) : !strcontains(lower(name), "shared") && !alltrue([
        for token in compact(split("-", replace(replace(replace(lower(name), "_", "-"), ".", "-"), "@", "-"))) :
        can(regex("^[0-9]+$", token)) || contains(["admin", "administrator", "root", "team", "test", "ops", "dev", "devops", "support", "service", "user", "guest", "generic", "common", "default", "temp", "deploy", "ci", "readonly", "audit", "auditor"], token)
      ])
    ])
    error_message = "users: one person, one identity; name each user for the person (jane.doe), not for a job or a team (admin, shared-ops)."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource of this module."
  type        = map(string)
  default     = {}
}
