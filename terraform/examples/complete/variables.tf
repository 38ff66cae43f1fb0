variable "region" {
  description = "Home region: the trail, AWS Config, the alerts, Security Hub and the home regional guardrails live here."
  type        = string
  default     = "us-east-1"
}

variable "secondary_region" {
  description = "The second governed region, reached through the aws.secondary provider alias: EBS default encryption, GuardDuty and IAM Access Analyzer there."
  type        = string
  default     = "eu-west-1"
}

variable "governed_regions" {
  description = "Regions the audit reads; null means [region, secondary_region], the regions this example applies regional guardrails to."
  type        = list(string)
  default     = null
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

variable "account_alias" {
  description = "Account alias shown on the sign-in page; null leaves it unmanaged."
  type        = string
  default     = null
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

variable "access_roles" {
  description = "Temporary-access roles and the IAM groups allowed to assume each (baseline access_roles)."
  type        = any
  default = {
    "platform-admin" = {
      kind                = "admin"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
      allowed_group_names = ["Administrators"]
    }
    "developer" = {
      kind                 = "developer"
      max_session_duration = 14400
      managed_policy_arns  = ["arn:aws:iam::aws:policy/PowerUserAccess"]
      allowed_group_names  = ["Developers"]
    }
    "read-only" = {
      kind                 = "read-only"
      max_session_duration = 14400
      managed_policy_arns  = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
      allowed_group_names  = ["Auditors", "Developers"]
    }
    "break-glass" = {
      kind                = "break-glass"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
      allowed_group_names = ["Administrators"]
    }
  }
}

variable "saml_metadata_file" {
  description = "The IdP's SAML 2.0 metadata XML, relative to this example or absolute. The default is the saml-federation test fixture: replace it with your IdP's metadata."
  type        = string
  default     = "../../modules/saml-federation/test-fixtures/idp-metadata.xml"
}

variable "saml_roles" {
  description = "Federated roles assumable through the SAML provider (baseline saml_roles)."
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
  description = "Tag the SAML provider too. Keep true; the tests set false on moto, which drops SAML provider tags."
  type        = bool
  default     = true
}

variable "identity_center_permission_sets" {
  description = "Identity Center permission sets, each assigned to the platform-admins group in this account."
  type        = any
  default = {
    "PlatformAdmin" = {
      description         = "Administration through Identity Center, 1 h sessions"
      session_duration    = "PT1H"
      managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    }
  }
}

variable "log_retention_days" {
  description = "Days audit logs are kept in the audit bucket (floor 365)."
  type        = number
  default     = 365
}

variable "force_destroy_log_buckets" {
  description = "Let destroy delete log buckets that still hold logs. Keep false: audit logs are evidence; the tests set true in disposable accounts."
  type        = bool
  default     = false
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

variable "vpc_flow_log_traffic_type" {
  description = "Traffic the VPC flow logs of both governed regions record: ALL or REJECT."
  type        = string
  default     = "ALL"
}

variable "vpc_flow_log_retention_days" {
  description = "Retention of the flow-log CloudWatch Logs groups: 0 or at least 365 days."
  type        = number
  default     = 365
}

variable "instance_metadata_http_tokens" {
  description = "EC2 account default HttpTokens in both governed regions: required (IMDSv2)."
  type        = string
  default     = "required"
}
