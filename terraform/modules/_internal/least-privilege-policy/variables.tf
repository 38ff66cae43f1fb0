variable "policies" {
  nullable    = false
  description = <<-EOT
    The least-privilege statements of the caller's policies. `owner` is what holds each policy,
    as refusals name it ("role", "permission set"); `statements` maps each owner's name (a role
    name, a permission set name) to its statements {sid, effect, actions, resources, conditions};
    `enabled = false` (a caller switched off) still validates them and builds no document.
    The statement type is repeated in each caller's variables (Terraform has no shared types).
  EOT
  type = object({
    owner   = string
    enabled = optional(bool, true)
    statements = map(list(object({
      sid       = string
      effect    = optional(string, "Allow")
      actions   = list(string)
      resources = list(string)
      conditions = optional(list(object({
        test     = string
        variable = string
        values   = list(string)
      })), [])
    })))
  })

  validation {
    condition     = contains(["role", "permission set"], var.policies.owner)
    error_message = "policies.owner must be role or permission set (what holds the policy, named in refusals)."
  }

  validation {
    condition = alltrue(flatten([
      for name, statements in var.policies.statements : [
        for s in statements : contains(["Allow", "Deny"], s.effect) && can(regex("^[A-Za-z0-9]+$", s.sid))
      ]
    ]))
    error_message = "Every inline policy statement needs an alphanumeric sid and an effect of Allow or Deny."
  }

  validation {
    condition = alltrue([
      for name, statements in var.policies.statements :
      length(distinct([for s in statements : s.sid])) == length(statements)
    ])
    error_message = "Inline policy statement sids must be unique within a ${var.policies.owner}."
  }

  validation {
    condition = alltrue(flatten([
      for name, statements in var.policies.statements : [
        for s in statements : s.effect == "Deny" || (
          length(s.actions) > 0 && length(s.resources) > 0 &&
          alltrue([for a in s.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a))]) &&
          alltrue([for r in s.resources : can(regex("^arn:[^:*]+:[^:*]+:[^:*]*:[^:*]*:.+$", r)) && !can(regex("^arn:[^:]+:[^:]+:[^:]*:[^:]*:\\*$", r))])
        )
      ]
    ]))
    error_message = "Inline Allow statements may not use \"*\" in actions or resources (least privilege, CIS 1.16): actions must be exact service:Action names and resources must be ARNs whose service, region and account are not wildcards and whose resource part is not just \"*\" (a path wildcard such as arn:aws:s3:::bucket/* is allowed). Deny guard statements are exempt. Offending: ${join(", ", flatten([for name, statements in var.policies.statements : [for s in statements : "${var.policies.owner} ${name} statement ${s.sid}" if s.effect != "Deny" && !(length(s.actions) > 0 && length(s.resources) > 0 && alltrue([for a in s.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a))]) && alltrue([for r in s.resources : can(regex("^arn:[^:*]+:[^:*]+:[^:*]*:[^:*]*:.+$", r)) && !can(regex("^arn:[^:]+:[^:]+:[^:]*:[^:]*:\\*$", r))]))]]))}."
  }
}
