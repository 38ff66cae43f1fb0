variable "saml_provider_name" {
  description = "Name of the IAM SAML identity provider."
  type        = string
  default     = "corporate-idp"

  validation {
    condition     = can(regex("^[\\w._-]{1,128}$", var.saml_provider_name))
    error_message = "saml_provider_name must be 1-128 characters of letters, digits and ._- (IAM SAML provider name rules)."
  }
}

variable "saml_metadata_document" {
  description = "SAML 2.0 metadata XML of the identity provider (an md:EntityDescriptor with an IDPSSODescriptor), e.g. file(\"idp-metadata.xml\")."
  type        = string

  validation {
    condition = (
      strcontains(var.saml_metadata_document, "EntityDescriptor") &&
      strcontains(var.saml_metadata_document, "urn:oasis:names:tc:SAML:2.0:metadata") &&
      strcontains(var.saml_metadata_document, "IDPSSODescriptor")
    )
    error_message = "saml_metadata_document is not SAML 2.0 metadata: it must be an EntityDescriptor in the namespace urn:oasis:names:tc:SAML:2.0:metadata containing an IDPSSODescriptor (export it from your identity provider)."
  }

  validation {
    condition     = length(var.saml_metadata_document) >= 1000 && length(var.saml_metadata_document) <= 10000000
    error_message = "saml_metadata_document must be 1000 to 10000000 characters long (IAM CreateSAMLProvider limits); real IdP metadata includes a signing certificate, so anything shorter is not usable metadata."
  }
}

variable "saml_audience" {
  description = "Value required in the SAML:aud condition of every role trust policy: the AWS sign-in SAML endpoint of the partition (https://signin.aws.amazon.com/saml, https://<region>.signin.aws.amazon.com/saml, https://signin.amazonaws-us-gov.com/saml, https://signin.amazonaws.cn/saml)."
  type        = string
  default     = "https://signin.aws.amazon.com/saml"

  validation {
    condition     = can(regex("^https://([a-z0-9-]+\\.)?signin\\.(aws\\.amazon\\.com|amazonaws-us-gov\\.com|amazonaws\\.cn)/saml$", var.saml_audience))
    error_message = "saml_audience must be an AWS sign-in SAML endpoint such as https://signin.aws.amazon.com/saml (or the regional, GovCloud or China equivalent); any other audience would let assertions meant for another service assume these roles."
  }
}

variable "roles" {
  description = <<-EOT
    Federated IAM roles assumable with sts:AssumeRoleWithSAML via this provider,
    keyed by role name. Fields: kind (admin | developer | read-only, default admin,
    selects the session limit: admin 3600 s, developer and read-only 14400 s);
    max_session_duration (900 s up to the kind's limit, default 3600);
    managed_policy_arns; inline_policy_statements ({sid, effect, actions,
    resources, conditions}, no wildcards in Allow statements); optional
    description, path and permissions_boundary_arn.
  EOT
  type = map(object({
    kind                     = optional(string, "admin")
    description              = optional(string)
    path                     = optional(string, "/")
    max_session_duration     = optional(number, 3600)
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
    condition     = alltrue([for name, role in var.roles : contains(["admin", "developer", "read-only"], role.kind)])
    error_message = "Federated role kind must be one of admin, developer, read-only (the kind selects the session limit): ${join(", ", [for name, role in var.roles : "role ${name} has kind ${role.kind}" if !contains(["admin", "developer", "read-only"], role.kind)])}."
  }

  # Session limits per kind; same table as access-roles. Keep in sync with
  # local.max_session_duration_by_kind and the README.
  validation {
    condition = alltrue([
      for name, role in var.roles :
      role.max_session_duration >= 900 && role.max_session_duration <= lookup({ "admin" = 3600, "developer" = 14400, "read-only" = 14400 }, role.kind, 3600)
    ])
    error_message = "max_session_duration must be at least 900 s and at most the limit of the role's kind (admin: 3600 s; developer, read-only: 14400 s; IAM's own ceiling is 43200 s) so that stolen sessions expire quickly: ${join("; ", [
      for name, role in var.roles :
      (role.max_session_duration < 900
        ? "role ${name} of kind ${role.kind} must be at least 900 s (got ${role.max_session_duration})"
        : "role ${name} of kind ${role.kind} may not exceed ${lookup({ "admin" = 3600, "developer" = 14400, "read-only" = 14400 }, role.kind, 3600)} s (got ${role.max_session_duration})"
      )
      if !(role.max_session_duration >= 900 && role.max_session_duration <= lookup({ "admin" = 3600, "developer" = 14400, "read-only" = 14400 }, role.kind, 3600))
    ])}."
  }

  validation {
    condition     = alltrue(flatten([for name, role in var.roles : [for arn in role.managed_policy_arns : can(regex("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$", arn))]]))
    error_message = "managed_policy_arns must be IAM policy ARNs (arn:<partition>:iam::aws|<account>:policy/...)."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default     = {}
}

variable "tag_saml_provider" {
  description = "Apply tags to the SAML provider as well as to the roles. Keep true; false exists for IAM endpoints that drop SAML provider tags (moto 5.2.5 ignores the tags of CreateSAMLProvider, so they would never converge)."
  type        = bool
  default     = true
}
