################################################################################
# Names, tags, regions
################################################################################

variable "name_prefix" {
  description = "Prefix of every name the baseline creates (trail, log group, buckets, KMS aliases, IAM policies and roles, Config recorder, alert topic). Bucket names also carry the account id and the home region."
  type        = string
  default     = "governance"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-20 characters of lower-case letters, digits and hyphens, starting and ending with a letter or digit: it becomes part of S3 bucket names (at most 63 characters with the account id and region)."
  }
}

variable "tags" {
  description = "Tags applied to every taggable resource of every module of the baseline."
  type        = map(string)
  default     = {}
}

variable "governed_regions" {
  description = "Regions the account is governed in, home region (the provider's) included. The baseline applies the regional guardrails (EBS default encryption, GuardDuty, IAM Access Analyzer) to the home region; the caller adds one regional-guardrails module call per other region with an aliased provider (see README). Output governed_regions hands exactly this list to the audit."
  type        = list(string)

  validation {
    condition     = length(var.governed_regions) > 0
    error_message = "governed_regions must list at least one region (the home region): an account governed in no region has no regional guardrails to audit."
  }

  validation {
    condition     = alltrue([for r in var.governed_regions : can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[0-9]$", r))])
    error_message = "governed_regions entries must be AWS region names such as us-east-1 or eu-west-1: ${join(", ", [for r in var.governed_regions : r if !can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[0-9]$", r))])}."
  }

  validation {
    condition     = length(distinct(var.governed_regions)) == length(var.governed_regions)
    error_message = "governed_regions must not list a region twice."
  }
}

################################################################################
# Feature toggles (one per module)
################################################################################

variable "enable_human_access" {
  description = "iam-human-access: IAM groups per job with MFA enforced, the CIS password policy, the account alias and one IAM user per person."
  type        = bool
  default     = true
}

variable "enable_access_roles" {
  description = "access-roles: MFA-protected IAM roles (admin, developer, read-only, break-glass, partner) and the group policies that let only the allowed groups assume them. Creates nothing while access_roles is empty."
  type        = bool
  default     = true
}

variable "enable_saml_federation" {
  description = "saml-federation (opt-in): an IAM SAML identity provider from saml_metadata_document and the federated roles in saml_roles."
  type        = bool
  default     = false
}

variable "enable_identity_center" {
  description = "identity-center-access (opt-in): IAM Identity Center permission sets and account assignments; needs an Identity Center instance in the provider's account and region (management or delegated administrator account)."
  type        = bool
  default     = false
}

variable "enable_audit_log_storage" {
  description = "audit-log-storage: the KMS key and the encrypted, versioned, access-logged S3 buckets that receive CloudTrail and AWS Config. audit trail and Config recording need it."
  type        = bool
  default     = true
}

variable "enable_audit_trail" {
  description = "audit-trail: the multi-region CloudTrail trail with log file validation, KMS encryption and a CloudWatch Logs group (CIS 3.1, 3.2, 3.5). Needs enable_audit_log_storage."
  type        = bool
  default     = true
}

variable "enable_config_recording" {
  description = "config-recording: the AWS Config recorder (all resources, global ones included), delivery to the audit bucket and the CIS managed rules, in the home region (CIS 3.3). Needs enable_audit_log_storage."
  type        = bool
  default     = true
}

variable "enable_security_alerts" {
  description = "security-alerts: CIS 4.1-4.15 metric filters and alarms on the trail's log group, a KMS-encrypted SNS topic and the IAM policy change EventBridge rule (us-east-1 home region only). Needs enable_audit_trail."
  type        = bool
  default     = true
}

variable "enable_account_guardrails" {
  description = "account-guardrails: S3 account-level Block Public Access, the alternate contacts, the AWS Support role and Security Hub in the home region."
  type        = bool
  default     = true
}

variable "enable_regional_guardrails" {
  description = "regional-guardrails in the home region: EBS encryption by default, GuardDuty and the account IAM Access Analyzer."
  type        = bool
  default     = true
}

