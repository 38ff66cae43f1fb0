variable "enabled" {
  description = "Create the Identity Center permission sets and assignments. Opt-in: needs an IAM Identity Center instance in the account and region of the provider (normally the organization's management or delegated administrator account)."
  type        = bool
  default     = false
}

variable "permission_sets" {
  description = <<-EOT
    Permission sets keyed by name (1-32 characters). Fields: description;
    session_duration as ISO-8601 (PT1H..PT12H, hours and/or minutes, default PT1H);
    managed_policy_arns (AWS managed policy ARNs); inline_policy_statements
    ({sid, effect, actions, resources, conditions}, no wildcards in Allow
    statements); optional relay_state URL.
  EOT
  type = map(object({
    description         = optional(string)
    session_duration    = optional(string, "PT1H")
    relay_state         = optional(string)
    managed_policy_arns = optional(list(string), [])
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
    condition     = alltrue([for name, ps in var.permission_sets : can(regex("^[\\w+=,.@-]{1,32}$", name))])
    error_message = "Permission set names must be 1-32 characters of letters, digits and +=,.@_- (Identity Center rules)."
  }

  validation {
    condition     = alltrue([for name, ps in var.permission_sets : ps.description == null ? true : length(ps.description) <= 700])
    error_message = "Permission set descriptions may be at most 700 characters."
  }

  validation {
    condition = alltrue([
      for name, ps in var.permission_sets :
      can(regex("^PT([0-9]+H)?([0-9]+M)?$", ps.session_duration)) && ps.session_duration != "PT" &&
      (try(tonumber(regex("([0-9]+)H", ps.session_duration)[0]), 0) * 3600 + try(tonumber(regex("([0-9]+)M", ps.session_duration)[0]), 0) * 60) >= 3600 &&
      (try(tonumber(regex("([0-9]+)H", ps.session_duration)[0]), 0) * 3600 + try(tonumber(regex("([0-9]+)M", ps.session_duration)[0]), 0) * 60) <= 43200
    ])
    error_message = "session_duration must be an ISO-8601 duration from PT1H to PT12H (e.g. PT1H, PT4H, PT90M); shorter sessions limit the use of stolen credentials and Identity Center accepts at most 12 h. Offending: ${join(", ", [for name, ps in var.permission_sets : "${name}=${ps.session_duration}" if !(can(regex("^PT([0-9]+H)?([0-9]+M)?$", ps.session_duration)) && ps.session_duration != "PT" && (try(tonumber(regex("([0-9]+)H", ps.session_duration)[0]), 0) * 3600 + try(tonumber(regex("([0-9]+)M", ps.session_duration)[0]), 0) * 60) >= 3600 && (try(tonumber(regex("([0-9]+)H", ps.session_duration)[0]), 0) * 3600 + try(tonumber(regex("([0-9]+)M", ps.session_duration)[0]), 0) * 60) <= 43200)])}."
  }

  validation {
    condition     = alltrue(flatten([for name, ps in var.permission_sets : [for arn in ps.managed_policy_arns : can(regex("^arn:aws[a-z-]*:iam::aws:policy/.+$", arn))]]))
    error_message = "managed_policy_arns must be AWS managed policy ARNs (arn:<partition>:iam::aws:policy/...); customer managed policies are attached by name, not by this module."
  }
}

variable "account_assignments" {
  description = <<-EOT
    Assignments of a permission set (a key of permission_sets) to an Identity
    Center GROUP or USER (principal_id from the identity store) in an AWS account
    (12-digit account_id). Optional key: a stable identifier used as the
    Terraform address; set it when principal_id is only known after apply
    (e.g. a group created in the same run). Default key:
    <permission_set>/<principal_type>/<principal_id>/<account_id>.
  EOT
  type = list(object({
    permission_set = string
    principal_type = string
    principal_id   = string
    account_id     = string
    key            = optional(string)
  }))
  default = []

  validation {
    condition     = alltrue([for a in var.account_assignments : contains(["GROUP", "USER"], a.principal_type)])
    error_message = "principal_type must be GROUP or USER (prefer GROUP: access is then granted through group membership)."
  }

  validation {
    condition     = alltrue([for a in var.account_assignments : can(regex("^[0-9]{12}$", a.account_id))])
    error_message = "account_id must be a 12-digit AWS account id: ${join(", ", [for a in var.account_assignments : a.account_id if !can(regex("^[0-9]{12}$", a.account_id))])}."
  }

  validation {
    condition     = alltrue([for a in var.account_assignments : length(a.principal_id) > 0 && length(a.permission_set) > 0])
    error_message = "principal_id and permission_set must not be empty."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default     = {}
}
