variable "roles" {
  description = <<-EOT
    IAM roles to create, keyed by role name. Fields:
    kind (admin | developer | read-only | break-glass | partner) selects the trust
    shape and the session-duration limit; max_session_duration in seconds
    (900 up to the kind's limit, see README); trusted_principal_arns (human kinds:
    defaults to this account's root, so IAM policies decide who may assume; partner:
    the partner account ARNs, required); allowed_group_names (IAM groups in this
    account that get sts:AssumeRole on exactly this role); external_id (required
    for partner, 2-1224 chars); require_mfa (always true for human kinds,
    optional for partner, default false there); managed_policy_arns;
    inline_policy_statements ({sid, effect, actions, resources, conditions}, no
    wildcards in Allow statements); optional description, path and
    permissions_boundary_arn.
  EOT
  type = map(object({
    kind                     = string
    description              = optional(string)
    path                     = optional(string, "/")
    max_session_duration     = optional(number, 3600)
    trusted_principal_arns   = optional(list(string), [])
    allowed_group_names      = optional(list(string), [])
    external_id              = optional(string)
    require_mfa              = optional(bool)
    managed_policy_arns      = optional(list(string), [])
    permissions_boundary_arn = optional(string)
    # checked and turned into the policy by ../_internal/least-privilege-policy
    inline_policy_statements = optional(list(object({
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
  default = {}

  validation {
    condition     = alltrue([for name, role in var.roles : can(regex("^[\\w+=,.@-]{1,64}$", name))])
    error_message = "Role names must be 1-64 characters of letters, digits and +=,.@_- (IAM role name rules): ${join(", ", [for name, role in var.roles : name if !can(regex("^[\\w+=,.@-]{1,64}$", name))])}."
  }

  validation {
    condition     = alltrue([for name, role in var.roles : contains(["admin", "developer", "read-only", "break-glass", "partner"], role.kind)])
    error_message = "Role kind must be one of admin, developer, read-only, break-glass, partner (the kind selects the trust shape and the session limit): ${join(", ", [for name, role in var.roles : "role ${name} has kind ${role.kind}" if !contains(["admin", "developer", "read-only", "break-glass", "partner"], role.kind)])}."
  }

  # Session limits per kind. Keep in sync with local.max_session_duration_by_kind
  # in main.tf and the README table (validations may reference only the variable).
  validation {
    condition = alltrue([
      for name, role in var.roles :
      role.max_session_duration >= 900 && role.max_session_duration <= lookup({ "admin" = 3600, "break-glass" = 3600, "partner" = 3600, "developer" = 14400, "read-only" = 14400 }, role.kind, 3600)
    ])
    error_message = "max_session_duration must be at least 900 s and at most the limit of the role's kind (admin, break-glass, partner: 3600 s; developer, read-only: 14400 s) so that stolen sessions expire quickly: ${join("; ", [
      for name, role in var.roles :
      (role.max_session_duration < 900
        ? "role ${name} of kind ${role.kind} must be at least 900 s (got ${role.max_session_duration})"
        : "role ${name} of kind ${role.kind} may not exceed ${lookup({ "admin" = 3600, "break-glass" = 3600, "partner" = 3600, "developer" = 14400, "read-only" = 14400 }, role.kind, 3600)} s (got ${role.max_session_duration})"
      )
      if !(role.max_session_duration >= 900 && role.max_session_duration <= lookup({ "admin" = 3600, "break-glass" = 3600, "partner" = 3600, "developer" = 14400, "read-only" = 14400 }, role.kind, 3600))
    ])}."
  }

  validation {
    condition = alltrue([
      for name, role in var.roles :
      role.kind != "partner" || (role.external_id == null ? false : (can(regex("^[\\w+=,.@:/-]+$", role.external_id)) && length(role.external_id) >= 2 && length(role.external_id) <= 1224))
    ])
    error_message = "Partner roles must set external_id (2-1224 characters of letters, digits and +=,.@:/-_) to prevent the confused-deputy problem: ${join(", ", [for name, role in var.roles : name if role.kind == "partner" && (role.external_id == null ? true : !(can(regex("^[\\w+=,.@:/-]+$", role.external_id)) && length(role.external_id) >= 2 && length(role.external_id) <= 1224))])}."
  }

  validation {
    condition     = alltrue([for name, role in var.roles : role.kind != "partner" || length(role.trusted_principal_arns) > 0])
    error_message = "Partner roles must list the partner account ARNs in trusted_principal_arns (a partner role trusting this account makes no sense): ${join(", ", [for name, role in var.roles : name if role.kind == "partner" && length(role.trusted_principal_arns) == 0])}."
  }

  validation {
    condition     = alltrue([for name, role in var.roles : role.kind == "partner" || role.require_mfa != false])
    error_message = "require_mfa may be false only for partner roles; human roles (admin, developer, read-only, break-glass) always require MFA (CIS 1.10): ${join(", ", [for name, role in var.roles : name if role.kind != "partner" && role.require_mfa == false])}."
  }

  validation {
    condition = alltrue(flatten([
      for name, role in var.roles : [
        for arn in role.trusted_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|user/.+|role/.+)$", arn))
      ]
    ]))
    error_message = "trusted_principal_arns must be IAM ARNs of an account root, user or role (arn:<partition>:iam::<12 digits>:root|user/...|role/...); wildcards and bare account ids are not allowed because the trust policy must name who may assume the role."
  }

  validation {
    condition     = alltrue(flatten([for name, role in var.roles : [for group in role.allowed_group_names : can(regex("^[\\w+=,.@-]{1,128}$", group))]]))
    error_message = "allowed_group_names must be IAM group names (1-128 characters of letters, digits and +=,.@_-)."
  }

  validation {
    condition     = alltrue(flatten([for name, role in var.roles : [for arn in role.managed_policy_arns : can(regex("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$", arn))]]))
    error_message = "managed_policy_arns must be IAM policy ARNs (arn:<partition>:iam::aws|<account>:policy/...)."
  }
}

variable "mfa_max_age_seconds" {
  description = "Maximum age in seconds of the MFA authentication used to assume a human role (aws:MultiFactorAuthAge NumericLessThan). 1..43200."
  type        = number
  default     = 3600

  validation {
    condition     = var.mfa_max_age_seconds >= 1 && var.mfa_max_age_seconds <= 43200
    error_message = "mfa_max_age_seconds must be between 1 and 43200 (12 h); an older MFA authentication no longer proves the caller is present."
  }
}

variable "group_policy_name_prefix" {
  description = "Prefix of the inline IAM group policy that lets a group assume a role; the full name is <prefix><role name>."
  type        = string
  default     = "assume-role-"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,60}$", var.group_policy_name_prefix))
    error_message = "group_policy_name_prefix must be 1-60 characters of letters, digits and +=,.@_- (IAM policy name rules, leaving room for the role name)."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default     = {}
}