variable "enable_network_baseline" {
  description = "network-baseline in the home region: a flow log to a KMS-encrypted CloudWatch Logs group on every VPC (CIS 3.7), default security groups without rules (CIS 5.4) and IMDSv2 required as the EC2 account default (CIS 5.6). Other governed regions: one network-baseline call each (see README)."
  type        = bool
  default     = true
}

################################################################################
# iam-human-access
################################################################################

variable "human_access_groups" {
  description = "IAM groups per job (iam-human-access `groups`); null keeps the module's Administrators, Developers and Auditors; {} with no users keeps only the password policy and the MFA policy (accounts whose people come through Identity Center)."
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
  default = null
}

variable "password_policy" {
  description = "Account password policy overrides (iam-human-access `password_policy`); the defaults meet CIS 1.8 and 1.9 and weaker values are refused."
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
  default = {}
}

variable "account_alias" {
  description = "Account alias shown on the sign-in page; null leaves it unmanaged."
  type        = string
  default     = null
}

variable "users" {
  description = "Dedicated IAM users, one per person, with the groups of their job (iam-human-access `users`)."
  type = map(object({
    groups = list(string)
  }))
  default = {}
}

################################################################################
# access-roles
################################################################################

variable "access_roles" {
  description = "Temporary-access IAM roles keyed by name (access-roles `roles`): kind admin | developer | read-only | break-glass | partner, allowed_group_names (groups that may assume the role), managed_policy_arns, inline_policy_statements, max_session_duration (900 s up to the kind's limit). Human roles always require MFA."
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
}

variable "mfa_max_age_seconds" {
  description = "Maximum age of the MFA authentication (aws:MultiFactorAuthAge) for assuming the access roles and the AWS Support role, 1..43200 s."
  type        = number
  default     = 3600

  validation {
    condition     = var.mfa_max_age_seconds >= 1 && var.mfa_max_age_seconds <= 43200
    error_message = "mfa_max_age_seconds must be between 1 and 43200 (12 h); an older MFA authentication no longer proves the caller is present."
  }
}

################################################################################
# saml-federation
################################################################################

variable "saml_provider_name" {
  description = "Name of the IAM SAML identity provider."
  type        = string
  default     = "corporate-idp"
}

variable "saml_metadata_document" {
  description = "SAML 2.0 metadata XML of the identity provider, e.g. file(\"idp-metadata.xml\"); required when enable_saml_federation is true."
  type        = string
  default     = null

  validation {
    condition = var.saml_metadata_document == null || (
      strcontains(coalesce(var.saml_metadata_document, "-"), "EntityDescriptor") &&
      strcontains(coalesce(var.saml_metadata_document, "-"), "urn:oasis:names:tc:SAML:2.0:metadata") &&
      strcontains(coalesce(var.saml_metadata_document, "-"), "IDPSSODescriptor")
    )
    error_message = "saml_metadata_document is not SAML 2.0 metadata: it must be an EntityDescriptor in the namespace urn:oasis:names:tc:SAML:2.0:metadata containing an IDPSSODescriptor (export it from your identity provider)."
  }
}

