variable "region" {
  description = "Home region of the member account."
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

variable "identity_center_role_arn" {
  description = "Role in the management (or delegated administrator) account that manages IAM Identity Center; null uses the default credentials for the aws.identity_center provider."
  type        = string
  default     = null
}

variable "identity_center_region" {
  description = "Region of the Identity Center instance; null means var.region."
  type        = string
  default     = null
}

variable "identity_center_permission_sets" {
  description = "Permission sets created in Identity Center (identity-center-access permission_sets)."
  type        = any
  default = {
    "MemberAdmin" = {
      description         = "Administration of member accounts, 1 h sessions"
      session_duration    = "PT1H"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    }
    "MemberReadOnly" = {
      description         = "Read-only access to member accounts"
      session_duration    = "PT4H"
      managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    }
  }
}

variable "identity_center_group_ids" {
  description = "Permission set name => Identity Center group ids (from the identity store, e.g. groups provisioned by the IdP) assigned that permission set in this member account."
  type        = map(list(string))
  default     = {}
}

variable "saml_metadata_file" {
  description = "The IdP's SAML 2.0 metadata XML, relative to this example or absolute. The default is the saml-federation test fixture: replace it with your IdP's metadata."
  type        = string
  default     = "../../modules/saml-federation/test-fixtures/idp-metadata.xml"
}

variable "saml_roles" {
  description = "Federated roles of this member account (baseline saml_roles)."
  type        = any
  default = {
    "federated-admin" = {
      kind                = "admin"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    }
    "federated-read-only" = {
      kind                 = "read-only"
      max_session_duration = 14400
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    }
  }
}

variable "tag_saml_provider" {
  description = "Tag the SAML provider too. Keep true; false only on moto, which drops SAML provider tags."
  type        = bool
  default     = true
}

variable "alert_subscriptions" {
  description = "Subscribers of the security alert topic."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = [{ protocol = "email", endpoint = "secops@example.com" }]
}

variable "alternate_contacts" {
  description = "Alternate contacts SECURITY, OPERATIONS and BILLING of the member account."
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

variable "enable_security_hub" {
  description = "Security Hub in the member's home region. Keep true unless the organization's delegated administrator enables it."
  type        = bool
  default     = true
}

variable "enable_access_analyzer" {
  description = "IAM Access Analyzer in the home region (CIS 1.20). Keep true; false only where there is no Access Analyzer (moto)."
  type        = bool
  default     = true
}

variable "force_destroy_log_buckets" {
  description = "Let destroy delete log buckets that still hold logs. Keep false: audit logs are evidence."
  type        = bool
  default     = false
}