variable "saml_roles" {
  description = "Federated roles keyed by name (saml-federation `roles`): kind admin | developer | read-only, managed_policy_arns, inline_policy_statements, max_session_duration (900 s up to the kind's limit)."
  type = map(object({
    kind                     = optional(string, "admin")
    description              = optional(string)
    path                     = optional(string, "/")
    max_session_duration     = optional(number, 3600)
    managed_policy_arns      = optional(list(string), [])
    permissions_boundary_arn = optional(string)
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
}

variable "tag_saml_provider" {
  description = "Apply `tags` to the IAM SAML provider too (its roles are always tagged). Keep true; false exists only for IAM endpoints that drop SAML provider tags (the moto sandbox), where tags would never converge."
  type        = bool
  default     = true
}

################################################################################
# identity-center-access
################################################################################

variable "identity_center_permission_sets" {
  description = "Identity Center permission sets keyed by name (identity-center-access `permission_sets`): session_duration PT1H..PT12H, AWS managed policy ARNs, inline statements."
  type = map(object({
    description         = optional(string)
    session_duration    = optional(string, "PT1H")
    relay_state         = optional(string)
    managed_policy_arns = optional(list(string), [])
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
}

variable "identity_center_account_assignments" {
  description = "Assignments of permission sets to Identity Center groups or users in accounts (identity-center-access `account_assignments`); set key when principal_id is only known after apply."
  type = list(object({
    permission_set = string
    principal_type = string
    principal_id   = string
    account_id     = string
    key            = optional(string)
  }))
  default = []
}

################################################################################
# audit-log-storage and audit-trail
################################################################################

variable "audit_trail_name" {
  description = "Name of the baseline's trail; null (the default) means \"<name_prefix>-trail\". The same name pins the audit bucket's and key's policies (aws:SourceArn) and names the trail, so an existing trail is adopted by passing its name and importing it (a rename is delete + create: CloudTrail stops logging in between)."
  type        = string
  default     = null

  validation {
    condition = var.audit_trail_name == null || (
      can(regex("^[A-Za-z0-9]([._-]?[A-Za-z0-9])+$", var.audit_trail_name)) &&
      length(coalesce(var.audit_trail_name, "-")) >= 3 && length(coalesce(var.audit_trail_name, "-")) <= 128 &&
      !can(regex("^[0-9]+([.][0-9]+){3}$", var.audit_trail_name))
    )
    error_message = "audit_trail_name must be null or a CloudTrail trail name: 3-128 characters of letters, digits, '.', '_' and '-', starting and ending with a letter or digit, no two of '.', '_', '-' side by side, and not an IP address (CloudTrail naming requirements)."
  }
}

variable "log_retention_days" {
  description = "Days CloudTrail and Config log objects are kept in the audit bucket (floor 365)."
  type        = number
  default     = 365

  validation {
    condition     = var.log_retention_days >= 365
    error_message = "log_retention_days must be at least 365: audit logs (CloudTrail, Config) must be kept for a year or more to support incident investigation and common retention requirements (e.g. PCI DSS 10.5.1)."
  }
}

variable "cloudtrail_log_group_retention_days" {
  description = "Retention of the trail's CloudWatch Logs group: 0 (never expire) or a CloudWatch value of at least 365."
  type        = number
  default     = 365

  validation {
    condition     = contains([0, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudtrail_log_group_retention_days)
    error_message = "cloudtrail_log_group_retention_days must be 0 (never expire) or a CloudWatch Logs retention value of at least 365 (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653): audit events must be kept for at least a year."
  }
}

variable "kms_key_deletion_window_in_days" {
  description = "Deletion window (7-30 days) of the KMS keys the baseline creates (audit logs, alert topic)."
  type        = number
  default     = 30
}

variable "auditor_principal_arns" {
  description = "IAM principals that may decrypt the audit logs through S3 (audit-log-storage `auditor_principal_arns`)."
  type        = list(string)
  default     = []
}

variable "force_destroy_log_buckets" {
  description = "Let terraform destroy delete the audit and access-log buckets while they still hold logs. Keep false outside disposable test accounts: audit logs are evidence."
  type        = bool
  default     = false
}

variable "object_lock_enabled" {
  description = "S3 Object Lock (GOVERNANCE mode, log_retention_days) on the audit bucket; set at creation only."
  type        = bool
  default     = false
}

variable "is_organization_trail" {
  description = "Make the trail an AWS Organizations trail (management or delegated administrator account only). Member accounts keep false: their own trail stays, the organization trail is the management account's."
  type        = bool
  default     = false
}

variable "organization_id" {
  description = "AWS Organizations id; set with is_organization_trail so the audit bucket accepts AWSLogs/<organization id>/*."
  type        = string
  default     = null
}

variable "s3_data_events" {
  description = "CloudTrail S3 object-level data events (CIS 3.8/3.9): { enabled, all_buckets, bucket_arns }. Enabling them also adds the Config rule cloudtrail-s3-dataevents-enabled."
  type = object({
    enabled     = bool
    all_buckets = optional(bool, false)
    bucket_arns = optional(list(string), [])
  })
  default = { enabled = false }
}

################################################################################
# config-recording
################################################################################

variable "config_recorder_name" {
  description = "Name of the home region's AWS Config recorder (config-recording `recorder_name`); null (the default) means \"<name_prefix>-recorder\". One recorder per region and the name is ForceNew: to adopt an existing recorder pass its name (e.g. \"default\") and import it; a rename is delete + create and leaves a recording gap."
  type        = string
  default     = null

  validation {
    condition     = var.config_recorder_name == null || can(regex("^[^\\s]{1,256}$", var.config_recorder_name))
    error_message = "config_recorder_name must be null or an AWS Config recorder name: 1-256 characters without whitespace."
  }

  validation {
    condition     = var.config_recorder_name == null || !startswith(coalesce(var.config_recorder_name, "-"), "AWSConfigurationRecorderFor")
    error_message = "config_recorder_name must not start with AWSConfigurationRecorderFor: AWS reserves that prefix for service-linked recorders."
  }
}

variable "config_delivery_channel_name" {
  description = "Name of the home region's AWS Config delivery channel (config-recording `delivery_channel_name`); null (the default) means \"<name_prefix>-delivery\". One channel per region and the name is ForceNew: to adopt an existing channel pass its name (e.g. \"default\") and import it."
  type        = string
  default     = null

  validation {
    condition     = var.config_delivery_channel_name == null || can(regex("^[^\\s]{1,256}$", var.config_delivery_channel_name))
    error_message = "config_delivery_channel_name must be null or an AWS Config delivery channel name: 1-256 characters without whitespace."
  }
}

variable "config_additional_managed_rules" {
  description = "AWS Config managed rules added to the CIS set (config-recording `additional_managed_rules`)."
  type = map(object({
    source_identifier           = string
    input_parameters            = optional(string)
    maximum_execution_frequency = optional(string)
  }))
  default = {}
}

################################################################################
# security-alerts
################################################################################

variable "alert_subscriptions" {
  description = "Subscribers of the security alert topic ({protocol, endpoint}); CIS 4.x requires at least one active subscriber. Email endpoints must be e-mail addresses."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.alert_subscriptions : !contains(["email", "email-json"], s.protocol) || can(regex("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", s.endpoint))])
    error_message = "alert_subscriptions with protocol email or email-json need an e-mail address as endpoint (local@domain.tld): ${join(", ", [for s in var.alert_subscriptions : s.endpoint if contains(["email", "email-json"], s.protocol) && !can(regex("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", s.endpoint))])}."
  }
}

################################################################################
# account-guardrails and regional-guardrails
################################################################################

variable "alternate_contacts" {
  description = "Alternate contacts SECURITY, OPERATIONS and BILLING ({name, title, email_address, phone_number}); all three are required by CIS 1.2 and ACCT-001. Use monitored distribution lists."
  type = map(object({
    name          = string
    title         = string
    email_address = string
    phone_number  = string
  }))
  default = null

  validation {
    condition = var.alternate_contacts == null || (
      length(setsubtract(["SECURITY", "OPERATIONS", "BILLING"], keys(coalesce(var.alternate_contacts, {})))) == 0 &&
      length(setsubtract(keys(coalesce(var.alternate_contacts, {})), ["SECURITY", "OPERATIONS", "BILLING"])) == 0
    )
    error_message = "alternate_contacts must have exactly the keys SECURITY, OPERATIONS and BILLING (CIS 1.2, ACCT-001)."
  }

  validation {
    condition     = alltrue([for type, c in coalesce(var.alternate_contacts, {}) : can(regex("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", c.email_address)) && length(c.email_address) <= 254])
    error_message = "Each alternate contact email_address must be one valid e-mail address (local@domain.tld, at most 254 characters) so AWS security notices reach a person: ${join(", ", [for type, c in coalesce(var.alternate_contacts, {}) : "${type}=${c.email_address}" if !(can(regex("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", c.email_address)) && length(c.email_address) <= 254)])}."
  }
}

variable "support_role_name" {
  description = "Name of the AWS Support role (CIS 1.17)."
  type        = string
  default     = "aws-support"
}

variable "enable_security_hub" {
  description = "Security Hub in the home region (CIS 4.16). false is not compliant; it exists for endpoints without Security Hub."
  type        = bool
  default     = true
}

variable "security_hub_standards" {
  description = "Security Hub standards (<name>/v/<version>); default CIS AWS Foundations v3.0.0 and AWS Foundational Security Best Practices v1.0.0."
  type        = list(string)
  default = [
    "cis-aws-foundations-benchmark/v/3.0.0",
    "aws-foundational-security-best-practices/v/1.0.0",
  ]
}

variable "enable_access_analyzer" {
  description = "The account IAM Access Analyzer in the home region (CIS 1.20), created by regional-guardrails. false is not compliant; it exists for endpoints without Access Analyzer."
  type        = bool
  default     = true
}

variable "access_analyzer_name" {
  description = "Name of the home region's account analyzer (regional-guardrails `access_analyzer_name`); null (the default) means \"<name_prefix>-account-analyzer\". Access Analyzer allows one account analyzer per region and the name is ForceNew: to adopt an existing analyzer pass its name and import it."
  type        = string
  default     = null

  validation {
    condition     = var.access_analyzer_name == null || can(regex("^[A-Za-z][A-Za-z0-9_.-]{0,254}$", var.access_analyzer_name))
    error_message = "access_analyzer_name must be null or start with a letter and contain 1-255 letters, digits and _.- (Access Analyzer rules)."
  }
}

variable "guardduty_finding_publishing_frequency" {
  description = "GuardDuty finding publishing frequency in the home region: FIFTEEN_MINUTES (default), ONE_HOUR or SIX_HOURS. null leaves it to the GuardDuty administrator account: a member account cannot change it (aws_guardduty_detector docs), so an adopted member detector takes null."
  type        = string
  default     = "FIFTEEN_MINUTES"
  nullable    = true

  validation {
    condition     = var.guardduty_finding_publishing_frequency == null ? true : contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.guardduty_finding_publishing_frequency)
    error_message = "guardduty_finding_publishing_frequency must be null (left to the GuardDuty administrator) or FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS (the values GuardDuty accepts)."
  }
}

################################################################################
# network-baseline (home region)
################################################################################

variable "vpc_flow_log_traffic_type" {
  description = "Traffic the VPC flow logs record: ALL (default) or REJECT (the CIS 3.7 minimum)."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "REJECT"], var.vpc_flow_log_traffic_type)
    error_message = "vpc_flow_log_traffic_type must be ALL or REJECT: CIS 3.7 requires flow logs to record at least rejected traffic, so ACCEPT alone is not allowed."
  }
}

variable "vpc_flow_log_retention_days" {
  description = "Retention of the flow-log CloudWatch Logs group: 0 (never expire) or a CloudWatch value of at least 365."
  type        = number
  default     = 365

  validation {
    condition     = contains([0, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.vpc_flow_log_retention_days)
    error_message = "vpc_flow_log_retention_days must be 0 (never expire) or a CloudWatch Logs retention value of at least 365 (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653): network evidence must be kept for at least a year, like the other audit logs."
  }
}

variable "instance_metadata_http_tokens" {
  description = "EC2 account default HttpTokens for new instances in the home region: required (IMDSv2 only, CIS 5.6)."
  type        = string
  default     = "required"

  validation {
    condition     = var.instance_metadata_http_tokens == "required"
    error_message = "instance_metadata_http_tokens must be required: CIS 5.6 requires IMDSv2 (session tokens); optional lets new instances answer IMDSv1 requests, which SSRF flaws turn into credential theft."
  }
}
